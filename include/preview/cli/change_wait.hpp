#pragma once

#include <chrono>
#include <functional>
#include <vector>

#include "preview/cli/context.hpp"
#include "preview/cli/session.hpp"
#include "preview/core/follow.hpp"
#include "preview/gather/change_watch.hpp"

namespace preview {

/// How `up`, `down`, `status --watch`, `refresh` and `bump-route` wait for a change: a
/// ChangeWatch (gather, design §9) on the preview's session, interrupted by Ctrl-C.
class ChangeWaiter {
  public:
    using Wake = ChangeWatch::Wake;

    /// `poll_interval` is the wait between snapshots when watches are refused or fail; GitHub is
    /// re-read every max(kGithubInterval, poll_interval), the URL after kUrlFirst, doubling up to
    /// kUrlLongest (the tests fix both with PREVIEW_TEST_REREAD_SECONDS, and shorten the resync
    /// with PREVIEW_TEST_RESYNC_SECONDS).
    ChangeWaiter(const PreviewSession& preview, AppContext& ctx,
                 std::chrono::milliseconds poll_interval);

    /// See ChangeWatch::wait.
    Wake wait(const Snapshot& snapshot, PollNeeds needs, const std::function<void()>& tick) {
        return watch_.wait(snapshot, needs, tick);
    }

    /// See ChangeWatch::wait (`refresh`: the ApplicationSet; `bump-route`: the HTTPRoutes).
    Wake wait(const std::vector<WatchPoint>& points, const std::function<void()>& tick) {
        return watch_.wait(points, tick);
    }

  private:
    ChangeWatch watch_;
};

}  // namespace preview
