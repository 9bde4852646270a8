#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "preview/cli/context.hpp"
#include "preview/core/follow.hpp"
#include "preview/core/timeline.hpp"
#include "preview/render/style.hpp"

namespace preview {

/// Prints progress. On a terminal: the phases passed, each with its duration, and the current one
/// redrawn in place with a spinner. Otherwise one line per phase entered (readable in CI logs), or
/// one JSON object per line with -o json.
class Progress {
  public:
    Progress(AppContext& ctx, bool json, bool live, TermStyle style)
        : ctx_(ctx), json_(json), live_(live && !json), style_(style) {}

    void note(const std::string& what, const nlohmann::ordered_json& extra = {});

    void phase(const PhaseEvent& e);

    /// Redraws the live line (spinner and elapsed time); a no-op when not on a terminal.
    void tick(std::int64_t elapsed);

    /// The last event; with a timeline (ready), where the minutes went: in the JSON event,
    /// or as lines after the message.
    void done(std::string_view event, const std::string& message, std::int64_t elapsed,
              const std::string& url = {}, const Timeline* timeline = nullptr);

    /// Ctrl-C: ends the live line (so the shell prompt starts on its own line), then says what
    /// the change already made means now.
    void interrupted(const std::string& message);

  private:
    // A live line must not wrap, or "\r" no longer returns to its start.
    static std::string shorten(const std::string& text);

    void clear_live_line();

    void draw();

    // Replaces the live line of the phase just left by its final line with its duration.
    void finish_current(std::int64_t now, bool reached_goal = true);

    AppContext& ctx_;
    bool json_;
    bool live_;
    TermStyle style_;
    std::optional<PhaseEvent> current_;
    std::int64_t elapsed_ = 0;
    std::size_t frame_ = 0;
};

}  // namespace preview
