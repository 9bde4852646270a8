#include "preview/cli/actions_mode.hpp"

#include <ostream>

#include "preview/core/sanitize.hpp"
#include "preview/io/append_file.hpp"
#include "preview/render/actions.hpp"
#include "preview/render/status_markdown.hpp"

namespace preview {
namespace {

void append_or_warn(const EnvMap& env, const char* variable, const std::string& text,
                    std::ostream& err) {
    const std::string path = env_or_empty(env, variable);
    if (path.empty()) {
        err << "warning: " << variable << " is not set; nothing written to it\n";
        return;
    }
    if (auto written = append_to_file(path, text); !written.ok()) {
        err << "warning: " << sanitize_line(written.error().message, kMessageWidth) << " ("
            << variable << ")\n";
    }
}

}  // namespace

bool actions_mode(const EnvMap& env) {
    return env_or_empty(env, "GITHUB_ACTIONS") == "true";
}

void publish_to_actions(const Snapshot& snap, const StatusReport& report,
                        const std::vector<Finding>& findings, AppContext& ctx) {
    if (!actions_mode(ctx.env)) {
        return;
    }
    append_or_warn(ctx.env, "GITHUB_STEP_SUMMARY",
                   render_status_markdown(snap, report, findings) + "\n", ctx.err);
    std::string outputs;
    const std::string delimiter = "ghadelimiter_" + random_hex(16);
    for (const auto& [key, value] : status_outputs(report, snap.targets.url)) {
        auto line = render_output(key, value, delimiter);
        if (line.ok()) {
            outputs += *line;
        } else {
            ctx.err << "warning: " << sanitize_line(line.error().message) << '\n';
        }
    }
    append_or_warn(ctx.env, "GITHUB_OUTPUT", outputs, ctx.err);
    // Our own commands, marked as such for the guard that defuses every other `::` line.
    const std::string failed = render_failed_checks(findings);
    std::string commands;
    for (std::string_view rest = failed; !rest.empty();) {
        const std::size_t end = rest.find('\n');
        const std::size_t len = end == std::string_view::npos ? rest.size() : end + 1;
        commands += kOwnWorkflowCommand;
        commands.append(rest.substr(0, len));
        rest.remove_prefix(len);
    }
    ctx.err << commands << std::flush;
}

}  // namespace preview
