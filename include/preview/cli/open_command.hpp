#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"

namespace preview {

/// Registers `preview open <pr>`: opens the preview's URL in the browser (xdg-open, or open on
/// macOS, run without a shell), or prints it when there is no display, like `gh pr view --web`.
void add_open_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                      const std::shared_ptr<ExitCode>& exit_code);

/// The program that opens a URL here: "open" on macOS; "xdg-open" on other systems when a
/// display is named (DISPLAY or WAYLAND_DISPLAY); empty when there is none (print the URL).
std::string url_opener(const EnvMap& env);

}  // namespace preview
