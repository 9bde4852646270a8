#pragma once

// The workload namespace through the Argo CD API (design §8), for a user without a kube context
// for the workload cluster: each Application's resource tree, then the live objects the tree
// does not vouch for. It fills the same snapshot fields the Kubernetes reads fill; what the API
// cannot show (the Namespace, objects Argo CD does not manage) is marked not gathered, with the
// access that would show it.

#include <memory>
#include <string_view>

#include "gather/fetch_rounds.hpp"

#include "preview/core/profile.hpp"
#include "preview/core/result.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/gather/object_reads.hpp"
#include "preview/io/argocd_endpoint.hpp"

namespace preview {

/// Why a piece the Argo CD API cannot show was not gathered (the namespace, its events, objects
/// Argo CD does not manage): the access that would show it.
inline constexpr std::string_view kNeedsWorkloadContext =
    "needs a kube context for the workload cluster";

/// Live reads one gather makes at most: the tree's answer stays flat in the number of pods.
inline constexpr int kMaxLiveReads = 16;

struct ApiWorkload;

/// The reads' shared state, from the Application lists to fill_api_workload(). With
/// `previous_logs`, a crash-looping container's previous log is read too (`/logs?previous=true`).
std::shared_ptr<ApiWorkload> make_api_workload(bool previous_logs);

/// The same reads for `bump-route`: the trees, and the live object of each HTTPRoute they show;
/// no events, logs or Services.
std::shared_ptr<ApiWorkload> make_api_route_reads();

/// Handles each Application list as it arrives: one resource-tree GET per listed Application
/// deployed to the preview namespace or to no destination namespace (then its manifests say
/// where; only the tree's nodes in the preview namespace count), and as each tree arrives, one
/// `/resource` GET per object it does not show well enough (not Healthy; every HTTPRoute and Job,
/// whose trees lack their status details), at most kMaxLiveReads (previous logs, and the Services
/// an unresolved route names, included); and one events GET per workload short of pods
/// (argocd_api_events.hpp), at most kMaxEventReads.
std::function<void(const Result<std::vector<Application>>&, FetchRounds&)> api_workload_reader(
    const ArgocdEndpoint& endpoint, const Targets& targets,
    const std::shared_ptr<ApiWorkload>& state);

/// After the reads ran: pods, workloads, routes, jobs and ExternalSecrets from the trees and
/// live objects; the Services an unresolved route names (not gathered when one is in no tree:
/// it may exist unmanaged); the events of the workloads short of pods (which objects they cover
/// in `snap.sources`); the namespace as not gathered, with the reason.
void fill_api_workload(const ApiWorkload& state, const Targets& targets, Snapshot& snap);

/// The HTTPRoutes the trees show live (in the preview namespace, with a known version and a
/// valid name), each with the first tree's Application.
std::vector<ApiRouteRef> api_route_refs(const ApiWorkload& state);

}  // namespace preview
