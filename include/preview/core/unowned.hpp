#pragma once

#include <optional>
#include <string>
#include <vector>

#include "preview/core/snapshot.hpp"

/// A namespace that still runs things although no Application owns it any more: Argo CD did not
/// prune (the parent was deleted without its resources finalizer, or by hand), so nothing will
/// remove it, and the Kyverno sweep deletes only empty namespaces. Shared by `doctor` (pr-open)
/// and `down`'s follow, as `list` reports the same namespace as an orphan. Pure.
namespace preview {

struct UnownedNamespace {
    std::string counts;                 ///< "3 Deployments, 4 pods and 2 HTTPRoutes"
    std::vector<std::string> evidence;  ///< one line per kind, naming the objects
};

/// The live (not deleting) workloads, pods and routes of an Active namespace whose Applications
/// were read and are all gone; nullopt when there are none, or any of it could not be read.
std::optional<UnownedNamespace> unowned_namespace(const Snapshot& snapshot);

}  // namespace preview
