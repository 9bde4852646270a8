#include "preview/cli/progress.hpp"

#include <algorithm>
#include <ostream>

#include <fmt/format.h>

#include "preview/core/sanitize.hpp"
#include "preview/core/time.hpp"
#include "preview/render/timeline_render.hpp"
#include "preview/render/yaml.hpp"

namespace preview {

void Progress::note(const std::string& what, const nlohmann::ordered_json& extra) {
    if (json_) {
        nlohmann::ordered_json event = {{"event", "note"}, {"message", what}};
        if (extra.is_object()) {  // a note without extra fields passes null
            event.update(extra);
        }
        ctx_.out << render_json_line(event) << std::flush;
        return;
    }
    clear_live_line();
    ctx_.out << sanitize_line(what, kMessageWidth) << '\n' << std::flush;
    draw();
}

void Progress::phase(const PhaseEvent& e) {
    if (json_) {
        ctx_.out << render_json_line({{"event", "phase"},
                                      {"phase", phase_name(e.phase)},
                                      {"reason", e.reason},
                                      {"elapsedSeconds", e.at}})
                 << std::flush;
        return;
    }
    if (!live_) {
        ctx_.out << fmt::format("[{:>6}] {:<19} {}\n", format_duration(e.at), phase_name(e.phase),
                                sanitize_line(e.reason, kMessageWidth))
                 << std::flush;
        return;
    }
    finish_current(e.at);
    current_ = e;
    draw();
}

void Progress::done(std::string_view event, const std::string& message, std::int64_t elapsed,
                    const std::string& url, const Timeline* timeline) {
    if (json_) {
        nlohmann::ordered_json out = {
            {"event", event}, {"message", message}, {"elapsedSeconds", elapsed}};
        if (!url.empty()) {
            out["url"] = url;
        }
        if (timeline != nullptr) {
            out["timeline"] = timeline_json(*timeline);
            out["biggestWait"] = biggest_wait_json(*timeline);
        }
        ctx_.out << render_json_line(out) << std::flush;
        return;
    }
    if (live_) {
        finish_current(elapsed, event == "ready" || event == "gone");
    }
    ctx_.out << sanitize_line(message, kMessageWidth) << '\n'
             << (timeline != nullptr ? render_timeline_lines(*timeline, style_) : "") << std::flush;
}

void Progress::tick(std::int64_t elapsed) {
    elapsed_ = elapsed;
    ++frame_;
    draw();
}

void Progress::interrupted(const std::string& message) {
    if (json_) {
        ctx_.out << nlohmann::ordered_json{{"event", "interrupted"}, {"message", message}}.dump()
                 << '\n'
                 << std::flush;
    } else {
        finish_current(elapsed_, false);
        ctx_.out << std::flush;
    }
    ctx_.err << message << '\n' << std::flush;
}

std::string Progress::shorten(const std::string& text) {
    constexpr std::size_t kMax = 72;
    return sanitize_line(text, kMax);
}

void Progress::clear_live_line() {
    if (live_ && current_) {
        ctx_.out << "\r\x1b[2K";
    }
}

void Progress::draw() {
    if (!live_ || !current_) {
        return;
    }
    static constexpr const char* kSpinner[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    clear_live_line();
    ctx_.out << fmt::format(
                    "{} {:<19} {}  {}", paint(style_, Tone::accent, kSpinner[frame_ % 10]),
                    phase_name(current_->phase), shorten(current_->reason),
                    paint(style_, Tone::muted,
                          format_duration(std::max<std::int64_t>(0, elapsed_ - current_->at))))
             << std::flush;
}

void Progress::finish_current(std::int64_t now, bool reached_goal) {
    if (!current_) {
        return;
    }
    clear_live_line();
    ctx_.out << fmt::format("{} {:<19} {}\n", mark(style_, reached_goal ? Tone::good : Tone::bad),
                            phase_name(current_->phase),
                            paint(style_, Tone::muted, format_duration(now - current_->at)));
    current_.reset();
}

}  // namespace preview
