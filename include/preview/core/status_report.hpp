#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/profile.hpp"
#include "preview/core/revision.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/core/status.hpp"
#include "preview/core/timeline.hpp"

/// The one judgement of a preview (design §4, last paragraph): computed once from a snapshot and
/// printed by every renderer of `status`, `list`, `doctor` and the follow of `up`/`down`, so the
/// same facts never give different phases, verdicts or reasons. Pure.
namespace preview {

/// What is known about one piece (the PR, the Applications, the namespace, ...).
enum class PieceState {
    ok,            ///< read, and as it should be
    pending,       ///< read, and still on its way (building, syncing, starting)
    failing,       ///< read, and broken
    absent,        ///< read, and not there
    unknown,       ///< could not be read: never "absent"
    not_gathered,  ///< this command did not look (e.g. `list` reads no routes)
};

/// "ok", "pending", "failing", "absent", "unknown", "not-gathered".
std::string_view piece_state_name(PieceState state);

struct PieceVerdict {
    std::string piece;  ///< the status JSON key: "pr", "applications", "namespace", ...
    PieceState state = PieceState::unknown;
    std::string note;  ///< for unknown: why it could not be read; else a short fact
};

/// How much the caller knows about the PR when its object is not in the snapshot: `list` reads
/// the open PRs with the label, so a number missing there is "not open with the label".
enum class PrStanding {
    from_snapshot,  ///< judge snapshot.pr (status, doctor, up, down)
    not_listed,     ///< not among the open PRs carrying the label (closed, merged or unlabelled)
};

struct StatusReport {
    Phase phase = Phase::unknown;
    std::string reason;  ///< one sentence: why the phase is not further along
    /// A step failed and waiting does not advance the phase (a required CI check failed): shown
    /// with a failure mark although the phase itself (building) is in progress.
    bool failed = false;
    RevisionJudgement revision;
    std::vector<PieceVerdict> verdicts;  ///< one per piece the snapshot has, in design §5 order
    /// Pieces that could not be read, with why; a phase that depends on one is `unknown`.
    std::vector<PieceVerdict> unknowns;
    /// Two sources that cannot both be right (no Application, yet the preview serves), and the
    /// misconfiguration that likely explains it; empty when the sources agree.
    std::string contradiction;
    /// Where the minutes went, from the objects' own timestamps (as `status` sees it).
    Timeline timeline;

    bool ready() const { return phase == Phase::ready; }
    /// revision.verdict is stale or rolling: something other than the PR head serves.
    bool stale() const;
};

/// The judgement of one snapshot.
StatusReport status_report_of(const Snapshot& snapshot, const Profile& profile,
                              PrStanding standing = PrStanding::from_snapshot);

/// True when the piece was not gathered by this command (as opposed to failing to be read).
bool not_gathered(const Error& error);

}  // namespace preview
