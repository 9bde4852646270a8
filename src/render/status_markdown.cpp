#include "preview/render/status_markdown.hpp"

#include <fmt/format.h>

#include "preview/core/revision.hpp"
#include "preview/core/time.hpp"
#include "preview/core/timeline.hpp"
#include "preview/render/doctor_render.hpp"
#include "preview/render/markdown.hpp"

namespace preview {
namespace {

// Fields kept short enough that the whole comment stays far below GitHub's 65536 characters
// whatever a server sends: at most one line per check, each cut.
constexpr std::size_t kReasonWidth = 600;
constexpr std::size_t kEvidenceLines = 3;

std::string_view headline_mark(const StatusReport& report) {
    if (report.ready()) {
        return "✅";
    }
    if (report.failed || report.phase == Phase::degraded) {
        return "❌";
    }
    if (report.phase == Phase::unknown) {
        return "❔";
    }
    return "⏳";
}

// A bare https URL of plain characters becomes a link a reviewer can click; anything else (a
// profile is untrusted too) is shown as code and not linked.
std::string url_cell(const std::string& url) {
    if (url.empty()) {
        return "(none: the profile sets no url)";
    }
    constexpr std::string_view kSafe =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]!$&'()*+,;=%";
    const bool plain = url.starts_with("https://") && url.size() <= 300 &&
                       url.find_first_not_of(kSafe) == std::string::npos;
    return plain ? fmt::format("<{}>", url) : md_cell(url);
}

std::string revision_cell(const RevisionJudgement& r) {
    const std::string head = r.head_sha.empty() ? "unknown" : md_cell(short_commit(r.head_sha));
    switch (r.verdict) {
        case RevisionVerdict::head:
            return fmt::format("{} (the PR head)", md_cell(short_commit(r.running_sha)));
        case RevisionVerdict::rolling:
            return fmt::format("{}, rolling out the head {}", md_cell(short_commit(r.running_sha)),
                               head);
        case RevisionVerdict::stale:
            return fmt::format("{}, **not** the head {}", md_cell(short_commit(r.running_sha)),
                               head);
        case RevisionVerdict::unknown:
            break;
    }
    return fmt::format("unknown ({}); head {}",
                       r.why_unknown.empty() ? "nothing names a commit" : md_cell(r.why_unknown),
                       head);
}

// The timeline's biggest wait, as the one judgement named it. Only when the label events were
// read: without "label added", a late label hides inside the wait for the ApplicationSet's poll
// and the wait would be misnamed (a comment must not guess).
void add_longest_wait(std::string& out, const Snapshot& snap, const Timeline& timeline) {
    if (!timeline.biggest || !snap.label_events.ok()) {
        return;
    }
    const TimelineWait& wait = *timeline.biggest;
    const std::string between = fmt::format(
        "{} → {}, {}", timeline_event_title(timeline.events[wait.index - 1].kind),
        timeline_event_title(timeline.events[wait.index].kind), format_duration(wait.seconds));
    out += fmt::format("| Longest wait | {} (to shorten: {}) |\n", md_cell(between),
                       md_cell(wait.shorten, kReasonWidth));
}

void add_checks(std::string& out, const std::vector<Finding>& findings, CheckStatus status,
                std::string_view heading) {
    bool any = false;
    for (const auto& f : findings) {
        if (f.status != status) {
            continue;
        }
        if (!any) {
            out += fmt::format("\n#### {}\n\n", heading);
            any = true;
        }
        out += fmt::format("- **{}**: {}\n", md_code(f.id), md_code(f.summary, kReasonWidth));
        for (std::size_t i = 0; i < f.evidence.size() && i < kEvidenceLines; ++i) {
            out += fmt::format("  - {}\n", md_code(f.evidence[i]));
        }
        if (!f.cause.empty()) {
            out += fmt::format("  - cause: {}\n", md_code(f.cause, kReasonWidth));
        }
        if (!f.fix.empty()) {
            out += fmt::format("  - fix: {}\n", md_code(f.fix, kReasonWidth));
        }
    }
}

}  // namespace

std::string render_status_markdown(const Snapshot& snap, const StatusReport& report,
                                   const std::vector<Finding>& findings) {
    std::string out = fmt::format("### {} Preview #{}: {}\n\n", headline_mark(report),
                                  snap.ref.number, phase_name(report.phase));
    out += "| | |\n|---|---|\n";
    out += fmt::format("| Phase | {} |\n", md_cell(phase_name(report.phase)));
    if (!report.reason.empty()) {
        out += fmt::format("| Reason | {} |\n", md_cell(report.reason, kReasonWidth));
    }
    out += fmt::format("| URL | {} |\n", url_cell(snap.targets.url));
    out += fmt::format("| Running | {} |\n", revision_cell(report.revision));
    add_longest_wait(out, snap, report.timeline);
    for (const auto& unknown : report.unknowns) {
        out += fmt::format("| Could not read {} | {} |\n", md_cell(unknown.piece),
                           md_cell(unknown.note, kReasonWidth));
    }
    if (!findings.empty()) {
        out += fmt::format("| Checks | {} |\n", summary_line(summarize_findings(findings)));
    }
    add_checks(out, findings, CheckStatus::fail, "Failing checks");
    add_checks(out, findings, CheckStatus::warn, "Warnings");
    out += fmt::format("\n<sub>Last checked {} by `preview`.</sub>\n",
                       format_rfc3339(snap.now).replace(10, 1, " ").replace(19, 1, " UTC"));
    return out;
}

std::string render_status_comment(const Snapshot& snap, const StatusReport& report,
                                  const std::vector<Finding>& findings) {
    return std::string(kStatusCommentMarker) + "\n" +
           render_status_markdown(snap, report, findings);
}

}  // namespace preview
