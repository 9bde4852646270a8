#include "support/golden.hpp"
#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/sanitize.hpp"
#include "preview/render/status_render.hpp"
#include "preview/render/yaml.hpp"

using namespace preview;
using namespace preview::testing;

TEST_SUITE("render::status") {
    TEST_CASE("healthy preview, table without colour") {
        check_golden("status_healthy.txt", render_status_table(healthy_snapshot(), Profile{}, {}));
    }

    TEST_CASE("broken preview, table without colour") {
        check_golden("status_broken.txt",
                     render_status_table(broken_preview_snapshot(), Profile{}, {}));
    }

    TEST_CASE("broken preview: the Warning events that matter, one escaped line each") {
        auto s = broken_preview_snapshot();
        const std::string pod = "homerun2-core-catcher-7d9f8-abcde";
        std::vector<Event> events;
        auto add = [&](std::string reason, std::string kind, std::string name, std::string message,
                       std::string when, int count) {
            Event e = warning_event(std::move(reason), std::move(kind), std::move(name),
                                    std::move(message));
            e.last_timestamp = std::move(when);
            e.count = count;
            events.push_back(std::move(e));
        };
        add("BackOff", "Pod", pod, "Back-off restarting failed container", "2026-11-23T15:59:00Z",
            140);
        add("Failed", "Pod", pod,
            "evil \x1b]52;c;aGk=\x07\x1b[2J\r\nFAKE \xe2\x80\xae" + std::string(500, 'y'),
            "2026-11-23T15:58:00Z", 1);
        for (int i = 0; i < 5; ++i) {
            add("FailedCreate", "ReplicaSet", "rs-" + std::to_string(i), "exceeded quota",
                "2026-11-23T15:0" + std::to_string(i) + ":00Z", 2);
        }
        s.events = events;
        const auto text = render_status_table(s, Profile{}, {});
        check_golden("status_events.txt", text);
        CHECK(
            text.find("Pod/" + pod + "  evil \\x1b]52;c;aGk=\\x07\\x1b[2J\\r\\nFAKE \\u202eyyy") !=
            std::string::npos);
        CHECK(text.find('\x1b') == std::string::npos);
        CHECK(text.find("\nFAKE") == std::string::npos);
        CHECK(text.find("  · and 2 more (preview status -o json)\n") != std::string::npos);
        std::size_t line_start = text.find("\nEvents\n");
        REQUIRE(line_start != std::string::npos);
        for (std::size_t at = line_start + 1; at < text.size();) {
            const std::size_t end = text.find('\n', at);
            CHECK(display_width(text.substr(at, end - at)) <= 120);
            at = end + 1;
        }
        CHECK(render_status_table(healthy_snapshot(), Profile{}, {}).find("Events") ==
              std::string::npos);
    }

    TEST_CASE("JSON carries the contract's fields") {
        const auto doc = status_json(healthy_snapshot(), Profile{});
        for (const char* field :
             {"pr", "ci", "applicationSet", "applications", "namespace", "workloads", "pods",
              "externalSecrets", "jobs", "routes", "url", "phase", "ready"}) {
            CHECK_MESSAGE(doc.contains(field), field);
        }
        for (const char* field : {"repo", "number", "state", "headSha", "labels"}) {
            CHECK_MESSAGE(doc["pr"].contains(field), field);
        }
        CHECK(doc["namespace"].contains("ageSeconds"));
        CHECK(doc["namespace"]["ageSeconds"] == 3 * 3600);
        CHECK(doc["phase"] == "ready");
        CHECK(doc["ready"] == true);
        check_golden("status_healthy.json", render_json(doc));
    }

    TEST_CASE("pieces that could not be read are null and explained") {
        const auto doc = status_json(broken_preview_snapshot(), Profile{});
        CHECK(doc["phase"] == "degraded");
        CHECK(doc["events"].is_null());
        REQUIRE(doc["errors"].size() == 1);
        CHECK(doc["errors"][0]["source"] == "events");
        CHECK(doc["errors"][0]["kind"] == "permission");
        check_golden("status_broken.json", render_json(doc));
    }

    TEST_CASE("YAML carries the same document") {
        const auto text = render_yaml(status_json(healthy_snapshot(), Profile{}));
        CHECK(text.find("phase: \"ready\"") != std::string::npos);
        CHECK(text.find("headSha: \"0123456789abcdef0123456789abcdef01234567\"") !=
              std::string::npos);
    }

    TEST_CASE("colour only when asked") {
        TermStyle color{true};
        const auto text = render_status_table(healthy_snapshot(), Profile{}, color);
        CHECK(text.find("\x1b[32m") != std::string::npos);
        CHECK(render_status_table(healthy_snapshot(), Profile{}, {}).find('\x1b') ==
              std::string::npos);
    }

    TEST_CASE("server-supplied text is shown escaped, one line per field, our colour intact") {
        auto s = healthy_snapshot();
        s.pr->title =
            "t\x1b]52;c;aGk=\x07\r\nFAKE \xc2\x9b"
            "2J \xe2\x80\xae" +
            std::string(5000, 'x');
        s.pr->labels.push_back("bug\x1b[8m");
        for (const bool colour : {false, true}) {
            const auto text = render_status_table(s, Profile{}, TermStyle{colour});
            CHECK(text.find("t\\x1b]52;c;aGk=\\x07\\r\\nFAKE \\u009b2J \\u202exxx") !=
                  std::string::npos);
            CHECK(text.find("bug\\x1b[8m") != std::string::npos);
            CHECK(text.find("\x1b]") == std::string::npos);
            CHECK(text.find('\x07') == std::string::npos);
            CHECK(text.find('\r') == std::string::npos);
            CHECK(text.find("\nFAKE") == std::string::npos);
            CHECK(text.find(std::string(kFieldWidth, 'x')) == std::string::npos);
            CHECK((text.find("\x1b[32m") != std::string::npos) == colour);
        }
    }
}
