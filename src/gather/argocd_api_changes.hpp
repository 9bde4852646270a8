#pragma once

// How the Argo CD API source carries its changes (design §8): a sync, a hard refresh and a
// workload object's annotation as Argo CD API calls, the ApplicationSet refresh (which the API
// has no call for) as a pull_request event to the ApplicationSet controller's webhook, and every
// Argo CD change through the Argo CD cluster's kube context when one resolved.

#include <optional>

#include "gather/fetch_rounds.hpp"

#include "preview/core/intent.hpp"
#include "preview/core/pr_ref.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/gather/apply.hpp"
#include "preview/gather/gather.hpp"
#include "preview/io/argocd_endpoint.hpp"
#include "preview/io/kubeconfig.hpp"

namespace preview {

/// ArgocdSource::route for the Argo CD API source; `cluster`: its kube context for the Argo CD
/// cluster, or why there is none.
void route_through_api(const Result<KubeEndpoint>& cluster, const Intent& intent,
                       const ChangeRoute& how, const PrRef& pr,
                       const Observed<std::optional<ApplicationSet>>* appset, RoutedChanges& out);

/// ArgocdSource::change for the Argo CD API source. Sent once (never retried): a sync twice is
/// "another operation is already in progress", and a refresh GET that reaches its Grpc-Timeout
/// has still set the annotation.
Fetch api_change(const ArgocdEndpoint& server, const Result<KubeEndpoint>& cluster,
                 const AppsetWebhookOptions& webhook, const Change& c, Status& out);

}  // namespace preview
