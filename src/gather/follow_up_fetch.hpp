#pragma once

#include "preview/core/snapshot.hpp"
#include "preview/gather/gather.hpp"

namespace preview {

/// The reads the snapshot's symptoms ask for (core/follow_up.hpp decides which): Kyverno's
/// UpdateRequests and the ClusterPolicies of the unfinished ones when generated objects are
/// missing; the store of each failing ExternalSecret. Sends nothing on a healthy snapshot.
void gather_follow_up(const Sources& src, Snapshot& snap);

}  // namespace preview
