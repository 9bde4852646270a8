#include "gather/argocd_api_changes.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gather/argocd_api_fetch.hpp"
#include "gather/kube_change.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "preview/api/api_errors.hpp"
#include "preview/core/argo_actions.hpp"
#include "preview/io/hmac.hpp"
#include "preview/io/url.hpp"

namespace preview {
namespace {

Error api_failure(const HttpOutcome& o, const std::string& what, std::string_view action) {
    if (!o.ok()) {
        return argocd_failure(o, what);
    }
    Error e = classify_argocd_error(o->status, o->body, what, /*missing_or_denied=*/true);
    if (e.reason == "Forbidden") {
        e.hint = fmt::format(
            "check the name, and that your Argo CD role may {} Applications in its project "
            "(RBAC: applications, {})",
            action, action);
    }
    return e;
}

// One call of the API on the Application `app` (in `app_namespace`, its appNamespace) for
// `intent`; for a sync, the revision sent (empty: spec.source.targetRevision).
struct ApiCall {
    Intent intent;
    std::string app;
    std::string app_namespace;
    std::string revision;
};

std::string action_path(const ApiCall& c, std::string_view tail) {
    return "/api/v1/applications/" + url_escape(c.app) + std::string(tail);
}

Fetch sync_fetch(const ArgocdEndpoint& ep, const ApiCall& c, Status& out) {
    HttpRequest r = ep.request("POST", action_path(c, "/sync"));
    nlohmann::json body{{"name", c.app}, {"appNamespace", c.app_namespace}, {"prune", false}};
    if (!c.revision.empty()) {
        body["revision"] =
            c.revision;  // empty: spec.source.targetRevision (api_sync_revision decided)
    }
    r.body = body.dump();
    r.max_attempts = 1;
    const std::string what =
        fmt::format("start a sync of {} through the Argo CD API", kind_name(c.intent));
    return Fetch{std::move(r), [&out, what](const HttpOutcome& o, FetchRounds&) {
                     out = o.ok() && o->status == 200 ? ok_status()
                                                      : Status(api_failure(o, what, "sync"));
                 }};
}

Fetch refresh_fetch(const ArgocdEndpoint& ep, const ApiCall& c, Status& out) {
    HttpRequest r = ep.request(
        "GET",
        with_query(action_path(c, ""), {{"refresh", "hard"}, {"appNamespace", c.app_namespace}}));
    // The server answers only once the controller has reconciled, and sets no deadline of its
    // own: ask for one shorter than ours, so its answer (not our timeout) ends the request.
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(r.timeout).count();
    r.headers.emplace_back("Grpc-Timeout", fmt::format("{}S", seconds > 6 ? seconds - 5 : 1));
    r.max_attempts = 1;
    const std::string what =
        fmt::format("hard-refresh {} through the Argo CD API", kind_name(c.intent));
    return Fetch{
        std::move(r), [&out, what](const HttpOutcome& o, FetchRounds&) {
            // The annotation is set before the server waits: a deadline it reports
            // still leaves the refresh under way.
            const bool deadline =
                o.ok() &&
                (o->status == 504 ||
                 (o->status == 500 && o->body.find("deadline exceeded") != std::string::npos));
            out = o.ok() && (o->status == 200 || deadline) ? ok_status()
                                                           : Status(api_failure(o, what, "get"));
        }};
}

// The annotation as a merge patch of the live object, through the Application whose tree holds
// it (Argo CD addresses only tree objects; the body is the patch as a JSON string).
Fetch patch_fetch(const ArgocdEndpoint& ep, const ApiCall& c, Status& out) {
    std::vector<std::pair<std::string, std::string>> query{
        {"namespace", c.intent.object.namespace_name}, {"resourceName", c.intent.object.name},
        {"version", c.intent.object.version},          {"kind", c.intent.object.kind},
        {"patchType", "application/merge-patch+json"}, {"appNamespace", c.app_namespace}};
    if (!c.intent.object.group.empty()) {
        query.emplace_back("group", c.intent.object.group);
    }
    HttpRequest r = ep.request("POST", with_query(action_path(c, "/resource"), query));
    nlohmann::json patch;
    patch["metadata"]["annotations"][c.intent.annotation] = c.intent.value;
    r.body = nlohmann::json(patch.dump()).dump();
    r.max_attempts = 1;
    const std::string what = fmt::format("annotate {} through the Argo CD API (Application {})",
                                         kind_name(c.intent), c.app);
    return Fetch{std::move(r), [&out, what](const HttpOutcome& o, FetchRounds&) {
                     out = o.ok() && o->status == 200 ? ok_status()
                                                      : Status(api_failure(o, what, "update"));
                 }};
}

Fetch webhook_fetch(const AppsetWebhookOptions& webhook, const std::string& url,
                    const std::string& event, Status& out) {
    HttpRequest r;
    r.method = "POST";
    r.url = url;
    r.body = event;
    r.headers.emplace_back("X-GitHub-Event", "pull_request");
    r.headers.emplace_back("Content-Type", "application/json");
    if (!webhook.secret.empty()) {
        // Only the signature travels, never the secret.
        r.headers.emplace_back("X-Hub-Signature-256",
                               "sha256=" + hmac_sha256_hex(webhook.secret, r.body));
    }
    r.tls = webhook.tls;
    r.timeout = webhook.timeout;
    const std::string what = "send the pull_request event to the ApplicationSet webhook";
    return Fetch{std::move(r), [&out, what](const HttpOutcome& o, FetchRounds&) {
                     if (!o.ok()) {
                         out = argocd_failure(o, what);
                     } else if (o->status / 100 == 2) {
                         out = ok_status();
                     } else {
                         out = classify_appset_webhook_error(o->status, o->body);
                     }
                 }};
}

Fetch api_fetch(const ArgocdEndpoint& ep, const ApiCall& c, Status& out) {
    switch (c.intent.kind) {
        case IntentKind::sync_application:
            return sync_fetch(ep, c, out);
        case IntentKind::hard_refresh_application:
            return refresh_fetch(ep, c, out);
        default:
            return patch_fetch(ep, c, out);
    }
}

// An Argo CD API call on the Application `app` in `app_namespace`, and its argocd command.
Change api_form(const ArgocdEndpoint& server, const Intent& intent, std::string app,
                std::string app_namespace) {
    ApiCall call{intent, std::move(app), std::move(app_namespace), {}};
    Change change;
    change.intent = intent;
    switch (intent.kind) {
        case IntentKind::sync_application:
            call.revision = api_sync_revision(intent.revision, intent.target_revision);
            change.command = argocd_sync_command(call.app, intent.revision, intent.target_revision,
                                                 call.app_namespace);
            break;
        case IntentKind::hard_refresh_application:
            change.command = argocd_hard_refresh_command(call.app, call.app_namespace);
            break;
        default:
            change.command = argocd_patch_resource_command(
                call.app, intent.object, intent.annotation, intent.value, call.app_namespace);
            break;
    }
    change.request = [&server, call = std::move(call)](Status& out) {
        return api_fetch(server, call, out);
    };
    return change;
}

// The ApplicationSet refresh the API has no call for: a pull_request event for the PR to the
// controller's webhook, which re-polls every ApplicationSet whose generator names the repo.
Change webhook_form(const AppsetWebhookOptions& webhook, const Intent& intent,
                    const ChangeRoute& how, const PrRef& pr) {
    Change change;
    change.intent = intent;
    std::string event = pull_request_event(pr, how.github_api_url);
    change.command = webhook_command(event, how.appset_webhook);
    change.via = fmt::format("a pull_request event for #{} to its controller's webhook", pr.number);
    change.observable = false;
    change.request = [&webhook, url = how.appset_webhook, event = std::move(event)](Status& out) {
        return webhook_fetch(webhook, url, event, out);
    };
    return change;
}

}  // namespace

void route_through_api(const ApiCarriers& via, const Intent& intent, const ChangeRoute& how,
                       const PrRef& pr, const Observed<std::optional<ApplicationSet>>* appset,
                       RoutedChanges& out) {
    const std::string name = kind_name(intent);
    if (intent.kind == IntentKind::annotate) {
        // No kube context reaches the workload cluster (else it would carry this): through the
        // Application whose resource tree holds the object, when one does.
        const auto app = how.tree_apps.find(intent.object.kind + "/" + intent.object.name);
        if (app == how.tree_apps.end() || intent.object.kind.empty()) {
            out.unsent.push_back(not_in_tree_unsent(name, kubectl_form(intent)));
        } else {
            out.changes.push_back(api_form(via.server, intent, app->second, how.argocd_namespace));
        }
        return;
    }
    if (via.cluster.ok()) {
        out.changes.push_back(kube_form(intent, via.cluster));
        return;
    }
    switch (intent.kind) {
        case IntentKind::sync_application:
        case IntentKind::hard_refresh_application:
            out.changes.push_back(
                api_form(via.server, intent, intent.object.name, intent.object.namespace_name));
            break;
        case IntentKind::refresh_application_set:
            if (how.appset_webhook.empty()) {
                out.unsent.push_back(appset_refresh_unsent(name, appset));
            } else {
                out.changes.push_back(webhook_form(via.webhook, intent, how, pr));
            }
            break;
        default:
            out.changes.push_back(kube_form(intent, via.cluster));
            break;
    }
}

}  // namespace preview
