#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "preview/core/snapshot.hpp"
#include "preview/core/status_report.hpp"

/// Which of the namespace's events a reader of `status` should see (issue 16): the selection is
/// made once here, so every renderer shows the same ones. Pure.
namespace preview {

/// Warning events about one object for one reason, merged into one line.
struct NotableEvent {
    std::string reason;
    std::string object_kind;
    std::string object_name;
    std::string message;         ///< the newest event's
    std::string last_timestamp;  ///< the newest event's (as parsed: lastTimestamp, series, ...)
    int count = 0;               ///< the repeats of every merged event
};

struct NotableEvents {
    std::vector<NotableEvent> shown;  ///< newest first, at most the limit
    std::size_t more = 0;             ///< notable lines left out by the limit
    /// Why the events could not be read, when they would have mattered (never "none").
    std::optional<Error> unread;
};

/// Lines shown before "and N more".
inline constexpr std::size_t kNotableEventLimit = 5;

/// The Warning events that matter, newest first (by their parsed time; undated last), repeats of
/// one object and reason merged. Left out: other types; events about a Pod, Deployment,
/// StatefulSet, Job, ExternalSecret or HTTPRoute that the snapshot read and does not hold (the
/// object is gone); events a newer Normal event on the same object answers when that object is
/// read and fine. An event about an object that is failing, pending or not read is always kept.
/// Nothing at all for a ready preview with no failing piece, or when this command read no events.
NotableEvents notable_events(const Snapshot& snapshot, const StatusReport& report,
                             std::size_t limit = kNotableEventLimit);

}  // namespace preview
