#pragma once

#include <memory>

#include <CLI/CLI.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"

namespace preview {

/// Registers `preview refresh [--no-wait] [--timeout 30s]`: the ApplicationSet re-polls now.
void add_refresh_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                         const std::shared_ptr<ExitCode>& exit_code);

/// Registers `preview bump-route <pr> [--timeout 20s]`: the gateway re-evaluates the HTTPRoutes.
void add_bump_route_command(CLI::App& app, AppContext& ctx,
                            const std::shared_ptr<GlobalFlags>& flags,
                            const std::shared_ptr<ExitCode>& exit_code);

}  // namespace preview
