#pragma once

#include <string_view>

#include <CLI/CLI.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"

namespace preview {

/// Registers `preview completion bash|zsh|fish`: prints the shell's completion script.
void add_completion_command(CLI::App& app, AppContext& ctx,
                            const std::shared_ptr<GlobalFlags>& flags,
                            const std::shared_ptr<ExitCode>& exit_code);

/// The completion script for `shell` (bash, zsh or fish), or empty for another shell.
std::string_view completion_script(std::string_view shell);

/// The files of completions/ by name (preview.bash, _preview, preview.fish), embedded at build
/// time by cmake/EmbedFiles.cmake; empty for an unknown name.
std::string_view embedded_completion(std::string_view file_name);

}  // namespace preview
