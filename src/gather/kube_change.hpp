#pragma once

// An intent through Kubernetes: one JSON merge patch of its object (fieldManager=preview), and
// the kubectl command that makes the same change. Both Argo CD sources carry their changes this
// way when a kube context reaches the Argo CD cluster, and the workload annotations go this way
// when one reaches the workload cluster.

#include "gather/fetch_rounds.hpp"

#include "preview/core/intent.hpp"
#include "preview/core/result.hpp"
#include "preview/gather/apply.hpp"
#include "preview/io/kubeconfig.hpp"

namespace preview {

/// `intent` (not a label) as a merge patch through `carrier` (workload_kube or argocd_kube),
/// with its kubectl command.
Change kube_form(const Intent& intent, Carrier carrier);

/// The one request of a kube_form change, writing its result to `out` (a 404 for the object:
/// it does not exist).
Fetch kube_change(const Result<KubeEndpoint>& endpoint, const Intent& intent, Status& out);

}  // namespace preview
