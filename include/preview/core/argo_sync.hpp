#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "preview/core/snapshot.hpp"

/// What an Application's sync state says beyond Synced/Healthy (failure-modes.md §C): the
/// auto-sync lockout after a failed sync (C1), a cached manifest error (C3), drift that only
/// server-defaulted fields cause (C4), Progressing only because of an HTTPRoute (C5), a resource
/// shared with another Application (C6) and a destination cluster that is gone (C7). Pure.
namespace preview {

/// The revision automated sync gave up on (C1): the SyncError `Failed sync attempt to <rev>:
/// ...`, or a Failed/Error sync operation whose message ends `(retried N times).`. nullopt when
/// the Application is not locked out, a sync is already requested (status.operation set), or the
/// revision is not one (only letters, digits and `._-/:@+`, at most 256 characters): it goes
/// back to the server in the sync patch and into a printed command.
std::optional<std::string> lockout_revision(const Application& app);

/// The message of the failed sync, from the SyncError condition or the operation.
std::string failed_sync_message(const Application& app);

/// The ComparisonError `Manifest generation error (cached)` (C3), or nullptr.
const Condition* cached_manifest_error(const Application& app);

/// OutOfSync only through fields the API server defaults under ServerSideApply (C4): the last
/// sync to the current revision succeeded, the Application is Healthy, and every OutOfSync
/// resource is an HTTPRoute or ExternalSecret. Not a reason to wait.
bool cosmetic_drift(const Application& app);

/// The HTTPRoute whose missing status alone keeps the Application Progressing (C5), or empty.
std::string progressing_only_for_route(const Application& app);

/// The destination cluster Argo CD no longer has (C7): its name from `there are no clusters with
/// this name: X` or `cluster "X" not found`, or the destination when only `Unable to delete
/// application resources` says so; nullopt when no message says the cluster is gone.
std::optional<std::string> missing_cluster(const Application& app);

/// Why the sync could not write into the namespace: "not found" (`namespaces "<ns>" not
/// found`) or "terminating" (`... because it is being terminated`); empty when neither.
std::string namespace_sync_failure(const Application& app, std::string_view ns);

/// True when spec.syncPolicy.syncOptions has CreateNamespace=true.
bool creates_namespace(const Application& app);

/// The merge patch that starts a sync of `revision` (design §4):
/// {"operation":{"initiatedBy":{"username":"preview"},"sync":{"revision":"<revision>"}}}.
std::string sync_operation_patch(const std::string& revision);

}  // namespace preview
