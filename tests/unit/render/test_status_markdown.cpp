#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/diagnosis.hpp"
#include "preview/core/status_report.hpp"
#include "preview/core/time.hpp"
#include "preview/render/status_markdown.hpp"

using namespace preview;
using namespace preview::testing;

TEST_SUITE("render::status_markdown") {
    TEST_CASE("the comment starts with the marker and says when it was checked") {
        auto s = healthy_snapshot();
        s.now = 1'700'000'000;
        s.targets.url = "https://cc-pr-42.example.com";
        const auto report = status_report_of(s, Profile{});
        const auto text = render_status_comment(s, report, diagnose(s, Profile{}));
        CHECK(text.starts_with(std::string(kStatusCommentMarker) + "\n"));
        CHECK(text.find("| URL | <https://cc-pr-42.example.com> |") != std::string::npos);
        CHECK(text.find("Last checked 2023-11-14 22:13:20 UTC") != std::string::npos);
        CHECK(render_status_markdown(s, report, {}).find("<!--") == std::string::npos);
    }

    TEST_CASE("a URL with anything but plain characters is code, not a link") {
        auto s = healthy_snapshot();
        s.targets.url = "https://x.example/<img src=x>|@team";
        const auto text = render_status_markdown(s, status_report_of(s, Profile{}), {});
        CHECK(text.find("<https://x.example") == std::string::npos);
        CHECK(text.find("| URL | `https://x.example/<img src=x>\u00a6@team` |") !=
              std::string::npos);
    }

    TEST_CASE("each failing check comes with its fix") {
        const auto s = broken_preview_snapshot();
        const auto findings = diagnose(s, Profile{});
        const auto text = render_status_markdown(s, status_report_of(s, Profile{}), findings);
        CHECK(text.find("#### Failing checks") != std::string::npos);
        for (const auto& f : findings) {
            if (f.status == CheckStatus::fail) {
                CHECK(text.find("**`" + f.id + "`**") != std::string::npos);
            }
        }
        CHECK(text.find("  - fix: `") != std::string::npos);
    }
}

TEST_SUITE("render::status_markdown") {
    TEST_CASE("the timeline's longest wait, only when the label events were read") {
        auto s = healthy_snapshot();
        s.now = *parse_rfc3339("2026-11-23T16:00:00Z");
        // Built 14:50-14:58, labelled 15:00, everything else a few minutes later.
        std::vector<CheckRun> runs;
        for (const char* name : {"build-pr", "push-kustomize"}) {
            CheckRun run = check_run(name, "completed", "success");
            run.started_at = "2026-11-23T14:50:00Z";
            run.completed_at = "2026-11-23T14:58:00Z";
            runs.push_back(run);
        }
        s.checks = runs;
        s.label_events =
            std::vector<LabelEvent>{{"labeled", "preview", "alice", "2026-11-23T15:00:00Z"}};
        for (auto& app : *s.applications) {
            app.meta.creation_timestamp = "2026-11-23T15:02:00Z";
        }
        (*s.namespace_state)->meta.creation_timestamp = "2026-11-23T15:02:10Z";
        for (auto& pod : *s.pods) {
            pod.conditions.front().last_transition_time = "2026-11-23T15:03:00Z";
        }
        for (auto& route : *s.routes) {
            route.parents[0].conditions[0].last_transition_time = "2026-11-23T15:03:10Z";
        }
        for (auto& job : *s.jobs) {
            job.completion_time = "2026-11-23T15:04:00Z";
        }
        const auto report = status_report_of(s, Profile{});
        REQUIRE(report.timeline.biggest);
        const auto text = render_status_markdown(s, report, {});
        CHECK(text.find("| Longest wait | `CI started → CI finished, 8m00s` (to shorten: `cache "
                        "image layers, or build less for a preview`) |") != std::string::npos);

        s.label_events = Snapshot::not_read();
        const auto without = render_status_markdown(s, status_report_of(s, Profile{}), {});
        CHECK(without.find("Longest wait") == std::string::npos);
    }
}
