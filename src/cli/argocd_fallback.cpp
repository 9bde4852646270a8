#include "argocd_fallback.hpp"

#include <chrono>
#include <vector>

#include <fmt/format.h>

#include "preview/core/suggest.hpp"
#include "preview/io/argocd_endpoint.hpp"

namespace preview {

// Design §8: with no server named and no kube context that reaches Argo CD, the argocd CLI's
// current context (`argocd login`) is the Argo CD source. True when an API source is set.
bool argocd_api_or_cli_config(Session& session, const AppContext& ctx) {
    if (!session.argocd_api) {
        auto api = argocd_endpoint_from_cli_config(
            ctx.env, session.public_tls,
            std::chrono::seconds(session.settings.request_timeout_seconds));
        if (api.ok() && api->has_value()) {
            session.argocd_api = std::move(**api);
        }
    }
    return session.argocd_api.has_value();
}

// Design §8: with the Argo CD API in use and no kube context for the workload cluster (none
// resolves, or there is no kubeconfig), the namespace is read through the API. A context named
// with --context that does not resolve stays an error: a typo must not switch the source.
bool workload_through_argocd_api(Session& session, const GlobalFlags& flags, const Error& why) {
    if (!session.argocd_api || !flags.context.empty() || why.kind != ErrorKind::config) {
        return false;
    }
    const std::string& server = session.argocd_api->server.base_url;
    session.workload = Error(
        ErrorKind::config,
        fmt::format("no kube context for the workload cluster ({}); its namespace is read through "
                    "the Argo CD API server {}",
                    why.message, server),
        "pass --context NAME (or set cluster.context) for what the Argo CD API cannot show");
    session.argocd = Error(ErrorKind::config,
                           fmt::format("Argo CD is read through its API server {}, and no kube "
                                       "context resolves",
                                       server),
                           "pass --argocd-context for what the Argo CD API cannot do");
    return true;
}

// Design §8 falls back to the Argo CD API when the profile's context cannot be used: a developer
// without the platform team's context still gets an answer. A typo, or a context whose cluster,
// user or credential is broken, looks the same, so the fallback is kept but said, once per
// profile key: the name, the closest context (typo) or why it cannot be used, and the server
// used instead. A kubeconfig that defines no context at all holds nothing to mistype or break:
// the API is plainly the way in, and there is nothing to warn about. `name` empty: the
// kubeconfig's current context was tried. `why` null: the context was not tried (only a name
// missing from the kubeconfig is said).
void warn_profile_context_fallback(const Kubeconfig& kubeconfig, std::string_view key,
                                   const std::string& name, const Error* why,
                                   const Settings& settings, const ArgocdEndpoint& api,
                                   const std::function<void(const std::string&)>& warn) {
    const std::string& tried = name.empty() && why != nullptr ? kubeconfig.current_context : name;
    if (tried.empty() || kubeconfig.contexts.empty()) {
        return;
    }
    const std::string instead = fmt::format("the Argo CD API server {} (from {}) is used instead",
                                            api.server.base_url, api.server.source);
    if (kubeconfig.contexts.count(tried) != 0) {
        if (why == nullptr) {
            return;
        }
        const std::string which =
            name.empty()
                ? fmt::format("the kubeconfig's current context \"{}\"", tried)
                : fmt::format("{} \"{}\" in the profile {}", key, tried, settings.profile.source);
        warn(fmt::format("{} cannot be used ({}); {}", which, why->message, instead));
        return;
    }
    if (name.empty()) {
        return;  // current-context names no context: resolve_endpoint's error says so
    }
    std::vector<std::string_view> names;
    for (const auto& known : kubeconfig.contexts) {
        names.push_back(known.first);
    }
    const auto guess = suggest(name, names);
    std::string files;
    for (const auto& file : kubeconfig.files) {
        files += (files.empty() ? "" : ", ") + file;
    }
    warn(fmt::format("{} \"{}\" in the profile {} is not a context in the kubeconfig{}{}; {}", key,
                     name, settings.profile.source, files.empty() ? "" : " (" + files + ")",
                     guess ? fmt::format(" (did you mean \"{}\"?)", *guess) : std::string(),
                     instead));
}

}  // namespace preview
