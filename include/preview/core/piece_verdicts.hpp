#pragma once

#include <vector>

#include "preview/core/profile.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/core/status_report.hpp"

namespace preview {

/// One verdict per piece of the snapshot, in the order of the status JSON (design §5): what was
/// read and how it stands, what could not be read and why, what was not gathered at all.
std::vector<PieceVerdict> piece_verdicts(const Snapshot& snapshot, const Profile& profile);

}  // namespace preview
