#include "preview/cli/change_wait.hpp"

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "preview/cli/wait.hpp"

namespace preview {
namespace {

std::optional<std::chrono::milliseconds> test_interval(const AppContext& ctx, const char* name) {
    const std::string test = env_or_empty(ctx.env, name);
    if (!test.empty()) {
        char* end = nullptr;
        const double seconds = std::strtod(test.c_str(), &end);
        // Floored: a test hook must not turn a follow into a request storm.
        if (end != test.c_str() && seconds >= 0.1 && seconds < 3600) {
            return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
        }
    }
    return std::nullopt;
}

ChangeWatchHooks hooks_of(const PreviewSession& preview, const AppContext& ctx) {
    return ChangeWatchHooks{
        .sources = [&preview] { return preview.session->sources(); },
        .pause = [&ctx](std::chrono::milliseconds d) { return interruptible_sleep(ctx, d); },
        .interrupted = [&ctx] { return interrupted(ctx); },
    };
}

}  // namespace

ChangeWaiter::ChangeWaiter(const PreviewSession& preview, AppContext& ctx,
                           std::chrono::milliseconds poll_interval)
    : watch_(
          hooks_of(preview, ctx), preview.targets, preview.pr, *preview.session->deadline,
          ChangeWatchTimes{
              .poll_interval = poll_interval,
              .fixed_reread = test_interval(ctx, "PREVIEW_TEST_REREAD_SECONDS"),
              .resync =
                  test_interval(ctx, "PREVIEW_TEST_RESYNC_SECONDS").value_or(ChangeWatch::kResync),
          }) {}

}  // namespace preview
