#pragma once

// Which containers' previous logs the checks read (a crash's last words), whichever source
// reads them: one rule for the Kubernetes and the Argo CD API gathers.

#include "preview/core/snapshot.hpp"

namespace preview {

/// The lines of a previous log that are read: the end of a crash.
inline constexpr int kPreviousLogTailLines = 50;

/// A container that crash-loops or has restarted: its previous log says why.
inline bool wants_previous_log(const ContainerStatus& c) {
    return c.reason == "CrashLoopBackOff" || c.restart_count != 0;
}

}  // namespace preview
