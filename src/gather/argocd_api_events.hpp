#pragma once

// The events of workloads short of pods through the Argo CD API (design §8, reference §1.2
// "Events"): the API lists no namespace events, only one object's, and only for an object of an
// Application's resource tree. So one call per object that can say why pods are missing (a
// ReplicaSet's FailedCreate: quota, admission webhooks), at most kMaxEventReads per gather, in
// the round after the trees; the snapshot says which objects they cover.

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gather/fetch_rounds.hpp"

#include "preview/api/argocd_tree_json.hpp"
#include "preview/core/profile.hpp"
#include "preview/core/result.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/io/argocd_endpoint.hpp"

namespace preview {

/// Event calls one gather makes at most: flat in the number of pods and of workloads.
inline constexpr std::size_t kMaxEventReads = 6;

/// Events kept of one object's list (a hostile server may send any number).
inline constexpr std::size_t kMaxEventsPerObject = 100;

/// The nodes of one resource tree (those in the preview namespace) whose events say why a
/// workload is short of pods: every ReplicaSet and StatefulSet Argo CD does not call Healthy
/// (its health is Progressing while fewer pods are available than desired, Degraded on a
/// ReplicaFailure), and a Deployment that is not Healthy and has no ReplicaSet in the tree (its
/// events are then the only ones). Not: nodes without a uid (managed but missing from the
/// cluster; the API finds an object's events by its uid), Suspended ones, nodes without health.
/// Degraded before Progressing, then by kind and name.
std::vector<TreeNode> short_of_pods(const std::vector<TreeNode>& nodes);

/// The events read, by object; shared by the tree handlers of one gather.
struct ApiEvents {
    std::vector<std::string> asked;                          ///< "Kind/name", as asked
    std::map<std::string, Result<std::vector<Event>>> read;  ///< "Kind/name" -> its events
    std::map<std::string, std::string> unread;               ///< "Kind/name" -> why not
};

/// Schedules one `GET /api/v1/applications/{app}/events?resourceNamespace=&resourceName=
/// &resourceUID=&appNamespace=` per node short_of_pods() picks from `tree` (the nodes of `app`'s
/// tree in the preview namespace), within kMaxEventReads over the whole gather; what the limit
/// leaves out, or what has a name or uid no query may carry, lands in `unread` with why.
void add_event_reads(FetchRounds& next, const ArgocdEndpoint& endpoint, const Targets& targets,
                     const std::string& app, const std::vector<TreeNode>& tree,
                     const std::shared_ptr<ApiEvents>& state);

/// After the reads: the Warning events read into `snap.events`, and in `snap.sources` which
/// objects they cover (never the namespace). Nothing asked: the events stay not gathered, as
/// the API lists no namespace events; every call failed: the first failure is the piece's
/// error.
void fill_api_events(const ApiEvents& state, Snapshot& snap);

}  // namespace preview
