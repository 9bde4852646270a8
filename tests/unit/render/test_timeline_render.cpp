#include <string>

#include <doctest/doctest.h>

#include "preview/core/time.hpp"
#include "preview/render/timeline_render.hpp"

using namespace preview;

namespace {

Timeline sample(bool live) {
    Timeline t;
    t.observed_live = live;
    const std::int64_t t0 = parse_rfc3339("2026-11-23T15:00:00Z").value();
    t.events = {{TimelineEventKind::label_added, t0, std::nullopt},
                {TimelineEventKind::application_created, t0 + 372, 372},
                {TimelineEventKind::url_healthy, t0 + 500, 128}};
    t.biggest = TimelineWait{1, 372, "waited 6m12s for the ApplicationSet's poll",
                             "`preview up` refreshes it; or lower `requeueAfterSeconds`"};
    return t;
}

}  // namespace

TEST_SUITE("render::timeline") {
    TEST_CASE("the status section: UTC times, gaps, the biggest wait marked and named") {
        const std::string text =
            render_timeline_section(sample(false), std::vector<LabelEvent>{}, TermStyle{});
        CHECK(text.find("Timeline (UTC)\n") == 0);
        CHECK(text.find("15:00:00") != std::string::npos);
        CHECK(text.find("15:06:12  +6m12s  Application created  <- biggest wait") !=
              std::string::npos);
        // A one-off status saw the URL healthy "now": no time or gap that changes every poll.
        CHECK(text.find("now") != std::string::npos);
        CHECK(text.find("+2m08s") == std::string::npos);
        CHECK(text.find("waited 6m12s for the ApplicationSet's poll: `preview up` refreshes it") !=
              std::string::npos);
    }

    TEST_CASE("unreadable label events are said, escaped") {
        Error e{ErrorKind::api, "cannot read the events of #42: \x1b[2Jboom", {}, 502, "x"};
        const std::string text = render_timeline_section(Timeline{}, e, TermStyle{});
        CHECK(text.find("label added: cannot read the events of #42") != std::string::npos);
        CHECK(text.find('\x1b') == std::string::npos);
        CHECK(render_timeline_section(Timeline{}, Snapshot::not_read(), TermStyle{}).empty());
    }

    TEST_CASE("JSON: event, at, gapSeconds and biggestWait") {
        const auto doc = timeline_json(sample(false));
        REQUIRE(doc.size() == 3);
        CHECK(doc[0]["event"] == "label-added");
        CHECK(doc[0]["at"] == "2026-11-23T15:00:00Z");
        CHECK(doc[0]["gapSeconds"].is_null());
        CHECK(doc[1]["gapSeconds"] == 372);
        // Seen healthy by a one-off status: when it looked, not a wait.
        CHECK(doc[2]["gapSeconds"].is_null());
        CHECK(doc[2]["asObserved"] == true);
        CHECK(doc[1].count("asObserved") == 0);
        const auto live = timeline_json(sample(true));
        CHECK(live[2]["gapSeconds"] == 128);
        CHECK(live[2].count("asObserved") == 0);
        const auto wait = biggest_wait_json(sample(false));
        CHECK(wait["event"] == "application-created");
        CHECK(wait["after"] == "label-added");
        CHECK(wait["seconds"] == 372);
        CHECK(biggest_wait_json(Timeline{}).is_null());
    }

    TEST_CASE("up's breakdown: one line of events, one naming the biggest wait") {
        const std::string text = render_timeline_lines(sample(true), TermStyle{});
        CHECK(text ==
              "Timeline (UTC): label added 15:00:00, +6m12s Application created, +2m08s URL "
              "healthy\nBiggest wait: waited 6m12s for the ApplicationSet's poll: `preview up` "
              "refreshes it; or lower `requeueAfterSeconds`\n");
    }
}
