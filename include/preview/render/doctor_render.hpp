#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "preview/core/diagnosis.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/render/style.hpp"

namespace preview {

/// The `doctor -o json` document (design §4): {"pr": {repo, number, headSha}, "checks": [{id,
/// status, title, evidence, cause, fix, autoFix}], "summary": {pass, fail, warn, skip}}, over the
/// given (possibly filtered) findings. `-o yaml` is render_yaml of the same document.
nlohmann::ordered_json doctor_json(const Snapshot& snapshot, const std::vector<Finding>& findings);

/// The human checklist: a header naming the PR, one line per check (mark, id, short result), the
/// evidence, cause and fix indented under every fail and warn, and the summary line. When only
/// some of the checks that ran are shown (up/down show what needs attention), `counted` is the
/// summary of all of them: the line counts what was run, the table shows what counts.
std::string render_doctor_table(const Snapshot& snapshot, const std::vector<Finding>& findings,
                                const TermStyle& style,
                                const std::optional<Summary>& counted = std::nullopt);

/// "9 passed, 1 failed, 0 warnings, 3 skipped".
std::string summary_line(const Summary& summary);

}  // namespace preview
