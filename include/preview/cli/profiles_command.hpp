#pragma once

#include <memory>

#include <CLI/CLI.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"

namespace preview {

/// Registers `preview profiles`: the built-in profiles (table, -o json or yaml).
void add_profiles_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                          const std::shared_ptr<ExitCode>& exit_code);

}  // namespace preview
