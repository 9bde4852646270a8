#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "preview/core/diagnosis.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/core/status_report.hpp"

/// The preview's state as GitHub-flavoured Markdown, for readers who never run the CLI: the PR
/// status comment (`preview comment`, `--comment`) and the GitHub Actions job summary. Rendered
/// from the one judgement (StatusReport) and the doctor's findings; every server string goes
/// through render/markdown. Pure: the "last checked" time is the snapshot's.
namespace preview {

/// The first line of the status comment; how `preview comment` finds its own comment again.
inline constexpr std::string_view kStatusCommentMarker = "<!-- preview-status -->";

/// The body shared by the comment and the job summary: a heading with the phase, a table (phase,
/// reason, URL, the running commit against the head, the timeline's longest wait (only when
/// the label events were read), what could not be read, the check counts),
/// each failing (then warning) check with its fix, and "Last checked <UTC time>".
std::string render_status_markdown(const Snapshot& snapshot, const StatusReport& report,
                                   const std::vector<Finding>& findings);

/// The PR comment: kStatusCommentMarker on its own line, then render_status_markdown.
std::string render_status_comment(const Snapshot& snapshot, const StatusReport& report,
                                  const std::vector<Finding>& findings);

}  // namespace preview
