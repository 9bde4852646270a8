#include "preview/render/actions.hpp"

#include <fmt/format.h>

#include "preview/core/sanitize.hpp"

namespace preview {

std::string escape_command_data(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '%':
                out += "%25";
                break;
            case '\r':
                out += "%0D";
                break;
            case '\n':
                out += "%0A";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string escape_command_property(std::string_view text) {
    std::string out;
    for (char c : escape_command_data(text)) {
        if (c == ':') {
            out += "%3A";
        } else if (c == ',') {
            out += "%2C";
        } else {
            out += c;
        }
    }
    return out;
}

std::string guard_workflow_commands(std::string_view text) {
    return WorkflowCommandFilter{}.feed(text);
}

std::string render_error_command(std::string_view title, std::string_view message) {
    return fmt::format("::error title={}::{}\n",
                       escape_command_property(sanitize_line(title, kFieldWidth)),
                       escape_command_data(sanitize_line(message, kMessageWidth)));
}

std::string render_failed_checks(const std::vector<Finding>& findings) {
    std::string out;
    for (const auto& f : findings) {
        if (f.status != CheckStatus::fail) {
            continue;
        }
        std::string message = f.summary;
        if (!f.cause.empty()) {
            message += ": " + f.cause;
        }
        if (!f.fix.empty()) {
            message += fmt::format(" (fix: {})", f.fix);
        }
        out += render_error_command(fmt::format("preview: {} check failed", f.id), message);
    }
    return out;
}

Result<std::string> render_output(std::string_view key, std::string_view value,
                                  std::string_view delimiter) {
    if (value.find_first_of("\r\n") == std::string_view::npos) {
        return fmt::format("{}={}\n", key, value);
    }
    if (delimiter.empty() || value.find(delimiter) != std::string_view::npos) {
        return Error(
            ErrorKind::api,
            fmt::format("cannot write the output {}: its value contains the delimiter", key));
    }
    return fmt::format("{}<<{}\n{}\n{}\n", key, delimiter, value, delimiter);
}

std::vector<std::pair<std::string, std::string>> status_outputs(const StatusReport& report,
                                                                const std::string& url) {
    return {{"url", url},
            {"phase", std::string(phase_name(report.phase))},
            {"ready", report.ready() ? "true" : "false"},
            {"head_sha", report.revision.head_sha},
            {"running_sha", report.revision.running_sha}};
}

}  // namespace preview
