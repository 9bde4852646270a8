#pragma once

#include <string>
#include <string_view>

/// Defuses workflow commands in a stream of output text, whatever pieces it arrives in. Pure.
namespace preview {

/// Starts a line that preview itself writes as a workflow command (see WorkflowCommandFilter).
/// A control character: the sanitiser never lets one through from a server or a repository.
inline constexpr char kOwnWorkflowCommand = '\x1e';

/// Output text as the Actions runner will read it, defused. The runner reads a stream line by
/// line (.NET's ReadLine: a line ends at LF, CR or CR LF) and takes a line whose first
/// characters after (Unicode) whitespace are `::` as a workflow command, and `##[` anywhere as
/// a legacy one, so a pod log or condition message could mask secrets, stop command processing
/// or set outputs. A zero-width space, which the runner does not trim, goes between such a
/// line's leading `::` and before the `[` of `##[`. A line that starts with kOwnWorkflowCommand
/// is preview's own: it passes without that mark. The state carries from one feed() to the
/// next, so a command split across writes (`:` then `:error::x`) is defused as a whole line is.
class WorkflowCommandFilter {
  public:
    /// `text`, defused as the continuation of everything fed before.
    std::string feed(std::string_view text);

  private:
    bool line_start_ = true;      ///< nothing of this line seen yet
    bool own_ = false;            ///< this line is preview's own command
    bool may_lead_ = true;        ///< only whitespace (or non-ASCII bytes) so far on this line
    bool leading_colon_ = false;  ///< the last character is a `:` that may start a command
    int hashes_ = 0;              ///< `#`s just before
};

}  // namespace preview
