#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "preview/core/diagnosis.hpp"
#include "preview/core/result.hpp"
#include "preview/core/status_report.hpp"
#include "preview/render/workflow_command_filter.hpp"

/// GitHub Actions' text formats: workflow commands on stdout and the `$GITHUB_OUTPUT` file.
/// Pure; the files are written by io/append_file. Every server string is escaped so it cannot
/// end a command early or start another one.
namespace preview {

/// `text` (whole lines, the first at a line start) as WorkflowCommandFilter defuses it.
std::string guard_workflow_commands(std::string_view text);

/// A workflow command's message: `%` as `%25`, CR as `%0D`, LF as `%0A` (GitHub's escaping).
std::string escape_command_data(std::string_view text);

/// A workflow command's property value: escape_command_data, plus `:` as `%3A`, `,` as `%2C`.
std::string escape_command_property(std::string_view text);

/// `::error title=<title>::<message>` and a newline, both escaped; control characters are first
/// shown escaped (sanitize_line) so the log line cannot move the cursor either.
std::string render_error_command(std::string_view title, std::string_view message);

/// One `::error` line per failing finding: title "preview: <id> check failed", message the
/// summary, the cause and the fix, when there are.
std::string render_failed_checks(const std::vector<Finding>& findings);

/// One `$GITHUB_OUTPUT` entry: `key=value` and a newline; a value with a line break in the
/// heredoc form `key<<DELIM`, the value, `DELIM`. An error when `delimiter` is empty or occurs in
/// the value (it would end the value early), as GitHub's toolkit refuses it.
Result<std::string> render_output(std::string_view key, std::string_view value,
                                  std::string_view delimiter);

/// The outputs a workflow gates on, in this order: url, phase, ready (`true`/`false`),
/// head_sha, running_sha.
std::vector<std::pair<std::string, std::string>> status_outputs(const StatusReport& report,
                                                                const std::string& url);

}  // namespace preview
