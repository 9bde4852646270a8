#include <string>
#include <vector>

#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/time.hpp"
#include "preview/core/timeline.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

using Kind = TimelineEventKind;

LabelEvent label_event(std::string event, std::string label, std::string at) {
    return LabelEvent{std::move(event), std::move(label), "alice", std::move(at)};
}

CheckRun timed_run(std::string name, std::string started, std::string completed) {
    CheckRun r = check_run(std::move(name), completed.empty() ? "in_progress" : "completed",
                           completed.empty() ? "" : "success");
    r.started_at = std::move(started);
    r.completed_at = std::move(completed);
    return r;
}

// The healthy preview of PR 42 brought up step by step (now = 16:00:00Z): pushed 14:50, built
// until 14:58, labelled 15:00, generated at the ApplicationSet's next poll 15:06:12.
Snapshot stepwise() {
    Snapshot s = healthy_snapshot();
    s.label_events =
        std::vector<LabelEvent>{label_event("labeled", "preview", "2026-11-23T15:00:00Z")};
    s.checks =
        std::vector<CheckRun>{timed_run("build", "2026-11-23T14:50:00Z", "2026-11-23T14:58:00Z"),
                              timed_run("lint", "2026-11-23T14:50:05Z", "2026-11-23T14:51:00Z")};
    auto& apps = *s.applications;
    apps[0].meta.creation_timestamp = "2026-11-23T15:06:12Z";
    for (auto& app : apps) {
        app.operation_phase = "Succeeded";
        app.operation_finished_at = "2026-11-23T15:06:20Z";
    }
    apps[1].operation_finished_at = "2026-11-23T15:06:30Z";
    (*s.namespace_state)->meta.creation_timestamp = "2026-11-23T15:06:25Z";
    for (auto& pod : *s.pods) {
        pod.conditions.front().last_transition_time = "2026-11-23T15:07:00Z";
    }
    s.pods->back().conditions.front().last_transition_time = "2026-11-23T15:08:00Z";
    (*s.routes)[0].parents[0].conditions[0].last_transition_time = "2026-11-23T15:08:10Z";
    (*s.jobs)[0].completion_time = "2026-11-23T15:09:00Z";
    return s;
}

std::vector<Kind> kinds(const Timeline& t) {
    std::vector<Kind> out;
    for (const auto& e : t.events) {
        out.push_back(e.kind);
    }
    return out;
}

std::int64_t at(const char* text) {
    return parse_rfc3339(text).value();
}

const TimelineEvent* find(const Timeline& t, Kind kind) {
    for (const auto& e : t.events) {
        if (e.kind == kind) {
            return &e;
        }
    }
    return nullptr;
}

}  // namespace

