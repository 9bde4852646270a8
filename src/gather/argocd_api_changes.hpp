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

/// What the Argo CD API source sends its changes through; the references must outlive every
/// Change routed with them.
struct ApiCarriers {
    const ArgocdEndpoint& server;
    /// Its kube context for the Argo CD cluster, or why there is none.
    const Result<KubeEndpoint>& cluster;
    const AppsetWebhookOptions& webhook;
};

/// ArgocdSource::route for the Argo CD API source. Its calls are sent once (never retried): a
/// sync twice is "another operation is already in progress", and a refresh GET that reaches
/// its Grpc-Timeout has still set the annotation.
void route_through_api(const ApiCarriers& via, const Intent& intent, const ChangeRoute& how,
                       const PrRef& pr, const Observed<std::optional<ApplicationSet>>* appset,
                       RoutedChanges& out);

}  // namespace preview
