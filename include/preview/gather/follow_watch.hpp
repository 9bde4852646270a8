#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "preview/core/snapshot.hpp"
#include "preview/gather/gather.hpp"

/// What a follow reads between snapshots: Kubernetes watches of what the judgement reads, and
/// the conditional GitHub and URL re-reads for what has no stream.
namespace preview {

/// One watch a follow keeps open, and the resourceVersion it resumes from.
struct WatchPoint {
    /// "applications", "application", "namespace", "pods", ...; "argocd.applications" and
    /// "argocd.application" for the Argo CD API's application stream
    std::string key;
    std::string resource_version;
    /// A watch by name starts from the object as the snapshot read it; if the server's watch
    /// history no longer reaches that version (410), it resumes from this list of the same
    /// cluster instead. Empty when there is nothing to fall back to.
    std::string fallback_version;
};

/// The watches that cover what moves the phase: the preview's Applications by label and its
/// parent and ApplicationSet by name (Argo CD namespace); the Deployments, StatefulSets, pods,
/// Jobs, HTTPRoutes and ExternalSecrets of the preview namespace; the namespace itself by name.
/// A collection's watch starts from its list's resourceVersion. A watch by name starts from the
/// resourceVersion of the object the snapshot read (the GET and a list of the same cluster
/// answer at different moments: a deletion between them is older than the list's version, so a
/// watch from there would never tell it), else, when it was absent, from its cluster's list. Only
/// where the cluster's list was read. With the Argo CD API as the source, its application stream of
/// the children by label and of the parent by name instead of the Argo CD cluster's watches. Empty
/// when nothing was listed.
std::vector<WatchPoint> watch_points(const Snapshot& snapshot);

/// The request of one watch (`?watch=1&allowWatchBookmarks=true&timeoutSeconds=...`; for the
/// Argo CD API `/api/v1/stream/applications`, whose bearer token goes only to that server), or
/// why it cannot be made (no cluster configured).
Result<WatchRequest> watch_request(const Sources& src, const Targets& targets,
                                   const WatchPoint& point, std::chrono::seconds timeout);

/// Reads the PR and its head's check runs again; true when an answer is new (a 200 rather than
/// a 304 answered from the conditional cache), so a fresh snapshot is worth taking.
bool github_changed(const Sources& src, const PrRef& pr, const std::string& head_sha);

/// Probes the preview URL again (as gather_snapshot does).
Observed<UrlProbe> probe_url(const Sources& src, const std::string& url,
                             std::chrono::milliseconds timeout);

}  // namespace preview
