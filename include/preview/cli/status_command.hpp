#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"

namespace preview {

struct StatusOptions {
    std::string pr;
    bool watch = false;
    int interval_seconds = 5;
};

/// Registers `preview status <pr> [--watch]`.
void add_status_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                        const std::shared_ptr<ExitCode>& exit_code);

/// One snapshot of the preview, rendered in the chosen format.
ExitCode run_status(const StatusOptions& options, const GlobalFlags& flags, AppContext& ctx);

}  // namespace preview
