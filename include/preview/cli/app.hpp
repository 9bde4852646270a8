#pragma once

#include <memory>

#include <CLI/CLI.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"

namespace preview {

/// The root command: global options shared by all subcommands, and the subcommands themselves.
/// The chosen command's run function stores its exit code in `*exit_code`.
struct App {
    std::unique_ptr<CLI::App> cli;
    std::shared_ptr<GlobalFlags> flags;
    std::shared_ptr<ExitCode> exit_code;
};

/// Builds the command tree. Commands run from CLI11 callbacks after a successful parse.
App build_app(AppContext& ctx);

/// Parses argv and runs the chosen command; maps every error to the contract's exit codes and
/// prints it as one clear paragraph on ctx.err.
int run_app(int argc, const char* const* argv, AppContext& ctx);

}  // namespace preview
