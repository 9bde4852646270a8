#include "preview/core/argo_actions.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "preview/core/appset_error.hpp"
#include "preview/core/argo_sync.hpp"
#include "preview/core/shell_quote.hpp"

namespace preview {
namespace {

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

std::string label_command(const PrRef& pr, const std::string& label, bool add) {
    return shell_command({"gh", "pr", "edit", std::to_string(pr.number), "--repo", pr.repo_slug(),
                          add ? "--add-label" : "--remove-label", label});
}

std::string kubectl_annotate_command(std::string_view ns, std::string_view resource,
                                     std::string_view name, std::string_view annotation,
                                     std::string_view value) {
    return shell_command({"kubectl", "-n", ns, "annotate", resource, name,
                          fmt::format("{}={}", annotation, value), "--overwrite"});
}

std::string kubectl_sync_command(std::string_view ns, std::string_view app,
                                 const std::string& revision) {
    return shell_command({"kubectl", "-n", ns, "patch", "application", app, "--type", "merge",
                          "--field-manager=preview", "-p", sync_operation_patch(revision)});
}

std::string argocd_hard_refresh_command(std::string_view app, std::string_view app_namespace) {
    return shell_command(
        {"argocd", "app", "get", app, "--hard-refresh", "--app-namespace", app_namespace});
}

std::string argocd_patch_resource_command(std::string_view app, const ObjectRef& object,
                                          const std::string& annotation, const std::string& value,
                                          std::string_view app_namespace) {
    nlohmann::json patch;
    patch["metadata"]["annotations"][annotation] = value;
    std::vector<std::string> words{"argocd",          "app",
                                   "patch-resource",  std::string(app),
                                   "--kind",          object.kind,
                                   "--resource-name", object.name,
                                   "--namespace",     object.namespace_name};
    if (!object.group.empty()) {
        words.insert(words.end(), {"--group", object.group});
    }
    words.insert(words.end(),
                 {"--patch", patch.dump(), "--patch-type", "application/merge-patch+json",
                  "--app-namespace", std::string(app_namespace)});
    return shell_command(words);
}

std::string webhook_command(const std::string& body, const std::string& url) {
    return shell_command({"curl", "-X", "POST", "-H", "X-GitHub-Event: pull_request", "-H",
                          "Content-Type: application/json", "--data", body, url});
}

std::string appset_refresh_unsent(const std::string& kind_name,
                                  const Observed<std::optional<ApplicationSet>>* appset) {
    return fmt::format(
        "{} cannot be refreshed through the Argo CD API (it has no call for that) and "
        "argocd.appsetWebhook is not set: its generator polls again {}",
        kind_name, next_poll_text(appset));
}

std::string not_in_tree_unsent(const std::string& kind_name, const std::string& command) {
    return fmt::format(
        "{} is in no Application's resource tree, so the Argo CD API cannot change it: needs a "
        "kube context for the workload cluster (pass --context NAME): {}",
        kind_name, command);
}

}  // namespace preview
