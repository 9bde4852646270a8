#include "preview/core/timeline.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "preview/core/status.hpp"
#include "preview/core/time.hpp"

namespace preview {
namespace {

// Clocks disagree a little; a stamp further in the future than this was not observed, it is
// garbage (or hostile) and would otherwise become a huge "wait".
constexpr std::int64_t kClockSkew = 300;

struct Meaning {
    std::string_view title;
    std::string_view name;
    std::string_view spent;  // "{}" is the duration
    std::string_view shorten;
};

constexpr std::array<Meaning, 10> kMeanings{{
    {"label added", "label-added", "waited {} before the label was added",
     "`preview up` adds it as soon as a preview is wanted"},
    {"CI started", "ci-started", "waited {} for CI to start", "a free runner starts it sooner"},
    {"CI finished", "ci-finished", "spent {} in the CI build",
     "cache image layers, or build less for a preview"},
    {"Application created", "application-created", "waited {} for the ApplicationSet's poll",
     "`preview up` refreshes it; or lower `requeueAfterSeconds`"},
    {"namespace created", "namespace-created",
     "waited {} for Argo CD's first sync to create the namespace",
     "`preview refresh` asks Argo CD at once"},
    {"synced", "synced", "spent {} in Argo CD's sync", "fewer sync waves and hooks"},
    {"pods ready", "pods-ready", "spent {} pulling images and starting the pods",
     "smaller images, a pull-through cache, or quicker readiness probes"},
    {"route accepted", "route-accepted", "waited {} for the gateway to accept the route",
     "`preview bump-route` makes the gateway look again"},
    {"seed Job finished", "seed-finished", "spent {} in the seed Job", "seed less data"},
    {"URL healthy", "url-healthy", "waited {} for the URL to answer healthy",
     "DNS and the gateway's programming; the app's own start-up"},
}};

const Meaning& meaning(TimelineEventKind kind) {
    return kMeanings.at(static_cast<std::size_t>(kind));
}

bool equal_fold(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
        return lower(x) == lower(y);
    });
}

class Collector {
  public:
    explicit Collector(std::int64_t now) : now_(now) {}

    /// A moment from a server: kept only if it parses and could have been observed.
    std::optional<std::int64_t> moment(std::string_view text) const {
        auto at = parse_rfc3339(text);
        if (!at || *at <= 0 || *at > now_ + kClockSkew) {
            return std::nullopt;
        }
        return at;
    }

    void add(TimelineEventKind kind, std::optional<std::int64_t> at) {
        if (at) {
            events_.push_back({kind, *at, std::nullopt});
        }
    }

    std::vector<TimelineEvent>& events() { return events_; }

  private:
    std::int64_t now_;
    std::vector<TimelineEvent> events_;
};

// Keeps the newest of two optional moments.
void newest(std::optional<std::int64_t>& best, std::optional<std::int64_t> at) {
    if (at && (!best || *at > *best)) {
        best = at;
    }
}

void add_github(Collector& c, const Snapshot& s, const TimelineOptions& options) {
    if (s.label_events.ok() && !options.gate_label.empty()) {
        std::optional<std::int64_t> labeled;
        for (const auto& e : *s.label_events) {
            if (e.event == "labeled" && equal_fold(e.label, options.gate_label)) {
                newest(labeled, c.moment(e.created_at));
            }
        }
        c.add(TimelineEventKind::label_added, labeled);
    }
    if (s.checks.ok() && !s.checks->empty()) {
        std::optional<std::int64_t> started;
        std::optional<std::int64_t> finished;
        bool all_done = true;
        for (const auto& run : *s.checks) {
            if (auto at = c.moment(run.started_at); at && (!started || *at < *started)) {
                started = at;
            }
            auto done = c.moment(run.completed_at);
            all_done = all_done && run.status == "completed" && done.has_value();
            newest(finished, done);
        }
        c.add(TimelineEventKind::ci_started, started);
        c.add(TimelineEventKind::ci_finished, all_done ? finished : std::nullopt);
    }
}

void add_argocd(Collector& c, const Snapshot& s) {
    if (!s.applications.ok() || s.applications->empty()) {
        return;
    }
    const auto& apps = *s.applications;
    // The parent comes first when it exists; without it, the first child stands in.
    c.add(TimelineEventKind::application_created, c.moment(apps.front().meta.creation_timestamp));
    std::optional<std::int64_t> synced;
    for (const auto& app : apps) {
        if (app.operation_phase == "Succeeded") {
            newest(synced, c.moment(app.operation_finished_at));
        }
    }
    c.add(TimelineEventKind::synced, synced);
}

