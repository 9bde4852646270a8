#pragma once

#include <map>
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

/// An HTTPRoute as the Argo CD API server shows it: the Application whose resource tree holds
/// it, and the version its tree node names (design §8).
struct ApiRouteRef {
    std::string name;
    std::string app;
    std::string version;
};

/// What `bump-route` reads through the Argo CD API server when no kube context reaches the
/// workload cluster.
struct ApiRoutes {
    Observed<std::vector<Application>> applications = Snapshot::not_read();
    Observed<std::vector<HttpRoute>> routes = Snapshot::not_read();
    std::map<std::string, std::string> tree_apps;  ///< "Kind/name" -> Application (route())
    std::vector<ApiRouteRef> refs;                 ///< the routes the trees show live
};

/// The preview's Applications (as gather_applications reads them), each one's resource tree,
/// and one live-manifest GET per HTTPRoute a tree shows: 2 Application lists (plus a GET per
/// listed Application whose list entry lacks health), one tree GET per Application and one GET
/// per route; not the ApplicationSet. A profile-named route no tree shows leaves the routes not
/// gathered (it may exist unmanaged). Needs `sources.argocd_api`.
ApiRoutes gather_http_routes_through_api(const Sources& src, const Targets& targets);

/// The live objects of `refs` again, one GET each (no version: the API server streams no
/// HTTPRoutes, so the caller polls).
VersionedRead<std::vector<HttpRoute>> reread_http_routes_through_api(
    const Sources& sources, const Targets& targets, const std::vector<ApiRouteRef>& refs);

/// The watch that tells a change of what was read: the ApplicationSet by name from its own
/// version, the namespace's HTTPRoutes from the list's. Empty when the read had no version (it
/// failed, or the object does not exist): the caller then polls.
std::vector<WatchPoint> application_set_watch(
    const VersionedRead<std::optional<ApplicationSet>>& read);
std::vector<WatchPoint> http_routes_watch(const VersionedRead<std::vector<HttpRoute>>& read);

}  // namespace preview
