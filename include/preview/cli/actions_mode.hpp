#pragma once

#include <string>
#include <vector>

#include "preview/cli/context.hpp"
#include "preview/core/diagnosis.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/core/status_report.hpp"

namespace preview {

/// GitHub Actions mode: on when GITHUB_ACTIONS is "true", as the runner sets it. No spinner and
/// no colours then.
bool actions_mode(const EnvMap& env);

/// In Actions mode: appends the Markdown summary to $GITHUB_STEP_SUMMARY, the outputs url, phase,
/// ready, head_sha, running_sha to $GITHUB_OUTPUT (heredoc with a random delimiter for a value
/// with a line break), and prints one `::error` workflow command per failing check on stderr
/// (stdout stays the command's own output, e.g. -o json). A path that is unset or cannot be
/// written is a warning on stderr, never a failure. Does nothing outside Actions mode.
void publish_to_actions(const Snapshot& snapshot, const StatusReport& report,
                        const std::vector<Finding>& findings, AppContext& ctx);

}  // namespace preview
