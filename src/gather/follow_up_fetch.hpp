#pragma once

#include "preview/core/snapshot.hpp"
#include "preview/gather/gather.hpp"

namespace preview {

class FetchRounds;

/// The reads the namespace's symptoms ask for (core/follow_up.hpp decides which): Kyverno's
/// UpdateRequests and the ClusterPolicies of the unfinished ones when generated objects are
/// missing; the store of each failing ExternalSecret. Nothing on a healthy namespace. They need
/// only snap's namespace, ExternalSecrets, Jobs and Warning events (what missing_generated and
/// failing_stores read), so gathering adds them the moment those four have answered.
void add_namespace_follow_ups(FetchRounds& rounds, const Sources& src, Snapshot& snap);

/// The reads that need the whole snapshot, run after it: the cluster's HTTPRoutes when the
/// symptoms ask for them (route_claims_to_read); with `namespace_ones`, also those of
/// add_namespace_follow_ups (when they were not added as their answers came).
void gather_follow_up(const Sources& src, Snapshot& snap, bool namespace_ones);

}  // namespace preview
