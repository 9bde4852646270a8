#include "preview/core/argo_actions.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "preview/core/appset_error.hpp"
#include "preview/core/shell_quote.hpp"

namespace preview {
namespace {

constexpr std::string_view kAppSetRefresh = "argocd.argoproj.io/application-set-refresh";
constexpr std::string_view kAppRefresh = "argocd.argoproj.io/refresh";

// "scheme://host[:port]" of a URL, or "" when it has none.
std::string origin_of(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) {
        return {};
    }
    const auto end = url.find_first_of("/?#", scheme + 3);
    return std::string(url.substr(0, end));
}

// What github.com serves pages from for an API base: api.github.com -> github.com; an
// Enterprise server's API lives under /api/v3 of its own origin.
std::string html_origin(std::string_view github_api_url) {
    const std::string origin = origin_of(github_api_url);
    return origin == "https://api.github.com" ? std::string("https://github.com") : origin;
}

// The name of the Application a Kubernetes path addresses (its last segment).
std::string last_segment(const KubePath& path) {
    const auto& s = path.str();
    return s.substr(s.rfind('/') + 1);
}

Mutation api_sync(const Mutation& m, std::string_view ns) {
    Mutation out = m;
    out.kind = MutationKind::api_sync;
    out.app_name = last_segment(m.api_path);
    out.app_namespace = ns;
    out.revision = api_sync_revision(m.revision, m.target_revision);
    out.command =
        argocd_sync_command(out.app_name, out.revision, m.target_revision, out.app_namespace);
    return out;
}

Mutation api_refresh(const Mutation& m, std::string_view ns) {
    Mutation out = m;
    out.kind = MutationKind::api_refresh;
    out.app_name = last_segment(m.api_path);
    out.app_namespace = ns;
    out.command = shell_command(
        {"argocd", "app", "get", out.app_name, "--hard-refresh", "--app-namespace", ns});
    return out;
}

Mutation webhook_event(const Mutation& m, const ArgoActionRoute& route, const PrRef& pr) {
    Mutation out = m;
    out.kind = MutationKind::appset_webhook;
    out.url = route.appset_webhook;
    out.body = pull_request_event(pr, route.github_api_url);
    // The signature is left out: it would need the secret on the command line.
    out.command = shell_command({"curl", "-X", "POST", "-H", "X-GitHub-Event: pull_request", "-H",
                                 "Content-Type: application/json", "--data", out.body, out.url});
    return out;
}

// `argocd app patch-resource`, as a person would paste it: the patch as one quoted JSON text.
std::string patch_resource_command(const Mutation& m) {
    nlohmann::json patch;
    patch["metadata"]["annotations"][m.annotation] = m.value;
    std::vector<std::string> words{"argocd",          "app",
                                   "patch-resource",  m.app_name,
                                   "--kind",          m.object.kind,
                                   "--resource-name", m.object.name,
                                   "--namespace",     m.object.namespace_name};
    if (!m.object.group.empty()) {
        words.insert(words.end(), {"--group", m.object.group});
    }
    words.insert(words.end(), {"--patch", patch.dump(), "--patch-type",
                               "application/merge-patch+json", "--app-namespace", m.app_namespace});
    return shell_command(words);
}

Mutation api_patch_resource(const Mutation& m, const std::string& app, std::string_view ns) {
    Mutation out = m;
    out.kind = MutationKind::api_patch_resource;
    out.app_name = app;
    out.app_namespace = ns;
    out.command = patch_resource_command(out);
    return out;
}

// The Argo CD namespace of a Kubernetes object path "/apis/g/v/namespaces/NS/plural/name".
std::string namespace_of(const KubePath& path) {
    const std::string& s = path.str();
    const std::string marker = "/namespaces/";
    const auto at = s.find(marker);
    if (at == std::string::npos) {
        return {};
    }
    const auto start = at + marker.size();
    return s.substr(start, s.find('/', start) - start);
}

}  // namespace

std::string api_sync_revision(const std::string& revision, const std::string& target_revision) {
    const std::string allowed = target_revision.empty() ? "HEAD" : target_revision;
    return revision == allowed ? revision : std::string();
}

std::string argocd_sync_command(const std::string& app, const std::string& revision,
                                const std::string& target_revision,
                                const std::string& app_namespace) {
    std::vector<std::string> words{"argocd", "app", "sync", app};
    if (const auto sent = api_sync_revision(revision, target_revision); !sent.empty()) {
        words.emplace_back("--revision");
        words.push_back(sent);
    }
    words.emplace_back("--app-namespace");
    words.push_back(app_namespace);
    return shell_command(words);
}

