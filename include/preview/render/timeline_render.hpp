#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "preview/core/snapshot.hpp"
#include "preview/core/timeline.hpp"
#include "preview/render/style.hpp"

namespace preview {

/// `[{"event": "label-added", "at": "2026-...Z", "gapSeconds": 372 | null}, ...]`.
nlohmann::ordered_json timeline_json(const Timeline& timeline);

/// `{"event", "after", "seconds", "what", "shorten"}` of the biggest wait, or null.
nlohmann::ordered_json biggest_wait_json(const Timeline& timeline);

/// The `status` table's Timeline section (UTC times, gaps, the biggest wait marked and named);
/// empty when there is nothing to show. `label_events` says whether "label added" could be read.
/// Only stable text: a one-off "URL healthy" shows as "now", so `status --watch` does not redraw.
std::string render_timeline_section(const Timeline& timeline,
                                    const Observed<std::vector<LabelEvent>>& label_events,
                                    const TermStyle& style);

/// The breakdown `up` ends with: one line of events and gaps, one naming the biggest wait.
std::string render_timeline_lines(const Timeline& timeline, const TermStyle& style);

}  // namespace preview
