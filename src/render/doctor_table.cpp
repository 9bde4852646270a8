#include <algorithm>

#include <fmt/format.h>

#include "preview/core/sanitize.hpp"
#include "preview/render/doctor_render.hpp"

namespace preview {
namespace {

constexpr std::string_view kIndent = "      ";

Tone tone_of(CheckStatus status) {
    switch (status) {
        case CheckStatus::pass:
            return Tone::good;
        case CheckStatus::fail:
            return Tone::bad;
        case CheckStatus::warn:
            return Tone::warn;
        case CheckStatus::skip:
            return Tone::muted;
    }
    return Tone::plain;
}

void header(std::string& out, const Snapshot& s, const TermStyle& st) {
    out += paint(st, Tone::accent, fmt::format("PR #{}", s.ref.number));
    if (const auto slug = s.ref.repo_slug(); !slug.empty()) {
        out += " · " + sanitize_line(slug);
    }
    if (s.pr.ok() && !s.pr->head_sha.empty()) {
        out += " · head " + sanitize_line(s.pr->head_sha.substr(0, 8));
    }
    out += "\n\n";
}

void details(std::string& out, const Finding& f, const TermStyle& st) {
    for (const auto& line : f.evidence) {
        // Lines indented by the check continue the item above (messages, log lines).
        out += fmt::format("{}{}{}\n", kIndent, line.starts_with("  ") ? "" : "- ",
                           sanitize_line(line));
    }
    if (!f.cause.empty()) {
        out += fmt::format("{}{} {}\n", kIndent, paint(st, Tone::muted, "cause:"),
                           sanitize_line(f.cause, kMessageWidth));
    }
    if (!f.fix.empty()) {
        // The fix quotes server-supplied names for the shell already (core/shell_quote).
        out += fmt::format("{}{}   {}\n", kIndent, paint(st, Tone::muted, "fix:"),
                           sanitize_line(f.fix, kMessageWidth));
    }
}

}  // namespace

std::string summary_line(const Summary& summary) {
    return fmt::format("{} passed, {} failed, {} warning{}, {} skipped", summary.pass, summary.fail,
                       summary.warn, summary.warn == 1 ? "" : "s", summary.skip);
}

std::string render_doctor_table(const Snapshot& s, const std::vector<Finding>& findings,
                                const TermStyle& style, const std::optional<Summary>& counted) {
    std::string out;
    header(out, s, style);
    std::size_t width = 0;
    for (const auto& f : findings) {
        width = std::max(width, display_width(f.id));
    }
    for (const auto& f : findings) {
        const bool skipped = f.status == CheckStatus::skip;
        const std::string summary = sanitize_line(f.summary, kMessageWidth);
        const std::string result =
            skipped ? paint(style, Tone::muted, "skipped: " + summary) : summary;
        out +=
            fmt::format("  {} {}  {}\n", mark(style, tone_of(f.status)), pad(f.id, width), result);
        if (f.status == CheckStatus::fail || f.status == CheckStatus::warn) {
            details(out, f, style);
        }
    }
    if (!counted) {
        out += "\n" + summary_line(summarize_findings(findings)) + "\n";
    } else {
        out += fmt::format("\n{} (showing the {} that need{} attention)\n", summary_line(*counted),
                           findings.size(), findings.size() == 1 ? "s" : "");
    }
    return out;
}

}  // namespace preview
