#include "preview/render/actions.hpp"

#include <algorithm>

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

namespace {

constexpr std::string_view kZeroWidthSpace = "\u200b";

bool ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace

std::string guard_workflow_commands(std::string_view line) {
    if (!line.empty() && line.front() == kOwnWorkflowCommand) {
        return std::string(line.substr(1));
    }
    std::string out;
    out.reserve(line.size() + 8);
    // Before the first `::`, only spaces and non-ASCII bytes (the runner trims Unicode spaces
    // such as U+00A0 too): then it may read as a command. Defusing it elsewhere does no harm.
    const std::size_t colons = line.find("::");
    std::size_t from = 0;
    if (colons != std::string_view::npos &&
        std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(colons), [](char c) {
            return ascii_space(c) || static_cast<unsigned char>(c) >= 0x80;
        })) {
        out.append(line.substr(0, colons));
        out.append(kZeroWidthSpace);
        from = colons;
    }
    for (std::size_t at = line.find("##[", from); at != std::string_view::npos;
         at = line.find("##[", from)) {
        out.append(line.substr(from, at + 1 - from));
        out.append(kZeroWidthSpace);
        from = at + 1;
    }
    out.append(line.substr(from));
    return out;
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
