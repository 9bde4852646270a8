#pragma once

#include "preview/core/snapshot.hpp"
#include "preview/gather/gather.hpp"

namespace preview {

/// The reads the snapshot's symptoms ask for (core/follow_up.hpp decides which): Kyverno's
/// UpdateRequests and the ClusterPolicies of the unfinished ones when generated objects are
/// missing; the store of each failing ExternalSecret. Sends nothing on a healthy snapshot.
/// `route_claims_only`: only the cluster's HTTPRoutes, when the symptoms ask for them.
void gather_follow_up(const Sources& src, Snapshot& snap, bool route_claims_only = false);

}  // namespace preview
