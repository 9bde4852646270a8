#include "preview/render/timeline_render.hpp"

#include <fmt/format.h>

#include "preview/core/sanitize.hpp"
#include "preview/core/time.hpp"

namespace preview {
namespace {

using json = nlohmann::ordered_json;

// HH:MM:SS of a Unix time, UTC: stable from poll to poll, unlike an age.
std::string clock_time(std::int64_t at) {
    return format_rfc3339(at).substr(11, 8);
}

std::string gap_text(const TimelineEvent& e) {
    return e.gap ? "+" + format_duration(*e.gap) : std::string();
}

bool as_observed(const Timeline& t, const TimelineEvent& e) {
    return e.kind == TimelineEventKind::url_healthy && !t.observed_live;
}

bool is_biggest(const Timeline& t, std::size_t i) {
    return t.biggest && t.biggest->index == i;
}

}  // namespace

json timeline_json(const Timeline& timeline) {
    json out = json::array();
    for (const auto& e : timeline.events) {
        // A one-off status saw the URL healthy when it looked, not when it became healthy: the
        // time is the observation's and the gap is no wait (as the table's "now").
        const bool observed = e.kind == TimelineEventKind::url_healthy && !timeline.observed_live;
        json event = {{"event", timeline_event_name(e.kind)},
                      {"at", format_rfc3339(e.at)},
                      {"gapSeconds", e.gap && !observed ? json(*e.gap) : json(nullptr)}};
        if (observed) {
            event["asObserved"] = true;
        }
        out.push_back(std::move(event));
    }
    return out;
}

json biggest_wait_json(const Timeline& timeline) {
    if (!timeline.biggest) {
        return nullptr;
    }
    const auto& w = *timeline.biggest;
    return {{"event", timeline_event_name(timeline.events[w.index].kind)},
            {"after", timeline_event_name(timeline.events[w.index - 1].kind)},
            {"seconds", w.seconds},
            {"what", w.what},
            {"shorten", w.shorten}};
}

std::string render_timeline_section(const Timeline& timeline,
                                    const Observed<std::vector<LabelEvent>>& label_events,
                                    const TermStyle& style) {
    const bool unread = !label_events.ok() && !label_events.error().not_gathered;
    if (timeline.events.empty() && !unread) {
        return "";
    }
    std::string out = paint(style, Tone::accent, "Timeline (UTC)") + "\n";
    std::size_t gap_width = 0;
    for (std::size_t i = 0; i < timeline.events.size(); ++i) {
        if (!as_observed(timeline, timeline.events[i])) {
            gap_width = std::max(gap_width, gap_text(timeline.events[i]).size());
        }
    }
    for (std::size_t i = 0; i < timeline.events.size(); ++i) {
        const auto& e = timeline.events[i];
        const bool observed = as_observed(timeline, e);
        const bool biggest = is_biggest(timeline, i);
        std::string line =
            fmt::format("  {} {:<8}  {}  {}", mark(style, biggest ? Tone::warn : Tone::muted),
                        observed ? "now" : clock_time(e.at),
                        pad(observed ? "" : gap_text(e), gap_width), timeline_event_title(e.kind));
        if (observed) {
            line += " (as observed)";
        }
        if (biggest) {
            line += paint(style, Tone::warn, "  <- biggest wait");
        }
        out += line + "\n";
    }
    if (timeline.biggest) {
        out += fmt::format("  {} {}: {}\n", mark(style, Tone::muted), timeline.biggest->what,
                           timeline.biggest->shorten);
    }
    if (timeline.earlier_revision > 0) {
        out += fmt::format("  {} {} earlier event{} before the head's push not shown\n",
                           mark(style, Tone::muted), timeline.earlier_revision,
                           timeline.earlier_revision == 1 ? "" : "s");
    }
    if (unread) {
        out += fmt::format("  {} label added: {}\n", mark(style, Tone::bad),
                           sanitize_line(label_events.error().message));
    }
    return out;
}

std::string render_timeline_lines(const Timeline& timeline, const TermStyle& style) {
    if (timeline.events.empty()) {
        return "";
    }
    std::string line;
    for (std::size_t i = 0; i < timeline.events.size(); ++i) {
        const auto& e = timeline.events[i];
        std::string item =
            i == 0 ? fmt::format("{} {}", timeline_event_title(e.kind), clock_time(e.at))
                   : fmt::format("{} {}", gap_text(e), timeline_event_title(e.kind));
        line += (i == 0 ? "" : ", ") +
                (is_biggest(timeline, i) ? paint(style, Tone::warn, item) : item);
    }
    std::string out = paint(style, Tone::muted, "Timeline (UTC): ") + line + "\n";
    if (timeline.biggest) {
        out += fmt::format("Biggest wait: {}: {}\n", timeline.biggest->what,
                           timeline.biggest->shorten);
    }
    return out;
}

}  // namespace preview
