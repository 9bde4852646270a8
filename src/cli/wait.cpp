#include "preview/cli/wait.hpp"

#include <thread>

namespace preview {

bool interrupted(const AppContext& ctx) {
    return ctx.interrupted != nullptr && ctx.interrupted->load();
}

bool interruptible_sleep(const AppContext& ctx, std::chrono::milliseconds duration) {
    if (ctx.sleep) {
        if (interrupted(ctx)) {
            return false;
        }
        ctx.sleep(duration);
        return !interrupted(ctx);
    }
    constexpr std::chrono::milliseconds kStep{50};
    for (auto left = duration; left.count() > 0; left -= kStep) {
        if (interrupted(ctx)) {
            return false;
        }
        std::this_thread::sleep_for(std::min(left, kStep));
    }
    return !interrupted(ctx);
}

}  // namespace preview
