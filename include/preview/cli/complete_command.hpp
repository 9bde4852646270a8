#pragma once

#include <memory>

#include <CLI/CLI.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"

namespace preview {

/// Registers the hidden `preview __complete prs|open-prs|contexts|checks` that the shell completion
/// scripts call: one candidate per line, `value<TAB>description`. It always exits 0 and never
/// prints an error: a completion that fails shows nothing rather than noise on the prompt.
/// PR numbers come from a short-lived cache under $XDG_CACHE_HOME/preview, refreshed with one
/// tightly bounded GitHub request.
void add_complete_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                          const std::shared_ptr<ExitCode>& exit_code);

}  // namespace preview
