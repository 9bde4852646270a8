#pragma once

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"

namespace preview {

struct DoctorOptions {
    std::string pr;
    std::vector<std::string> checks;  ///< --check ID (repeatable); empty = all
    bool list_checks = false;
    bool fix = false;      ///< apply the safe fixes
    bool yes = false;      ///< without asking
    bool comment = false;  ///< also create or update the PR's status comment
};

/// Registers `preview doctor <pr> [--fix] [--yes] [--check ID]... [--list-checks]`.
void add_doctor_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                        const std::shared_ptr<ExitCode>& exit_code);

/// Runs the checklist over one snapshot: exit 0 when no check fails, 1 when one does.
ExitCode run_doctor(const DoctorOptions& options, const GlobalFlags& flags, AppContext& ctx);

}  // namespace preview
