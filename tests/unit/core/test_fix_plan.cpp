#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/fix_plan.hpp"

using namespace preview;
using namespace preview::testing;

TEST_SUITE("core::fix_plan") {
    TEST_CASE("a healthy preview needs no fix") {
        auto s = healthy_snapshot();
        CHECK(plan_fixes(diagnose(s, Profile{}), s, kNow).empty());
    }

    TEST_CASE("the broken preview: force-sync the secret, bump the route") {
        auto s = broken_preview_snapshot();
        auto plan = plan_fixes(diagnose(s, Profile{}), s, kNow);
        REQUIRE(plan.size() == 2);
        CHECK(plan[0].kind_name == "ExternalSecret redis-stack-auth");
        CHECK(plan[0].annotation == "force-sync");
        CHECK(plan[1].kind_name == "HTTPRoute homerun2-core-catcher");
        CHECK(plan[1].value == std::to_string(kNow));
    }

    TEST_CASE("an unlabelled PR gets the label") {
        auto s = healthy_snapshot();
        s.pr->labels = {};
        s.applications = std::vector<Application>{};
        s.namespace_state = std::optional<Namespace>();
        auto plan = plan_fixes(diagnose(s, Profile{}), s, kNow);
        REQUIRE(plan.size() == 1);
        CHECK(plan[0].kind == MutationKind::add_label);
        CHECK(plan[0].label == "preview");
    }

    TEST_CASE("each change once, and only from findings that offer it") {
        auto s = healthy_snapshot();
        Finding f;
        f.status = CheckStatus::fail;
        f.auto_fix = true;
        f.fix_kind = FixKind::refresh_application_set;
        Finding passing = f;
        passing.status = CheckStatus::pass;
        auto plan = plan_fixes({f, f, passing}, s, kNow);
        CHECK(plan.size() == 1);
    }
}
