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

/// `intent` (not a label) as a merge patch through `endpoint` (the workload cluster's or the
/// Argo CD cluster's; its error, when no context reaches it, is the answer), with its kubectl
/// command. The change refers to `endpoint`, which must outlive it.
Change kube_form(const Intent& intent, const Result<KubeEndpoint>& endpoint);

/// kubectl's command for `intent` alone, for saying what could not be sent.
std::string kubectl_form(const Intent& intent);

}  // namespace preview
