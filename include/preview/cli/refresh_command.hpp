#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"

namespace preview {

struct RefreshOptions {
    bool no_wait = false;
    std::string timeout = "30s";
};

struct BumpOptions {
    std::string pr;
    std::string timeout = "20s";
};

/// Registers `preview refresh [--no-wait] [--timeout 30s]`: the ApplicationSet re-polls now.
void add_refresh_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                         const std::shared_ptr<ExitCode>& exit_code);

/// Registers `preview bump-route <pr> [--timeout 20s]`: the gateway re-evaluates the HTTPRoutes.
void add_bump_route_command(CLI::App& app, AppContext& ctx,
                            const std::shared_ptr<GlobalFlags>& flags,
                            const std::shared_ptr<ExitCode>& exit_code);

/// Sets the refresh annotation, then waits until the controller has taken it (--timeout).
ExitCode run_refresh(const RefreshOptions& options, const GlobalFlags& flags, AppContext& ctx);

/// Bumps the preview's HTTPRoutes, then waits until they are Accepted and resolve (--timeout).
ExitCode run_bump_route(const BumpOptions& options, const GlobalFlags& flags, AppContext& ctx);

}  // namespace preview
