#pragma once

#include <cstdint>
#include <vector>

#include "preview/core/diagnosis.hpp"
#include "preview/core/mutation.hpp"
#include "preview/core/snapshot.hpp"

namespace preview {

/// The safe fixes for the findings that offer one (add label, refresh the ApplicationSet, bump
/// HTTPRoutes, force-sync ExternalSecrets), each change once, in checklist order. Pure.
std::vector<Mutation> plan_fixes(const std::vector<Finding>& findings, const Snapshot& snapshot,
                                 std::int64_t now);

}  // namespace preview
