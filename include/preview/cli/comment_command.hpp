#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"
#include "preview/cli/session.hpp"
#include "preview/core/diagnosis.hpp"
#include "preview/core/status_report.hpp"

namespace preview {

/// Registers `preview comment <pr>`: create or update the PR's status comment.
void add_comment_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                         const std::shared_ptr<ExitCode>& exit_code);

/// Renders the status comment from this judgement and creates or updates it (see
/// publish_status_comment); says which on `out`. A GitHub refusal is printed and returned as its
/// exit code (403: 3). After a command's deadline has passed (a follow that timed out), the
/// comment still gets one request time limit of its own.
ExitCode post_status_comment(const PreviewSession& preview, const Snapshot& snapshot,
                             const StatusReport& report, const std::vector<Finding>& findings,
                             AppContext& ctx, std::ostream& out);

}  // namespace preview
