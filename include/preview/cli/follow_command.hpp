#pragma once

#include <memory>

#include <CLI/CLI.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"

namespace preview {

/// Registers `preview up <pr> [--no-refresh] [--no-wait] [--timeout 15m]`.
void add_up_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                    const std::shared_ptr<ExitCode>& exit_code);

/// Registers `preview down <pr> [--no-refresh] [--no-wait] [--timeout 10m]`.
void add_down_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                      const std::shared_ptr<ExitCode>& exit_code);

}  // namespace preview