std::string next_poll_text(const Observed<std::optional<ApplicationSet>>* appset) {
    if (appset == nullptr) {
        return fmt::format(
            "within its requeueAfterSeconds ({} s unless the ApplicationSet sets "
            "another)",
            kDefaultPullRequestRequeue);
    }
    if (appset->ok() && appset->value().has_value()) {
        const ApplicationSet& set = *appset->value();
        return set.requeue_after_seconds > 0
                   ? fmt::format("within {} s (its requeueAfterSeconds)", appset_poll_seconds(set))
                   : fmt::format("within {} s (Argo CD's default requeueAfterSeconds)",
                                 kDefaultPullRequestRequeue);
    }
    return fmt::format(
        "within its requeueAfterSeconds ({} s unless it sets another; the "
        "ApplicationSet could not be read)",
        kDefaultPullRequestRequeue);
}

std::string pull_request_event(const PrRef& pr, std::string_view github_api_url) {
    std::string api(github_api_url);
    while (!api.empty() && api.back() == '/') {
        api.pop_back();
    }
    const std::string html = fmt::format("{}/{}/{}", html_origin(api), pr.owner, pr.repo);
    const nlohmann::json event = {
        {"action", "synchronize"},
        {"number", pr.number},
        {"pull_request",
         {{"number", pr.number}, {"html_url", fmt::format("{}/pull/{}", html, pr.number)}}},
        {"repository",
         {{"name", pr.repo},
          {"full_name", pr.repo_slug()},
          {"owner", {{"login", pr.owner}}},
          {"html_url", html},
          {"url", fmt::format("{}/repos/{}/{}", api, pr.owner, pr.repo)}}},
        {"sender", {{"login", "preview"}}}};
    return event.dump();
}

Result<std::string> appset_webhook_url(std::string_view url) {
    const auto bad = [&](std::string_view why) {
        return Error(ErrorKind::config, fmt::format("argocd.appsetWebhook {:?} {}", url, why),
                     "name the ApplicationSet controller's webhook, e.g. "
                     "https://appset-webhook.example.com/api/webhook");
    };
    const bool plain = url.starts_with("http://");
    if (!url.starts_with("https://") && !plain) {
        return bad("is not an https:// URL");
    }
    if (std::any_of(url.begin(), url.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u <= 0x20U || u == 0x7FU;
        })) {
        return bad("contains whitespace or a control character");
    }
    const std::string origin = origin_of(url);
    const std::string authority = origin.substr(origin.find("://") + 3);
    if (authority.empty() || authority.find('@') != std::string::npos) {
        return bad("must name a host and no user info");
    }
    if (plain) {
        // The event is signed, not secret, but a signed event sent in the clear can be replayed:
        // plain HTTP only where it never leaves this machine (a port-forward).
        const std::string host = authority.starts_with("[")
                                     ? authority.substr(0, authority.find(']') + 1)
                                     : authority.substr(0, authority.find(':'));
        if (host != "127.0.0.1" && host != "localhost" && host != "[::1]") {
            return bad(
                "is plain http:// to another machine; use https:// (http:// only to "
                "127.0.0.1, localhost or [::1], e.g. a kubectl port-forward)");
        }
    }
    return std::string(url);
}

RoutedChanges route_changes(std::vector<Mutation> changes, const ArgoActionRoute& route,
                            const PrRef& pr,
                            const Observed<std::optional<ApplicationSet>>* appset) {
    RoutedChanges out;
    for (auto& m : changes) {
        if (route.workload_api && m.cluster == Cluster::workload &&
            m.kind == MutationKind::annotate) {
            const auto app = route.tree_apps.find(m.object.kind + "/" + m.object.name);
            if (app == route.tree_apps.end() || m.object.kind.empty()) {
                out.unsent.push_back(fmt::format(
                    "{} is in no Application's resource tree, so the Argo CD API cannot change "
                    "it: needs a kube context for the workload cluster (pass --context NAME): {}",
                    m.kind_name, m.command));
            } else {
                out.changes.push_back(api_patch_resource(m, app->second, route.argocd_namespace));
            }
            continue;
        }
        const bool argo = m.cluster == Cluster::argocd &&
                          (m.kind == MutationKind::annotate || m.kind == MutationKind::sync);
        if (!route.api_server || !argo) {
            out.changes.push_back(std::move(m));
            continue;
        }
        const std::string ns = namespace_of(m.api_path);
        if (m.kind == MutationKind::sync) {
            out.changes.push_back(api_sync(m, ns));
        } else if (m.annotation == kAppRefresh) {
            out.changes.push_back(api_refresh(m, ns));
        } else if (m.annotation == kAppSetRefresh && !route.appset_webhook.empty()) {
            out.changes.push_back(webhook_event(m, route, pr));
        } else if (m.annotation == kAppSetRefresh) {
            out.unsent.push_back(fmt::format(
                "{} cannot be refreshed through the Argo CD API (it has no call for that) and "
                "argocd.appsetWebhook is not set: its generator polls again {}",
                m.kind_name, next_poll_text(appset)));
        } else {
            out.changes.push_back(std::move(m));  // no other Argo CD annotation is planned
        }
    }
    return out;
}

}  // namespace preview
