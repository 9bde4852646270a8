#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "preview/core/profile.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/core/status.hpp"

/// Following a preview towards a goal (`up`: ready; `down`: gone) one snapshot at a time. Pure:
/// the caller polls, passes the time, and renders the events.
namespace preview {

enum class Goal { ready, gone };

struct FollowOptions {
    std::int64_t timeout_seconds = 900;
    /// How long Degraded may last before `up` gives up (pods restart while secrets sync).
    std::int64_t degraded_grace_seconds = 180;
    /// How long the namespace may stay Terminating before `down` reports what blocks it.
    std::int64_t terminating_grace_seconds = 120;
};

/// A phase the preview entered, and when.
struct PhaseEvent {
    Phase phase = Phase::unknown;
    std::string reason;
    std::int64_t at = 0;  ///< seconds since the follow started
};

enum class FollowOutcome {
    waiting,  ///< poll again
    reached,  ///< the goal is reached
    failed,   ///< a terminal state: waiting will not help
    timed_out,
};

/// What a follow has seen so far.
struct FollowState {
    std::int64_t started = 0;  ///< Unix seconds
    std::vector<PhaseEvent> events;
    std::optional<std::int64_t> degraded_since;
    std::string failure;  ///< why, when failed or timed out
    /// The commit a stale preview ran when the follow first saw it (`up` after a push); empty
    /// when it never ran another commit than the head.
    std::string rolled_from{};
    std::string head_sha{};  ///< the PR head at the last step
};

/// Takes one snapshot into account: records a phase change as an event (returns it), and
/// decides whether to go on. Terminal states for `up`: CI failed, an artifact missing although CI
/// passed, a PR that is closed, and once CI passed a failed seed Job or an Application error;
/// Degraded beyond the grace period. For `down`: a namespace
/// Terminating beyond the grace period, or one that no Application owns any more while it still
/// runs workloads, pods or routes (nothing will remove it).
FollowOutcome follow_step(FollowState& state, const Snapshot& snapshot, const Profile& profile,
                          Goal goal, const FollowOptions& options,
                          std::optional<PhaseEvent>* entered = nullptr);

/// What a follow re-reads on an interval because nothing streams it to us.
struct PollNeeds {
    bool github = false;  ///< the PR or its CI may still change what the follow waits for
    bool url = false;     ///< the phase waits on the preview URL answering
};

/// GitHub is polled while the PR is unreadable, the label is not yet what the goal needs, or (for
/// `up`) a required check is still missing or running; the URL while `up` has everything else
/// and the URL does not answer healthy yet.
PollNeeds poll_needs(const Snapshot& snapshot, const Profile& profile, Goal goal);

}  // namespace preview
