#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"

namespace preview {

struct FollowCommandOptions {
    std::string pr;
    bool no_refresh = false;
    bool no_wait = false;
    bool comment = false;  ///< up: create or update the PR's status comment at the end
    std::string timeout;
    double interval_seconds = 5;
};

/// Registers `preview up <pr> [--no-refresh] [--no-wait] [--timeout 15m]`.
void add_up_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                    const std::shared_ptr<ExitCode>& exit_code);

/// Registers `preview down <pr> [--no-refresh] [--no-wait] [--timeout 10m]`.
void add_down_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                      const std::shared_ptr<ExitCode>& exit_code);

/// Brings the preview up: the label (when missing), the refresh, then follows it until ready.
ExitCode run_up(const FollowCommandOptions& options, const GlobalFlags& flags, AppContext& ctx);

/// Takes the preview down: removes the label, refreshes, then follows the teardown until gone.
ExitCode run_down(const FollowCommandOptions& options, const GlobalFlags& flags, AppContext& ctx);

}  // namespace preview