void add_workloads(Collector& c, const Snapshot& s) {
    if (s.namespace_state.ok() && s.namespace_state->has_value()) {
        c.add(TimelineEventKind::namespace_created,
              c.moment((*s.namespace_state)->meta.creation_timestamp));
    }
    if (s.pods.ok()) {
        std::optional<std::int64_t> ready;
        bool all = true;
        bool any = false;
        for (const auto& pod : *s.pods) {
            if (pod.phase == "Succeeded" || pod.phase == "Failed") {
                continue;  // finished Job pods are never Ready
            }
            const auto* cond = find_condition(pod.conditions, "Ready");
            auto at = cond != nullptr && cond->status == "True"
                          ? c.moment(cond->last_transition_time)
                          : std::nullopt;
            all = all && at.has_value();
            any = true;
            newest(ready, at);
        }
        c.add(TimelineEventKind::pods_ready, all && any ? ready : std::nullopt);
    }
    if (s.routes.ok()) {
        std::optional<std::int64_t> accepted;
        bool all = !s.routes->empty();
        for (const auto& route : *s.routes) {
            all = all && !route.parents.empty();
            for (const auto& parent : route.parents) {
                const auto* cond = find_condition(parent.conditions, "Accepted");
                auto at = cond != nullptr && cond->status == "True"
                              ? c.moment(cond->last_transition_time)
                              : std::nullopt;
                all = all && at.has_value();
                newest(accepted, at);
            }
        }
        c.add(TimelineEventKind::route_accepted, all ? accepted : std::nullopt);
    }
    if (s.jobs.ok()) {
        std::optional<std::int64_t> finished;
        for (const auto& job : *s.jobs) {
            if (job_state(job) == JobState::complete) {
                newest(finished, c.moment(job.completion_time));
            }
        }
        c.add(TimelineEventKind::seed_finished, finished);
    }
    if (s.url.ok() && url_healthy(*s.url) && s.now > 0) {
        c.add(TimelineEventKind::url_healthy, s.now);
    }
}

std::optional<std::int64_t> find(const std::vector<TimelineEvent>& events, TimelineEventKind kind) {
    for (const auto& e : events) {
        if (e.kind == kind) {
            return e.at;
        }
    }
    return std::nullopt;
}

// A preview rolled to a new head keeps its label, Application, namespace and seed Job from the
// first revision; the time between those and the push is the author's, not a wait. So when the
// Application is older than the head's push (its first check run), everything before the push
// belongs to an earlier revision and is left out. A fresh preview (Application created after
// the push) keeps all, including a label added before the push. Without check runs the push
// time is unknown and nothing is left out.
std::size_t drop_earlier_revision(std::vector<TimelineEvent>& events) {
    const auto pushed = find(events, TimelineEventKind::ci_started);
    const auto created = find(events, TimelineEventKind::application_created);
    if (!pushed || !created || *created >= *pushed) {
        return 0;
    }
    const auto before = events.size();
    std::erase_if(events, [&](const TimelineEvent& e) { return e.at < *pushed; });
    return before - events.size();
}

}  // namespace

std::string_view timeline_event_title(TimelineEventKind kind) {
    return meaning(kind).title;
}

std::string_view timeline_event_name(TimelineEventKind kind) {
    return meaning(kind).name;
}

Timeline timeline_of(const Snapshot& s, const TimelineOptions& options) {
    Collector c(s.now);
    add_github(c, s, options);
    add_argocd(c, s);
    add_workloads(c, s);
    Timeline out;
    out.observed_live = options.observed_live;
    out.events = std::move(c.events());
    std::stable_sort(out.events.begin(), out.events.end(),
                     [](const TimelineEvent& a, const TimelineEvent& b) {
                         return a.at != b.at ? a.at < b.at : a.kind < b.kind;
                     });
    out.earlier_revision = drop_earlier_revision(out.events);
    for (std::size_t i = 1; i < out.events.size(); ++i) {
        auto& e = out.events[i];
        e.gap = e.at - out.events[i - 1].at;
        if (e.kind == TimelineEventKind::url_healthy && !options.observed_live) {
            continue;
        }
        if (*e.gap > 0 && (!out.biggest || *e.gap > out.biggest->seconds)) {
            out.biggest = TimelineWait{i, *e.gap, {}, {}};
        }
    }
    if (out.biggest) {
        const Meaning& m = meaning(out.events[out.biggest->index].kind);
        out.biggest->what =
            fmt::format(fmt::runtime(m.spent), format_duration(out.biggest->seconds));
        out.biggest->shorten = std::string(m.shorten);
    }
    return out;
}

}  // namespace preview
