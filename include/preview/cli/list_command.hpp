#pragma once

#include <memory>

#include <CLI/CLI.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"

namespace preview {

/// Registers `preview list`: every preview of the repository and every orphan.
void add_list_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                      const std::shared_ptr<ExitCode>& exit_code);

/// One listing of the repository's previews, rendered in the chosen format.
ExitCode run_list(const GlobalFlags& flags, AppContext& ctx);

}  // namespace preview
