#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/diagnosis.hpp"
#include "preview/core/status_report.hpp"
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
