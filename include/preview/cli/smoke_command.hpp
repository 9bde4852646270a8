#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"

namespace preview {

/// Registers `preview smoke <pr>`: sends one message as the profile's `smoke:` section says and
/// waits until it shows up where the section expects it. Exit 0 when data flows, 1 when a step
/// fails, 2 without a smoke section, 3 when the sender refuses the credentials.
void add_smoke_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                       const std::shared_ptr<ExitCode>& exit_code);

/// A title no earlier run used: "preview-smoke-<pr>-<12 random hex digits>".
std::string unique_smoke_title(int number);

}  // namespace preview
