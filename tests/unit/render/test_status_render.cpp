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
