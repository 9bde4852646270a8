#include "gather/argocd_api_actions.hpp"

#include <chrono>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "preview/api/api_errors.hpp"
#include "preview/io/hmac.hpp"
#include "preview/io/url.hpp"

namespace preview {
namespace {

Error no_api_server(const std::string& what) {
    return Error(ErrorKind::config,
                 fmt::format("cannot {}: no Argo CD API server is configured", what),
                 "pass --argocd-server (or set argocd.server)");
}

Error transport_failure(const HttpOutcome& o, const std::string& what) {
    Error e = o.error();
    if (e.kind != ErrorKind::interrupted) {
        e.message = fmt::format("cannot {}: {}", what, e.message);
    }
    return e;
}

Error api_failure(const HttpOutcome& o, const std::string& what, std::string_view action) {
    if (!o.ok()) {
        return transport_failure(o, what);
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

std::string app_path(const Mutation& m, std::string_view tail) {
    return "/api/v1/applications/" + url_escape(m.app_name) + std::string(tail);
}

Fetch sync_fetch(const ArgocdEndpoint& ep, const Mutation& m, Status& out) {
    HttpRequest r = ep.request("POST", app_path(m, "/sync"));
    nlohmann::json body{{"name", m.app_name}, {"appNamespace", m.app_namespace}, {"prune", false}};
    if (!m.revision.empty()) {
        body["revision"] = m.revision;  // empty: spec.source.targetRevision (core decided)
    }
    r.body = body.dump();
    r.max_attempts = 1;
    const std::string what = fmt::format("start a sync of {} through the Argo CD API", m.kind_name);
    return Fetch{std::move(r), [&out, what](const HttpOutcome& o, FetchRounds&) {
                     out = o.ok() && o->status == 200 ? ok_status()
                                                      : Status(api_failure(o, what, "sync"));
                 }};
}

Fetch refresh_fetch(const ArgocdEndpoint& ep, const Mutation& m, Status& out) {
    HttpRequest r = ep.request(
        "GET",
        with_query(app_path(m, ""), {{"refresh", "hard"}, {"appNamespace", m.app_namespace}}));
    // The server answers only once the controller has reconciled, and sets no deadline of its
    // own: ask for one shorter than ours, so its answer (not our timeout) ends the request.
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(r.timeout).count();
    r.headers.emplace_back("Grpc-Timeout", fmt::format("{}S", seconds > 6 ? seconds - 5 : 1));
    r.max_attempts = 1;
    const std::string what = fmt::format("hard-refresh {} through the Argo CD API", m.kind_name);
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
Fetch patch_fetch(const ArgocdEndpoint& ep, const Mutation& m, Status& out) {
    std::vector<std::pair<std::string, std::string>> query{
        {"namespace", m.object.namespace_name},
        {"resourceName", m.object.name},
        {"version", m.object.version},
        {"kind", m.object.kind},
        {"patchType", "application/merge-patch+json"},
        {"appNamespace", m.app_namespace}};
    if (!m.object.group.empty()) {
        query.emplace_back("group", m.object.group);
    }
    HttpRequest r = ep.request("POST", with_query(app_path(m, "/resource"), query));
    nlohmann::json patch;
    patch["metadata"]["annotations"][m.annotation] = m.value;
    r.body = nlohmann::json(patch.dump()).dump();
    r.max_attempts = 1;
    const std::string what = fmt::format("annotate {} through the Argo CD API (Application {})",
                                         m.kind_name, m.app_name);
    return Fetch{std::move(r), [&out, what](const HttpOutcome& o, FetchRounds&) {
                     out = o.ok() && o->status == 200 ? ok_status()
                                                      : Status(api_failure(o, what, "update"));
                 }};
}

Fetch webhook_fetch(const Sources& src, const Mutation& m, Status& out) {
    HttpRequest r;
    r.method = "POST";
    r.url = m.url;
    r.body = m.body;
    r.headers.emplace_back("X-GitHub-Event", "pull_request");
    r.headers.emplace_back("Content-Type", "application/json");
    if (!src.appset_webhook_secret.empty()) {
        // Only the signature travels, never the secret.
        r.headers.emplace_back("X-Hub-Signature-256",
                               "sha256=" + hmac_sha256_hex(src.appset_webhook_secret, r.body));
    }
    r.tls = src.public_tls;
    r.timeout = src.timeout;
    const std::string what = "send the pull_request event to the ApplicationSet webhook";
    return Fetch{std::move(r), [&out, what](const HttpOutcome& o, FetchRounds&) {
                     if (!o.ok()) {
                         out = transport_failure(o, what);
                     } else if (o->status / 100 == 2) {
                         out = ok_status();
                     } else {
                         out = classify_appset_webhook_error(o->status, o->body);
                     }
                 }};
}

}  // namespace

Fetch argocd_api_action_fetch(const Sources& src, const Mutation& m, Status& out) {
    if (m.kind == MutationKind::appset_webhook) {
        return webhook_fetch(src, m, out);
    }
    const std::string what = m.kind == MutationKind::api_sync ? "start a sync of " + m.kind_name
                             : m.kind == MutationKind::api_patch_resource
                                 ? "annotate " + m.kind_name
                                 : "hard-refresh " + m.kind_name;
    if (src.argocd_api == nullptr) {
        return Fetch{Result<HttpRequest>(no_api_server(what)),
                     [&out](const HttpOutcome& o, FetchRounds&) { out = o.error(); }};
    }
    switch (m.kind) {
        case MutationKind::api_sync:
            return sync_fetch(*src.argocd_api, m, out);
        case MutationKind::api_patch_resource:
            return patch_fetch(*src.argocd_api, m, out);
        default:
            return refresh_fetch(*src.argocd_api, m, out);
    }
}

}  // namespace preview
