#include <set>
#include <string>

#include <doctest/doctest.h>

#include "preview/core/builtin_profiles.hpp"
#include "preview/core/profile.hpp"

TEST_SUITE("core::builtin_profiles") {
    TEST_CASE("every built-in profile parses, names its own repository and renders valid names") {
        std::set<std::string> repos;
        REQUIRE(preview::builtin_profiles().size() == 8);
        for (const auto& builtin : preview::builtin_profiles()) {
            INFO(builtin.file);
            REQUIRE_FALSE(preview::builtin_profile_text(builtin).empty());
            const auto profile = preview::load_builtin_profile(builtin);
            REQUIRE_MESSAGE(profile.ok(), (profile.ok() ? "" : profile.error().message));
            CHECK(profile->repo == builtin.repo);
            CHECK(profile->source.starts_with("built-in profile homerun2-"));
            CHECK(repos.insert(std::string(builtin.repo)).second);
            const preview::PrRef pr{"stuttgart-things", std::string(builtin.repo.substr(17)), 12};
            const auto targets =
                preview::render_targets(*profile, pr, "0123456789abcdef0123456789abcdef01234567");
            REQUIRE_MESSAGE(targets.ok(), (targets.ok() ? "" : targets.error().message));
            CHECK(targets->application_set ==
                  "homerun2-" + std::string(builtin.component) + "-pr-preview");
            CHECK(targets->artifacts.size() == 2);
        }
    }

    TEST_CASE("the names of homerun2.md §5 that differ from the pattern") {
        const auto omni = preview::load_builtin_profile(
            *preview::builtin_profile_for("stuttgart-things/homerun2-omni-pitcher"));
        REQUIRE(omni.ok());
        CHECK(omni->namespace_template == "homerun2-pr-{number}");
        CHECK(omni->application == "homerun2-pr-{number}");
        CHECK(omni->url == "https://omni-pr-{number}.homerun2-dev.sthings-vsphere.labul.sva.de");
        CHECK(omni->external_secrets.size() == 3);
        CHECK_FALSE(omni->smoke);

        const auto led = preview::load_builtin_profile(
            *preview::builtin_profile_for("stuttgart-things/homerun2-led-catcher"));
        REQUIRE(led.ok());
        CHECK(led->health_path == "/healthz");

        const auto demo = preview::load_builtin_profile(
            *preview::builtin_profile_for("stuttgart-things/homerun2-demo-pitcher"));
        REQUIRE(demo.ok());
        CHECK(demo->seed_job.empty());
        REQUIRE(demo->smoke);
        CHECK(demo->smoke->send_url ==
              "https://omni-demo-pr-{number}.homerun2-dev.sthings-vsphere.labul.sva.de/pitch");
    }

    TEST_CASE("core-catcher's built-in profile is the defaults plus the smoke section") {
        const auto cc = preview::load_builtin_profile(
            *preview::builtin_profile_for("Stuttgart-Things/HOMERUN2-core-catcher"));
        REQUIRE(cc.ok());
        const preview::Profile defaults;
        CHECK(cc->repo == defaults.repo);
        CHECK(cc->application_set == defaults.application_set);
        CHECK(cc->application == defaults.application);
        CHECK(cc->namespace_template == defaults.namespace_template);
        CHECK(cc->url == defaults.url);
        CHECK(cc->http_routes == defaults.http_routes);
        CHECK(cc->external_secrets == defaults.external_secrets);
        CHECK(cc->seed_job == defaults.seed_job);
        CHECK(cc->artifacts == defaults.artifacts);
        CHECK(cc->required_checks == defaults.required_checks);
        REQUIRE(cc->smoke);
        CHECK(cc->smoke->send_method == "POST");
        CHECK(cc->smoke->expect_field == "title");
        CHECK(cc->smoke->timeout_seconds == 30);
        REQUIRE(cc->smoke->send_headers.size() == 2);
        CHECK(cc->smoke->send_headers[0].value == "Bearer ${OMNI_PITCHER_TOKEN}");
    }

    TEST_CASE("a repository without a built-in profile has none") {
        CHECK(preview::builtin_profile_for("stuttgart-things/homerun2-notification-catcher") ==
              nullptr);
        CHECK(preview::builtin_profile_for("") == nullptr);
    }
}
