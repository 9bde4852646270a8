#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/fix_plan.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) {
        out += line + "\n";
    }
    return out;
}

AppResource owned(std::string group, std::string kind, std::string name,
                  std::string ns = "homerun2-core-catcher-pr-42") {
    AppResource r;
    r.group = std::move(group);
    r.kind = std::move(kind);
    r.name = std::move(name);
    r.namespace_name = std::move(ns);
    return r;
}

}  // namespace

TEST_SUITE("core::fix_plan") {
    TEST_CASE("a healthy preview needs no fix") {
        auto s = healthy_snapshot();
        CHECK(plan_fixes(diagnose(s, Profile{}), s, kNow).changes.empty());
    }

    TEST_CASE("the broken preview: force-sync the secret, bump the route") {
        auto s = broken_preview_snapshot();
        auto fix = plan_fixes(diagnose(s, Profile{}), s, kNow);
        const auto& plan = fix.changes;
        REQUIRE(plan.size() == 2);
        CHECK(kind_name(plan[0]) == "ExternalSecret redis-stack-auth");
        CHECK(plan[0].annotation == "force-sync");
        CHECK(kind_name(plan[1]) == "HTTPRoute homerun2-core-catcher");
        CHECK(plan[1].value == std::to_string(kNow));
        CHECK(fix.refused.empty());
    }

    TEST_CASE("an unlabelled PR gets the label") {
        auto s = healthy_snapshot();
        s.pr->labels = {};
        remove_deployment(s);
        auto plan = plan_fixes(diagnose(s, Profile{}), s, kNow).changes;
        REQUIRE(plan.size() == 1);
        CHECK(plan[0].kind == IntentKind::add_label);
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
        auto plan = plan_fixes({f, f, passing}, s, kNow).changes;
        CHECK(plan.size() == 1);
    }

    TEST_CASE("only routes the profile names or the Applications own are bumped") {
        auto s = broken_preview_snapshot();
        s.routes->push_back(route("someone-elses-route", false));
        auto fix = plan_fixes(diagnose(s, Profile{}), s, kNow);
        std::vector<std::string> changed;
        for (const auto& m : fix.changes) {
            changed.push_back(kind_name(m));
        }
        CHECK(changed == std::vector<std::string>{"ExternalSecret redis-stack-auth",
                                                  "HTTPRoute homerun2-core-catcher"});
        CHECK(joined(fix.refused) ==
              "HTTPRoute \"someone-elses-route\": the profile does not name it\n");

        SUBCASE("ownership does not widen a profile that names its routes") {
            (*s.applications)[0].resources.push_back(
                owned("gateway.networking.k8s.io", "HTTPRoute", "someone-elses-route"));
            CHECK(plan_fixes(diagnose(s, Profile{}), s, kNow).changes.size() == 2);
        }
        SUBCASE("without routes in the profile, the Applications' routes are in scope") {
            s.targets.http_routes = {};
            (*s.applications)[0].resources.push_back(
                owned("gateway.networking.k8s.io", "HTTPRoute", "someone-elses-route"));
            (*s.applications)[0].resources.push_back(owned("gateway.networking.k8s.io", "HTTPRoute",
                                                           "homerun2-core-catcher", "kube-system"));
            fix = plan_fixes(diagnose(s, Profile{}), s, kNow);
            REQUIRE(fix.changes.size() == 2);
            CHECK(kind_name(fix.changes[1]) == "HTTPRoute someone-elses-route");
            // Owned, but in another namespace: that does not count.
            CHECK(joined(fix.refused) ==
                  "HTTPRoute \"homerun2-core-catcher\": no Application of the preview owns "
                  "it\n");
        }
    }

    TEST_CASE("hostile list items are refused before anything is shown") {
        auto s = broken_preview_snapshot();
        SUBCASE("an ExternalSecret whose apiVersion walks out of /apis") {
            (*s.external_secrets)[2].api_version =
                "../api/v1/namespaces/kube-system/configmaps/victim?ignore=";
            auto fix = plan_fixes(diagnose(s, Profile{}), s, kNow);
            REQUIRE(fix.changes.size() == 1);
            CHECK(kind_name(fix.changes[0]) == "HTTPRoute homerun2-core-catcher");
            REQUIRE(fix.refused.size() == 1);
            CHECK(fix.refused[0].find("is not one preview knows") != std::string::npos);
        }
        SUBCASE("an Application-owned route whose name carries a query") {
            s.targets.http_routes = {};
            (*s.applications)[0].resources.push_back(
                owned("gateway.networking.k8s.io", "HTTPRoute", "homerun2-core-catcher"));
            s.routes->push_back(route("x?dryRun=All&y=", false));
            (*s.applications)[0].resources.push_back(
                owned("gateway.networking.k8s.io", "HTTPRoute", "x?dryRun=All&y="));
            auto fix = plan_fixes(diagnose(s, Profile{}), s, kNow);
            CHECK(fix.changes.size() == 2);
            REQUIRE(fix.refused.size() == 1);
            CHECK(fix.refused[0].find("\"x?dryRun=All&y=\"") != std::string::npos);
        }
        SUBCASE("a name with CR/LF is refused, shown escaped") {
            s.targets.http_routes = {};
            (*s.applications)[0].resources.push_back(
                owned("gateway.networking.k8s.io", "HTTPRoute", "homerun2-core-catcher"));
            s.routes->push_back(route("evil\r\n  kubectl delete ns x", false));
            (*s.applications)[0].resources.push_back(
                owned("gateway.networking.k8s.io", "HTTPRoute", "evil\r\n  kubectl delete ns x"));
            auto fix = plan_fixes(diagnose(s, Profile{}), s, kNow);
            CHECK(fix.changes.size() == 2);
            REQUIRE(fix.refused.size() == 1);
            CHECK(fix.refused[0].find_first_of("\r\n") == std::string::npos);
            CHECK(fix.refused[0].find("\\r\\n") != std::string::npos);
        }
        SUBCASE("a profile-named item the server lists in another namespace") {
            (*s.routes)[0].meta.namespace_name = "kube-system";
            auto fix = plan_fixes(diagnose(s, Profile{}), s, kNow);
            CHECK(fix.changes.size() == 1);
            REQUIRE(fix.refused.size() == 1);
            CHECK(fix.refused[0].find("in namespace \"kube-system\"") != std::string::npos);
        }
    }
}
