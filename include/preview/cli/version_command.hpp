#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"

namespace preview {

/// Registers `preview version`: version, commit and the linked libraries' versions.
void add_version_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                         const std::shared_ptr<ExitCode>& exit_code);

/// What `preview version` prints as a table; also the answer to `preview --version` and `-V`.
std::string version_text();

}  // namespace preview
