#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/snapshot.hpp"

/// Where a preview's minutes went (design §9): the moments its objects record themselves, in
/// order, with the gap before each and the biggest gap named with what shortens it.
namespace preview {

/// The moments the timeline knows, in the order they normally happen (ties keep this order).
enum class TimelineEventKind {
    label_added,          ///< the newest `labeled` issue event for the gate label
    ci_started,           ///< the head commit's first check run started
    ci_finished,          ///< its last check run completed (only once all have)
    application_created,  ///< the parent Application's creationTimestamp
    namespace_created,    ///< the preview namespace's creationTimestamp
    synced,               ///< the newest successful sync (status.operationState.finishedAt)
    pods_ready,           ///< the last running pod became Ready (only once all are)
    route_accepted,       ///< the last HTTPRoute was Accepted (only once all are)
    seed_finished,        ///< the newest completed Job's completionTime
    url_healthy,          ///< the probe passed: the snapshot's time, as observed
};

/// "label added", "CI started", ... (for people).
std::string_view timeline_event_title(TimelineEventKind kind);
/// "label-added", "ci-started", ... (the stable JSON name).
std::string_view timeline_event_name(TimelineEventKind kind);

struct TimelineEvent {
    TimelineEventKind kind = TimelineEventKind::label_added;
    std::int64_t at = 0;              ///< Unix seconds
    std::optional<std::int64_t> gap;  ///< seconds since the previous event; none for the first
};

/// The biggest gap: before which event, how long, what it was spent on and what shortens it.
struct TimelineWait {
    std::size_t index = 0;  ///< into Timeline::events (never the first)
    std::int64_t seconds = 0;
    std::string what;     ///< "waited 6m12s for the ApplicationSet's poll"
    std::string shorten;  ///< "`preview up` refreshes it; or lower `requeueAfterSeconds`"
};

struct Timeline {
    std::vector<TimelineEvent> events;  ///< ordered by time
    std::optional<TimelineWait> biggest;
    /// Events left out because they belong to a revision before the current head's push.
    std::size_t earlier_revision = 0;
    bool observed_live = false;  ///< TimelineOptions::observed_live it was made with
};

struct TimelineOptions {
    std::string gate_label;  ///< the label that requests a preview (compared case-insensitively)
    /// The snapshot was taken by a follow that polls every few seconds, so "URL healthy" at the
    /// snapshot's time is close to when it became healthy and its gap is a real wait. For a
    /// one-off `status` it may be days later: listed, but never the biggest wait.
    bool observed_live = false;
};

/// The timeline of `snapshot`. Pure. Timestamps that are missing, unparsable, before 1970 or
/// later than the snapshot (plus a little clock skew) are left out, never invented.
Timeline timeline_of(const Snapshot& snapshot, const TimelineOptions& options);

}  // namespace preview
