#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "preview/core/profile.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/core/status.hpp"
#include "preview/core/status_report.hpp"
#include "preview/render/style.hpp"

namespace preview {

/// The `status -o json` document (design §5 fields). Pieces that could not be read are null and
/// listed under "errors" with the reason.
/// Phase, reason, revision and verdicts come from `report` (the one judgement), never re-judged.
nlohmann::ordered_json status_json(const Snapshot& snapshot, const StatusReport& report,
                                   const Profile& profile);
/// Judges `snapshot` and prints that (tests, and callers without a report at hand).
nlohmann::ordered_json status_json(const Snapshot& snapshot, const Profile& profile);

/// The tone a phase is shown in: ready good, degraded bad, the way there a warning.
Tone phase_tone(Phase phase);

/// The human table: a header with the PR, phase and URL, then one section per piece.
/// The phase line and the revision line print `report`.
std::string render_status_table(const Snapshot& snapshot, const StatusReport& report,
                                const Profile& profile, const TermStyle& style);
std::string render_status_table(const Snapshot& snapshot, const Profile& profile,
                                const TermStyle& style);

}  // namespace preview
