#include <limits>
#include <string>
#include <vector>

#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/api/kube_json.hpp"
#include "preview/core/notable_events.hpp"
#include "preview/core/status_report.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

Event at(Event e, std::string timestamp, int count = 1) {
    e.last_timestamp = std::move(timestamp);
    e.count = count;
    return e;
}

Event normal(std::string reason, std::string kind, std::string name, std::string timestamp) {
    Event e = warning_event(std::move(reason), std::move(kind), std::move(name), "ok");
    e.type = "Normal";
    return at(e, std::move(timestamp));
}

// The broken preview (core-catcher pod crash-looping) with these events readable.
Snapshot broken_with(std::vector<Event> events) {
    Snapshot s = broken_preview_snapshot();
    s.events = std::move(events);
    return s;
}

NotableEvents notable(const Snapshot& s) {
    return notable_events(s, status_report_of(s, Profile{}));
}

std::vector<std::string> reasons(const NotableEvents& n) {
    std::vector<std::string> out;
    for (const auto& e : n.shown) {
        out.push_back(e.reason);
    }
    return out;
}

const std::string kCrashing = "homerun2-core-catcher-7d9f8-abcde";
const std::string kHealthyPod = "homerun2-omni-pitcher-5c6d7-fghij";

}  // namespace

TEST_SUITE("core::notable_events") {
    TEST_CASE("only Warning events are shown") {
        const auto n = notable(broken_with({
            at(warning_event("BackOff", "Pod", kCrashing, "Back-off restarting"),
               "2026-11-23T15:59:00Z"),
            normal("Pulled", "Pod", kCrashing, "2026-11-23T15:58:00Z"),
        }));
        CHECK(reasons(n) == std::vector<std::string>{"BackOff"});
        CHECK(n.more == 0);
    }

    TEST_CASE("repeats of one object and reason are one line with every repeat counted") {
        const auto n = notable(broken_with({
            at(warning_event("BackOff", "Pod", kCrashing, "old words"), "2026-11-23T15:50:00Z", 4),
            at(warning_event("Failed", "Pod", kCrashing, "pull failed"), "2026-11-23T15:55:00Z"),
            at(warning_event("BackOff", "Pod", kCrashing, "newest words"), "2026-11-23T15:59:00Z",
               6),
            at(warning_event("BackOff", "Pod", "redis-stack-node-0", "other pod"),
               "2026-11-23T15:40:00Z"),
        }));
        REQUIRE(n.shown.size() == 3);
        CHECK(n.shown[0].reason == "BackOff");
        CHECK(n.shown[0].object_name == kCrashing);
        CHECK(n.shown[0].count == 10);
        CHECK(n.shown[0].message == "newest words");
        CHECK(n.shown[0].last_timestamp == "2026-11-23T15:59:00Z");
        CHECK(n.shown[1].reason == "Failed");
        CHECK(n.shown[2].object_name == "redis-stack-node-0");
    }

    TEST_CASE("merged repeats saturate: a server's counts cannot overflow") {
        const int most = std::numeric_limits<int>::max();
        const auto n = notable(broken_with({
            at(warning_event("BackOff", "Pod", kCrashing, "a"), "2026-11-23T15:50:00Z", most),
            at(warning_event("BackOff", "Pod", kCrashing, "b"), "2026-11-23T15:51:00Z", most),
        }));
        REQUIRE(n.shown.size() == 1);
        CHECK(n.shown[0].count == most);
    }

    TEST_CASE("newest first by the real timestamp fields, eventTime-only events included") {
        // As the API serves them: lastTimestamp (core/v1 recorders), eventTime only and
        // series.lastObservedTime (events.k8s.io recorders, MicroTime), and no time at all.
        const auto parsed = parse_event_list(R"({"kind":"EventList","items":[
            {"metadata":{"name":"e1"},"type":"Warning",
             "reason":"Undated","involvedObject":{"kind":"ReplicaSet","name":"a"},
             "lastTimestamp":null,"eventTime":null},
            {"metadata":{"name":"e2"},"type":"Warning",
             "reason":"Legacy","involvedObject":{"kind":"ReplicaSet","name":"b"},
             "lastTimestamp":"2026-11-23T15:58:00Z","eventTime":null,"count":2},
            {"metadata":{"name":"e3"},"type":"Warning",
             "reason":"FailedScheduling",
             "involvedObject":{"kind":"Pod","name":"redis-stack-node-0"},
             "lastTimestamp":null,"eventTime":"2026-11-23T15:59:30.100000Z"},
            {"metadata":{"name":"e4"},"type":"Warning",
             "reason":"Later","involvedObject":{"kind":"ReplicaSet","name":"c"},
             "lastTimestamp":null,"eventTime":"2026-11-23T15:59:30.900000Z"},
            {"metadata":{"name":"e5"},"type":"Warning",
             "reason":"Series","involvedObject":{"kind":"ReplicaSet","name":"d"},
             "lastTimestamp":null,"eventTime":"2026-11-23T15:00:00.000000Z",
             "series":{"count":9,"lastObservedTime":"2026-11-23T15:59:45.000000Z"}},
            {"metadata":{"name":"e6"},"type":"Warning",
             "reason":"Offset","involvedObject":{"kind":"ReplicaSet","name":"e"},
             "lastTimestamp":"2026-11-23T17:30:00+02:00"}]})");
        REQUIRE(parsed.ok());
        const auto n = notable_events(broken_with(*parsed),
                                      status_report_of(broken_with(*parsed), Profile{}), 10);
        CHECK(reasons(n) == std::vector<std::string>{"Series", "Later", "FailedScheduling",
                                                     "Legacy", "Offset", "Undated"});
        CHECK(n.shown[0].count == 9);
    }

    TEST_CASE("at most the limit, and how many more") {
        std::vector<Event> events;
        for (int i = 0; i < 7; ++i) {
            events.push_back(
                at(warning_event("FailedCreate", "ReplicaSet", "rs-" + std::to_string(i), "quota"),
                   "2026-11-23T15:5" + std::to_string(i) + ":00Z"));
        }
        const auto n = notable(broken_with(events));
        REQUIRE(n.shown.size() == kNotableEventLimit);
        CHECK(n.more == 2);
        CHECK(n.shown[0].object_name == "rs-6");
        CHECK(n.shown[4].object_name == "rs-2");
    }

    TEST_CASE("events about objects that are gone are left out, unless they may explain") {
        SUBCASE("a replaced pod of a healthy workload") {
            const auto n = notable(broken_with({
                at(warning_event("BackOff", "Pod", "homerun2-omni-pitcher-5c6d7-old00", "gone"),
                   "2026-11-23T15:59:00Z"),
                at(warning_event("FailedCreate", "ReplicaSet", "homerun2-omni-pitcher-5c6d7", "rs"),
                   "2026-11-23T15:58:00Z"),
            }));
            CHECK(reasons(n) == std::vector<std::string>{"FailedCreate"});
        }
        SUBCASE("a deleted pod of a failing workload or Job stays") {
            auto s = broken_with({
                at(warning_event("BackOff", "Pod", "homerun2-core-catcher-7d9f8-old00", "was"),
                   "2026-11-23T15:59:00Z"),
                at(warning_event("Failed", "Pod", "seed-test-events-x1y2z", "pull"),
                   "2026-11-23T15:58:00Z"),
            });
            s.jobs = std::vector<Job>{job("seed-test-events", "Failed")};
            CHECK(reasons(notable(s)) == std::vector<std::string>{"BackOff", "Failed"});
        }
        SUBCASE("nothing is gone when the pods could not be read") {
            auto s = broken_with(
                {at(warning_event("BackOff", "Pod", "x-1", "m"), "2026-11-23T15:59:00Z")});
            s.pods = Error(ErrorKind::permission, "forbidden");
            CHECK(notable(s).shown.size() == 1);
        }
    }

    TEST_CASE("a newer Normal event answers a Warning only about an object that is fine now") {
        const auto n = notable(broken_with({
            at(warning_event("Unhealthy", "Pod", kHealthyPod, "probe failed"),
               "2026-11-23T15:50:00Z"),
            normal("Started", "Pod", kHealthyPod, "2026-11-23T15:51:00Z"),
            at(warning_event("BackOff", "Pod", kCrashing, "crash"), "2026-11-23T15:50:00Z"),
            normal("Started", "Pod", kCrashing, "2026-11-23T15:51:00Z"),
            at(warning_event("Unhealthy", "Pod", "redis-stack-node-0", "after"),
               "2026-11-23T15:52:00Z"),
            normal("Started", "Pod", "redis-stack-node-0", "2026-11-23T15:51:00Z"),
        }));
        CHECK(reasons(n) == std::vector<std::string>{"Unhealthy", "BackOff"});
        CHECK(n.shown[0].object_name == "redis-stack-node-0");
    }

    TEST_CASE("a healthy preview shows none; unreadable events are said when they matter") {
        auto healthy = healthy_snapshot();
        healthy.events = std::vector<Event>{
            at(warning_event("Unhealthy", "Pod", kHealthyPod, "probe"), "2026-11-23T15:59:00Z")};
        const auto quiet = notable(healthy);
        CHECK(quiet.shown.empty());
        CHECK_FALSE(quiet.unread);

        const auto broken = notable(broken_preview_snapshot());
        CHECK(broken.shown.empty());
        REQUIRE(broken.unread);
        CHECK(broken.unread->kind == ErrorKind::permission);

        auto unasked = broken_preview_snapshot();
        unasked.events = Snapshot::not_read();
        CHECK_FALSE(notable(unasked).unread);
    }
}
