#include "support/golden.hpp"
#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/diagnosis.hpp"
#include "preview/render/doctor_render.hpp"
#include "preview/render/yaml.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

std::vector<Finding> findings_of(const Snapshot& s) {
    return diagnose(s, Profile{});
}

}  // namespace

TEST_SUITE("render::doctor") {
    TEST_CASE("healthy preview, table without colour") {
        const auto s = healthy_snapshot();
        check_golden("doctor_healthy.txt", render_doctor_table(s, findings_of(s), {}));
    }

    TEST_CASE("broken preview, table without colour") {
        const auto s = broken_preview_snapshot();
        const auto text = render_doctor_table(s, findings_of(s), {});
        CHECK(text.find("12 passed, 3 failed, 0 warnings, 1 skipped\n") != std::string::npos);
        check_golden("doctor_broken.txt", text);
    }

    TEST_CASE("JSON has exactly the contract's fields") {
        const auto s = broken_preview_snapshot();
        const auto doc = doctor_json(s, findings_of(s));
        std::vector<std::string> keys;
        for (const auto& [key, value] : doc.items()) {
            keys.push_back(key);
        }
        CHECK(keys == std::vector<std::string>{"pr", "checks", "summary"});
        CHECK(doc["pr"]["repo"] == "stuttgart-things/homerun2-core-catcher");
        CHECK(doc["pr"]["number"] == 42);
        CHECK(doc["pr"]["headSha"] == kSha);
        REQUIRE(doc["checks"].size() == 16);
        for (const auto& item : doc["checks"]) {
            std::vector<std::string> fields;
            for (const auto& [key, value] : item.items()) {
                fields.push_back(key);
            }
            CHECK(fields == std::vector<std::string>{"id", "status", "title", "evidence", "cause",
                                                     "fix", "autoFix"});
            CHECK(item["evidence"].is_array());
            CHECK(item["autoFix"].is_boolean());
        }
        CHECK(doc["checks"][10]["id"] == "secrets");
        CHECK(doc["checks"][10]["status"] == "fail");
        CHECK(doc["checks"][10]["autoFix"] == true);
        CHECK(doc["summary"] ==
              nlohmann::ordered_json{{"pass", 12}, {"fail", 3}, {"warn", 0}, {"skip", 1}});
        check_golden("doctor_broken.json", render_json(doc));
    }

    TEST_CASE("healthy JSON") {
        const auto s = healthy_snapshot();
        check_golden("doctor_healthy.json", render_json(doctor_json(s, findings_of(s))));
    }

    TEST_CASE("an unreadable PR has a null head SHA") {
        auto s = healthy_snapshot();
        s.pr = Error{ErrorKind::network, "connection reset"};
        const auto doc = doctor_json(s, findings_of(s));
        CHECK(doc["pr"]["headSha"].is_null());
        CHECK(doc["pr"]["number"] == 42);
    }

    TEST_CASE("YAML carries the same document") {
        const auto s = broken_preview_snapshot();
        const auto text = render_yaml(doctor_json(s, findings_of(s)));
        CHECK(text.find("id: \"route\"") != std::string::npos);
        CHECK(text.find("fix: \"preview bump-route 42\"") != std::string::npos);
        CHECK(text.find("autoFix: true") != std::string::npos);
    }

    TEST_CASE("filtered findings: only those rows, summary over them") {
        const auto s = broken_preview_snapshot();
        auto selected = select_findings(findings_of(s), {"route", "seed"});
        REQUIRE(selected.ok());
        const auto text = render_doctor_table(s, *selected, {});
        CHECK(text.find(" route ") != std::string::npos);
        CHECK(text.find(" seed ") != std::string::npos);
        CHECK(text.find(" label ") == std::string::npos);
        CHECK(text.find("1 passed, 1 failed, 0 warnings, 0 skipped") != std::string::npos);
        CHECK(doctor_json(s, *selected)["checks"].size() == 2);
    }

    TEST_CASE("summary line") {
        CHECK(summary_line({9, 1, 0, 3}) == "9 passed, 1 failed, 0 warnings, 3 skipped");
        CHECK(summary_line({1, 0, 1, 0}) == "1 passed, 0 failed, 1 warning, 0 skipped");
    }

    TEST_CASE("colour only when asked") {
        const auto s = broken_preview_snapshot();
        const auto coloured = render_doctor_table(s, findings_of(s), TermStyle{true});
        CHECK(coloured.find("\x1b[31m") != std::string::npos);
        CHECK(coloured.find("\x1b[32m") != std::string::npos);
        CHECK(render_doctor_table(s, findings_of(s), {}).find('\x1b') == std::string::npos);
    }
}
