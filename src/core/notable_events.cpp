#include "preview/core/notable_events.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <string_view>

#include "preview/core/status.hpp"
#include "preview/core/time.hpp"

namespace preview {
namespace {

/// What the snapshot says about an event's object.
enum class Standing {
    fine,      ///< read, and as it should be
    troubled,  ///< read, and failing or on its way
    gone,      ///< its kind was read in full and it is not there
    unknown,   ///< a kind the snapshot does not read, or the read failed
};

template <class T, class Fine>
Standing standing_in(const Observed<std::vector<T>>& list, std::string_view name, Fine fine) {
    if (!list.ok()) {
        return Standing::unknown;
    }
    const auto it = std::find_if(list->begin(), list->end(),
                                 [&](const T& item) { return item.meta.name == name; });
    if (it == list->end()) {
        return Standing::gone;
    }
    return fine(*it) ? Standing::fine : Standing::troubled;
}

bool named_after(std::string_view pod, std::string_view owner) {
    return pod.size() > owner.size() && pod.starts_with(owner) && pod[owner.size()] == '-';
}

// A gone pod may be the only witness of why its Job or workload fails (a Job deletes its pods
// when it gives up): keep its events while anything that may have owned it is not fine.
bool owner_may_be_troubled(const Snapshot& s, std::string_view pod) {
    if (!s.workloads.ok() || !s.jobs.ok()) {
        return true;
    }
    return std::any_of(s.workloads->begin(), s.workloads->end(),
                       [&](const Workload& w) {
                           return named_after(pod, w.meta.name) && !workload_available(w);
                       }) ||
           std::any_of(s.jobs->begin(), s.jobs->end(), [&](const Job& j) {
               return named_after(pod, j.meta.name) && job_state(j) != JobState::complete;
           });
}

Standing standing_of(const Snapshot& s, const std::string& kind, const std::string& name) {
    if (kind == "Pod") {
        const Standing st = standing_in(s.pods, name, [](const Pod& p) {
            return !pod_problem(p) && (p.ready || p.phase == "Succeeded");
        });
        return st == Standing::gone && owner_may_be_troubled(s, name) ? Standing::unknown : st;
    }
    if (kind == "Deployment" || kind == "StatefulSet") {
        if (!s.workloads.ok()) {
            return Standing::unknown;
        }
        const auto it =
            std::find_if(s.workloads->begin(), s.workloads->end(),
                         [&](const Workload& w) { return w.kind == kind && w.meta.name == name; });
        if (it == s.workloads->end()) {
            return Standing::gone;
        }
        return workload_available(*it) ? Standing::fine : Standing::troubled;
    }
    if (kind == "Job") {
        return standing_in(s.jobs, name,
                           [](const Job& j) { return job_state(j) == JobState::complete; });
    }
    if (kind == "ExternalSecret") {
        return standing_in(s.external_secrets, name, external_secret_ready);
    }
    if (kind == "HTTPRoute") {
        return standing_in(s.routes, name, [](const HttpRoute& r) {
            const auto st = route_state(r);
            return st.accepted && st.resolved_refs;
        });
    }
    return Standing::unknown;
}

// Microseconds since the epoch: events.k8s.io emitters stamp MicroTime (eventTime,
// series.lastObservedTime), and several of one second must still come in order.
std::optional<std::int64_t> event_time(std::string_view timestamp) {
    const auto seconds = parse_rfc3339(timestamp);
    if (!seconds) {
        return std::nullopt;
    }
    std::int64_t micros = 0;
    std::int64_t scale = 100000;
    if (timestamp.size() > 19 && timestamp[19] == '.') {
        for (std::size_t i = 20; i < timestamp.size() && scale > 0; ++i, scale /= 10) {
            if (timestamp[i] < '0' || timestamp[i] > '9') {
                break;
            }
            micros += (timestamp[i] - '0') * scale;
        }
    }
    return *seconds * 1000000 + micros;
}

struct Line {
    NotableEvent event;
    std::optional<std::int64_t> time;  ///< of the newest merged event
};

bool newer(const std::optional<std::int64_t>& a, const std::optional<std::int64_t>& b) {
    return a && (!b || *a > *b);
}

// Warning events merged by object and reason, in the order their first event came.
std::vector<Line> merged_warnings(const std::vector<Event>& events) {
    std::vector<Line> lines;
    for (const auto& e : events) {
        if (e.type != "Warning") {
            continue;
        }
        const auto time = event_time(e.last_timestamp);
        auto it = std::find_if(lines.begin(), lines.end(), [&](const Line& l) {
            return l.event.object_kind == e.object_kind && l.event.object_name == e.object_name &&
                   l.event.reason == e.reason;
        });
        if (it == lines.end()) {
            lines.push_back(
                {{e.reason, e.object_kind, e.object_name, e.message, e.last_timestamp, e.count},
                 time});
            continue;
        }
        // Saturating: each event may claim up to INT32_MAX repeats (a server's number).
        it->event.count = e.count > std::numeric_limits<int>::max() - it->event.count
                              ? std::numeric_limits<int>::max()
                              : it->event.count + e.count;
        if (newer(time, it->time)) {
            it->event.message = e.message;
            it->event.last_timestamp = e.last_timestamp;
            it->time = time;
        }
    }
    return lines;
}

// A Normal event on the same object after the line's newest Warning (say Pulled after BackOff).
bool answered_later(const Line& line, const std::vector<Event>& events) {
    return std::any_of(events.begin(), events.end(), [&](const Event& e) {
        return e.type == "Normal" && e.object_kind == line.event.object_kind &&
               e.object_name == line.event.object_name && line.time &&
               newer(event_time(e.last_timestamp), line.time);
    });
}

bool healthy(const StatusReport& report) {
    return report.phase == Phase::ready && !report.failed &&
           std::none_of(report.verdicts.begin(), report.verdicts.end(),
                        [](const PieceVerdict& v) { return v.state == PieceState::failing; });
}

}  // namespace

NotableEvents notable_events(const Snapshot& s, const StatusReport& report, std::size_t limit) {
    NotableEvents out;
    if (healthy(report)) {
        return out;
    }
    if (!s.events.ok()) {
        if (!not_gathered(s.events.error())) {
            out.unread = s.events.error();
        }
        return out;
    }
    std::vector<Line> lines = merged_warnings(*s.events);
    std::erase_if(lines, [&](const Line& l) {
        const Standing st = standing_of(s, l.event.object_kind, l.event.object_name);
        return st == Standing::gone || (st == Standing::fine && answered_later(l, *s.events));
    });
    std::stable_sort(lines.begin(), lines.end(),
                     [](const Line& a, const Line& b) { return newer(a.time, b.time); });
    for (auto& l : lines) {
        if (out.shown.size() < limit) {
            out.shown.push_back(std::move(l.event));
        } else {
            ++out.more;
        }
    }
    return out;
}

}  // namespace preview
