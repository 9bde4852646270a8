#pragma once

#include <chrono>

#include "preview/cli/context.hpp"

namespace preview {

/// Sleeps for `duration` in small steps; returns false at once when Ctrl-C was pressed.
bool interruptible_sleep(const AppContext& ctx, std::chrono::milliseconds duration);

/// True once Ctrl-C was pressed.
bool interrupted(const AppContext& ctx);

}  // namespace preview