TEST_SUITE("core::timeline") {
    TEST_CASE("every event in order, with the gap before each and the biggest wait named") {
        const Timeline t = timeline_of(stepwise(), {"preview", false});
        CHECK(kinds(t) == std::vector<Kind>{Kind::ci_started, Kind::ci_finished, Kind::label_added,
                                            Kind::application_created, Kind::namespace_created,
                                            Kind::synced, Kind::pods_ready, Kind::route_accepted,
                                            Kind::seed_finished, Kind::url_healthy});
        CHECK(t.events[0].at == at("2026-11-23T14:50:00Z"));
        CHECK_FALSE(t.events[0].gap.has_value());
        CHECK(t.events[1].gap == 8 * 60);                                    // the build
        CHECK(t.events[3].gap == 6 * 60 + 12);                               // label -> Application
        CHECK(find(t, Kind::synced)->at == at("2026-11-23T15:06:30Z"));      // the newest sync
        CHECK(find(t, Kind::pods_ready)->at == at("2026-11-23T15:08:00Z"));  // the last pod
        CHECK(find(t, Kind::url_healthy)->at == kNow);
        REQUIRE(t.biggest.has_value());
        // The URL's 51 minutes are when `status` looked, not a wait; the build's 8 are real.
        CHECK(t.events[t.biggest->index].kind == Kind::ci_finished);
        CHECK(t.biggest->what == "spent 8m00s in the CI build");
        CHECK(t.earlier_revision == 0);
    }

    TEST_CASE("the ApplicationSet's poll named with what shortens it") {
        Snapshot s = stepwise();
        s.checks = std::vector<CheckRun>{
            timed_run("build", "2026-11-23T14:56:00Z", "2026-11-23T14:58:00Z")};
        const Timeline t = timeline_of(s, {"preview", false});
        REQUIRE(t.biggest.has_value());
        CHECK(t.events[t.biggest->index].kind == Kind::application_created);
        CHECK(t.biggest->seconds == 372);
        CHECK(t.biggest->what == "waited 6m12s for the ApplicationSet's poll");
        CHECK(t.biggest->shorten == "`preview up` refreshes it; or lower `requeueAfterSeconds`");
    }

    TEST_CASE("a live follow counts the URL's wait") {
        Snapshot s = stepwise();
        s.now = at("2026-11-23T15:20:00Z");
        const Timeline t = timeline_of(s, {"preview", true});
        REQUIRE(t.biggest.has_value());
        CHECK(t.events[t.biggest->index].kind == Kind::url_healthy);
        CHECK(t.biggest->seconds == 11 * 60);
        CHECK(t.observed_live);
    }

    TEST_CASE("out-of-order input: the newest label, the first start, the last finish") {
        Snapshot s = stepwise();
        s.label_events =
            std::vector<LabelEvent>{label_event("labeled", "preview", "2026-11-23T15:00:00Z"),
                                    label_event("labeled", "preview", "2026-11-22T09:00:00Z"),
                                    label_event("unlabeled", "preview", "2026-11-23T15:01:00Z"),
                                    label_event("labeled", "bug", "2026-11-23T15:02:00Z")};
        s.checks = std::vector<CheckRun>{
            timed_run("lint", "2026-11-23T14:52:00Z", "2026-11-23T14:59:00Z"),
            timed_run("build", "2026-11-23T14:50:00Z", "2026-11-23T14:58:00Z")};
        std::swap((*s.applications)[1], (*s.applications)[3]);  // children in any order
        const Timeline t = timeline_of(s, {"preview", false});
        CHECK(find(t, Kind::label_added)->at == at("2026-11-23T15:00:00Z"));
        CHECK(find(t, Kind::ci_started)->at == at("2026-11-23T14:50:00Z"));
        CHECK(find(t, Kind::ci_finished)->at == at("2026-11-23T14:59:00Z"));
        for (std::size_t i = 1; i < t.events.size(); ++i) {
            CHECK(t.events[i - 1].at <= t.events[i].at);
            CHECK(t.events[i].gap == t.events[i].at - t.events[i - 1].at);
        }
    }

    TEST_CASE("the same second keeps the usual order") {
        Snapshot s = stepwise();
        (*s.namespace_state)->meta.creation_timestamp = "2026-11-23T15:06:12Z";
        const Timeline t = timeline_of(s, {"preview", false});
        CHECK(t.events[3].kind == Kind::application_created);
        CHECK(t.events[4].kind == Kind::namespace_created);
        CHECK(t.events[4].gap == 0);
    }

    TEST_CASE("missing timestamps are left out, not invented") {
        SUBCASE("nothing read") {
            Snapshot s;
            s.now = kNow;
            const Timeline t = timeline_of(s, {"preview", false});
            CHECK(t.events.empty());
            CHECK_FALSE(t.biggest.has_value());
        }
        SUBCASE("a build still running, a pod not ready, a route not accepted, no label events") {
            Snapshot s = stepwise();
            s.label_events = Snapshot::not_read();
            s.checks->push_back(timed_run("slow", "2026-11-23T14:51:00Z", ""));
            s.pods->front().conditions.front().status = "False";
            (*s.routes)[0].parents[0].conditions[0].status = "False";
            (*s.jobs)[0].completion_time.clear();
            s.url = UrlProbe{s.targets.health_url, 503, 12, {}};
            const Timeline t = timeline_of(s, {"preview", false});
            CHECK(kinds(t) == std::vector<Kind>{Kind::ci_started, Kind::application_created,
                                                Kind::namespace_created, Kind::synced});
        }
        SUBCASE("a sync that did not succeed is not a sync") {
            Snapshot s = stepwise();
            for (auto& app : *s.applications) {
                app.operation_phase = "Running";
            }
            CHECK(find(timeline_of(s, {"preview", false}), Kind::synced) == nullptr);
        }
        SUBCASE("no gate label configured") {
            CHECK(find(timeline_of(stepwise(), {"", false}), Kind::label_added) == nullptr);
        }
    }

    TEST_CASE("hostile and garbage timestamps and labels are ignored") {
        Snapshot s = stepwise();
        s.label_events = std::vector<LabelEvent>{
            label_event("labeled", "preview", "2026-11-23T15:00:00Z"),
            label_event("labeled", "preview", "9999-12-31T23:59:59Z"),  // the future
            label_event("labeled", "preview", "2026-11-23T15:30:00Z\x1b[2J"),
            label_event("labeled", "preview", "yesterday"),
            label_event("labeled", "preview\x1b]8;;http://evil\x07", "2026-11-23T15:40:00Z"),
            label_event("labeled", "PREVIEW", "2026-11-23T15:01:00Z")};  // GitHub: any case
        (*s.applications)[0].meta.creation_timestamp = "1969-12-31T23:00:00Z";
        (*s.namespace_state)->meta.creation_timestamp = "2026-13-45T99:00:00Z";
        (*s.jobs)[0].completion_time = "2026-11-23T16:04:59Z";  // within clock skew: kept
        (*s.routes)[0].parents[0].conditions[0].last_transition_time = "2026-11-23T16:05:01Z";
        const Timeline t = timeline_of(s, {"preview", false});
        CHECK(find(t, Kind::label_added)->at == at("2026-11-23T15:01:00Z"));
        CHECK(find(t, Kind::application_created) == nullptr);
        CHECK(find(t, Kind::namespace_created) == nullptr);
        CHECK(find(t, Kind::route_accepted) == nullptr);
        CHECK(find(t, Kind::seed_finished)->at == at("2026-11-23T16:04:59Z"));
        for (const auto& e : t.events) {
            CHECK(e.at <= kNow + 300);
            CHECK(e.at > 0);
        }
    }

    TEST_CASE("a preview rolled to a new head: events before the push belong to the old one") {
        Snapshot s = stepwise();
        s.label_events =
            std::vector<LabelEvent>{label_event("labeled", "preview", "2026-11-23T10:00:00Z")};
        (*s.applications)[0].meta.creation_timestamp = "2026-11-23T10:05:00Z";
        (*s.namespace_state)->meta.creation_timestamp = "2026-11-23T10:05:10Z";
        (*s.jobs)[0].completion_time = "2026-11-23T10:09:00Z";
        const Timeline t = timeline_of(s, {"preview", false});
        CHECK(t.earlier_revision == 4);
        CHECK(kinds(t) == std::vector<Kind>{Kind::ci_started, Kind::ci_finished, Kind::synced,
                                            Kind::pods_ready, Kind::route_accepted,
                                            Kind::url_healthy});
        CHECK_FALSE(t.events[0].gap.has_value());

        SUBCASE("a label added before the push of a fresh preview still counts") {
            Snapshot fresh = stepwise();
            fresh.label_events =
                std::vector<LabelEvent>{label_event("labeled", "preview", "2026-11-23T14:40:00Z")};
            const Timeline f = timeline_of(fresh, {"preview", false});
            CHECK(f.earlier_revision == 0);
            CHECK(f.events.front().kind == Kind::label_added);
        }
    }

    TEST_CASE("titles and names") {
        CHECK(timeline_event_title(Kind::application_created) == "Application created");
        CHECK(timeline_event_name(Kind::url_healthy) == "url-healthy");
        CHECK(timeline_event_name(Kind::seed_finished) == "seed-finished");
    }
}
