#pragma once

// Private to the doctor checklist: the Argo CD sync causes of failure-modes.md §C and §D2, shared
// by the application and namespace checks.

#include <optional>

#include "checks.hpp"

namespace preview::checks {

/// The application finding for a cause §C names (cluster gone C7, namespace D2/CreateNamespace,
/// auto-sync lockout C1, cached manifest error C3, shared resource C6); nullopt when none applies
/// and the generic judgement stands.
std::optional<Finding> application_sync_cause(const Context& c);

/// The application finding when nothing failed but the Applications are not Synced/Healthy for a
/// reason that is not "still syncing" (cosmetic drift C4, Progressing only for a route C5).
std::optional<Finding> application_settled_cause(const Context& c);

/// The namespace finding when a sync failed on the namespace itself and the namespace is the
/// root (missing without CreateNamespace=true); nullopt otherwise.
std::optional<Finding> namespace_sync_root(const Context& c);

/// The namespace finding for D2: the previous preview's namespace is still terminating and the
/// new preview's sync failed against it; nullopt when no sync failed against it.
std::optional<Finding> namespace_recreated_while_terminating(const Context& c);

}  // namespace preview::checks
