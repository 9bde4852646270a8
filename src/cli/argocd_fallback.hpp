#pragma once

// How open_session falls back to the Argo CD API server (design §8) when no kube context reaches
// Argo CD or the workload cluster, and how it says so. Private to cli/session.cpp.

#include <functional>
#include <string>
#include <string_view>

#include "preview/api/kubeconfig.hpp"
#include "preview/cli/session.hpp"

namespace preview {

/// With no server named and no kube context that reaches Argo CD, the argocd CLI's current
/// context (`argocd login`) is the Argo CD source. True when an API source is set.
bool argocd_api_or_cli_config(Session& session, const AppContext& ctx);

/// With the Argo CD API in use and no kube context for the workload cluster (`why`: none
/// resolves, or there is no kubeconfig), the namespace is read through the API: true, and the
/// session's endpoints say so. A context named with --context stays an error.
bool workload_through_argocd_api(Session& session, const GlobalFlags& flags, const Error& why);

/// The warning that a profile's context (`key`: "cluster.context" or "argocd.context") could not
/// be used and the Argo CD API server is used instead: a name missing from the kubeconfig (with
/// the closest one) or, when `why` is set, why the context in it cannot be used. `name` empty:
/// the kubeconfig's current context was tried.
void warn_profile_context_fallback(const Kubeconfig& kubeconfig, std::string_view key,
                                   const std::string& name, const Error* why,
                                   const Settings& settings, const ArgocdEndpoint& api,
                                   const std::function<void(const std::string&)>& warn);

}  // namespace preview
