#pragma once

#include <optional>
#include <string>
#include <vector>

#include "preview/core/snapshot.hpp"
#include "preview/gather/follow_watch.hpp"
#include "preview/gather/gather.hpp"

/// Single pieces of the snapshot read alone, for the commands that wait on one kind of object
/// (`refresh`: the ApplicationSet; `bump-route`: the HTTPRoutes). The requests and their
/// classification are the snapshot's: a Kubernetes Status body's reason (401 auth, 403
/// permission, 404 not found), one re-authorisation after a 401 (an expired exec-plugin
/// credential), paging and bounds.
namespace preview {

/// A piece and the resourceVersion a watch of it starts from (empty when the answer had none).
template <class T>
struct VersionedRead {
    Observed<T> value = Snapshot::not_read();
    std::string resource_version;
};

/// The ApplicationSet, through the Argo CD source (its cluster's Kubernetes API, or the API
/// server); std::nullopt when it does not exist. The version is the object's own (none through
/// the API server, which streams no ApplicationSets before Argo CD 3.4).
VersionedRead<std::optional<ApplicationSet>> gather_application_set(const Sources& sources,
                                                                    const Targets& targets);

/// The HTTPRoutes of the preview namespace (workload cluster, every page). The version is the
/// list's.
VersionedRead<std::vector<HttpRoute>> gather_http_routes(const Sources& sources,
                                                         const Targets& targets);

/// The watch that tells a change of what was read: the ApplicationSet by name from its own
/// version, the namespace's HTTPRoutes from the list's. Empty when the read had no version (it
/// failed, or the object does not exist): the caller then polls.
std::vector<WatchPoint> application_set_watch(
    const VersionedRead<std::optional<ApplicationSet>>& read);
std::vector<WatchPoint> http_routes_watch(const VersionedRead<std::vector<HttpRoute>>& read);

}  // namespace preview
