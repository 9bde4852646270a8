#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "preview/core/follow.hpp"
#include "preview/core/pr_ref.hpp"
#include "preview/gather/follow_watch.hpp"
#include "preview/gather/gather.hpp"
#include "preview/io/deadline.hpp"

namespace preview {

/// What a ChangeWatch takes from the command around it: its pauses and Ctrl-C (no clock or
/// signal of its own, so the command decides how a wait is interrupted).
struct ChangeWatchHooks {
    /// The sources as they are now (a re-authorised session hands out new ones).
    std::function<Sources()> sources;
    /// Sleeps `duration`; false at once when the command was interrupted.
    std::function<bool(std::chrono::milliseconds duration)> pause;
    /// True once the command was interrupted.
    std::function<bool()> interrupted;
};

/// The intervals of a ChangeWatch.
struct ChangeWatchTimes {
    /// The wait between snapshots when watches are refused or fail.
    std::chrono::milliseconds poll_interval{2000};
    /// Fixes the GitHub and URL re-read intervals (the tests' PREVIEW_TEST_REREAD_SECONDS).
    std::optional<std::chrono::milliseconds> fixed_reread;
    /// How long silence is trusted (the tests' PREVIEW_TEST_RESYNC_SECONDS).
    std::chrono::milliseconds resync{std::chrono::seconds(300)};
};

/// The network half of how `up`, `down`, `status --watch`, `refresh` and `bump-route` learn that
/// a new snapshot is worth taking (design §9): Kubernetes watches of what the judgement reads
/// (Argo CD's application stream when Argo CD is read through its API server), conditional
/// GitHub re-reads and URL probes on an interval only while they are needed, and plain polling
/// where watches are refused.
class ChangeWatch {
  public:
    /// changed: take a new snapshot. elapsed: nothing changed for kRejudgeAfter; judge the last
    /// snapshot again at the new time (grace periods, the refresh warning), without requests.
    enum class Wake { changed, elapsed, interrupted };

    /// `targets`, `pr` and `deadline` are read on every wait and must outlive the watch.
    ChangeWatch(ChangeWatchHooks hooks, const Targets& targets, const PrRef& pr,
                const CommandDeadline& deadline, ChangeWatchTimes times);

    /// Returns once something after `snapshot` may have changed (or the command's deadline
    /// passed), or at Ctrl-C. `tick` runs about every 200 ms while waiting (a spinner).
    Wake wait(const Snapshot& snapshot, PollNeeds needs, const std::function<void()>& tick);

    /// As above for a command that waits on a few objects of its own instead of a preview's
    /// snapshot: watches `points` (polls when they are empty or refused), nothing re-read on an
    /// interval. After Wake::elapsed, call it again with the same points: it resumes where it
    /// got to.
    Wake wait(const std::vector<WatchPoint>& points, const std::function<void()>& tick);

    /// GitHub answers at most this often while something there is pending (its rate limit).
    static constexpr std::chrono::seconds kGithubInterval{10};
    /// The URL has no stream and its last step (the gateway programming a route it accepted)
    /// raises no Kubernetes event: it is probed soon and then less often, whatever --interval.
    static constexpr std::chrono::seconds kUrlFirst{1};
    static constexpr std::chrono::seconds kUrlLongest{10};
    /// How long one watch request lasts before the server closes it and it is opened again.
    static constexpr std::chrono::seconds kWatchSeconds{60};
    /// The longest a quiet wait lasts: the judgement's own clocks (the 30 s refresh warning,
    /// the Degraded and Terminating grace periods) must move even when nothing streams.
    static constexpr std::chrono::seconds kRejudgeAfter{15};
    /// Silence is trusted only so long: a proxy that buffers watch streams (or a server that
    /// loses events) would hold a follow until its timeout. After this long without a
    /// snapshot, one is taken anyway (about 20 requests each time).
    static constexpr std::chrono::seconds kResync{300};

  private:
    using Clock = std::chrono::steady_clock;

    Wake wait_from(const std::function<std::vector<WatchPoint>()>& points_of,
                   const Snapshot& snapshot, PollNeeds needs, const std::function<void()>& tick);
    Wake wait_for_change(const Snapshot& snapshot, PollNeeds needs,
                         const std::function<void()>& tick);
    Wake pause_ticking(std::chrono::milliseconds pause, const std::function<void()>& tick);
    Wake sleep_interval(const std::function<void()>& tick);
    bool reread_due(const Snapshot& snapshot, PollNeeds needs, Clock::time_point now);

    ChangeWatchHooks hooks_;
    const Targets& targets_;
    const PrRef& pr_;
    const CommandDeadline& deadline_;
    std::chrono::milliseconds poll_interval_;
    std::optional<std::chrono::milliseconds> fixed_reread_;
    std::chrono::milliseconds reread_interval_;  ///< GitHub's
    std::chrono::milliseconds url_step_;         ///< the wait before the next probe
    std::set<std::string> refused_;              ///< watch keys the server refused: polled instead
    bool expired_last_time_ = false;             ///< the last wait ended with 410 Gone
    Clock::time_point github_due_;
    std::optional<Clock::time_point> url_due_;  ///< unset while the URL is not needed
    std::chrono::milliseconds resync_interval_;
    std::optional<Clock::time_point> resync_due_;  ///< set by the first wait after a snapshot
    /// The watches of the current snapshot, their versions moved on by bookmarks and fallbacks.
    std::vector<WatchPoint> points_;
};

}  // namespace preview
