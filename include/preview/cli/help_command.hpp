#pragma once

#include <CLI/CLI.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"

namespace preview {

/// Registers `preview help [command]`: the help of the root or of one command, as `--help`
/// prints it; an unknown command is a usage error with a suggestion.
void add_help_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                      const std::shared_ptr<ExitCode>& exit_code);

}  // namespace preview
