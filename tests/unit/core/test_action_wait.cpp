// The pure steps of `refresh` and `bump-route`: when their change has taken effect, when to give
// up and why, and which routes a bump may touch.

#include <optional>
#include <string>
#include <vector>

#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/action_wait.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

constexpr const char* kRefresh = "argocd.argoproj.io/application-set-refresh";

Targets targets() {
    return render_targets(Profile{}, {"stuttgart-things", "homerun2-core-catcher", 42}, kSha)
        .value();
}

ApplicationSet appset(bool pending) {
    ApplicationSet set;
    set.meta = meta("homerun2-core-catcher-pr-preview", "argocd");
    if (pending) {
        set.meta.annotations[kRefresh] = "true";
    }
    return set;
}

AppResource owned_route(std::string name) {
    AppResource r;
    r.group = "gateway.networking.k8s.io";
    r.kind = "HTTPRoute";
    r.name = std::move(name);
    r.namespace_name = "homerun2-core-catcher-pr-42";
    return r;
}

}  // namespace

TEST_SUITE("core::action_wait") {
    TEST_CASE("refresh: reached once the controller removed the annotation") {
        const auto t = targets();
        CHECK(refresh_step(appset(false), t, false, "30s").step == ActionStep::reached);
        CHECK(refresh_step(appset(false), t, true, "30s").step == ActionStep::reached);
        const auto waiting = refresh_step(appset(true), t, false, "30s");
        CHECK(waiting.step == ActionStep::waiting);
        CHECK_FALSE(waiting.error.has_value());
    }

    TEST_CASE("refresh: at the deadline, a pending refresh names the controller's pods") {
        const auto verdict = refresh_step(appset(true), targets(), true, "1s");
        REQUIRE(verdict.step == ActionStep::gave_up);
        REQUIRE(verdict.error.has_value());
        CHECK(verdict.error->kind == ErrorKind::timeout);
        CHECK(verdict.error->message.find("has not taken the refresh within 1s") !=
              std::string::npos);
        CHECK(verdict.error->hint.find("kubectl -n argocd get pods -l "
                                       "app.kubernetes.io/name=argocd-applicationset-controller") !=
              std::string::npos);
    }

    TEST_CASE("refresh: at the deadline, an ApplicationSet error condition is the answer (B6)") {
        auto set = appset(true);
        set.conditions.push_back(cond("ErrorOccurred", "True",
                                      "ApplicationGenerationFromParamsError",
                                      "API rate limit exceeded [rate reset in 41m10s]"));
        // Before the deadline it still waits: the controller may get past the error.
        CHECK(refresh_step(set, targets(), false, "30s").step == ActionStep::waiting);
        const auto verdict = refresh_step(set, targets(), true, "30s");
        REQUIRE(verdict.error.has_value());
        CHECK(verdict.step == ActionStep::gave_up);
        CHECK(verdict.error->message.find(
                  "cannot complete within 30s: ApplicationSet homerun2-core-catcher-pr-preview "
                  "reports ErrorOccurred=True ApplicationGenerationFromParamsError") !=
              std::string::npos);
        CHECK(verdict.error->message.find("has not taken") == std::string::npos);
    }

    TEST_CASE("refresh: an ApplicationSet deleted meanwhile gives up at once") {
        const auto verdict = refresh_step(std::nullopt, targets(), false, "30s");
        CHECK(verdict.step == ActionStep::gave_up);
        REQUIRE(verdict.error.has_value());
        CHECK(verdict.error->kind == ErrorKind::not_found);
        CHECK(verdict.error->message ==
              "ApplicationSet argocd/homerun2-core-catcher-pr-preview no longer exists");
    }

    TEST_CASE("bump: the profile's routes, each once; another route only when an app owns it") {
        auto t = targets();
        const std::vector<HttpRoute> routes = {route("homerun2-core-catcher"), route("stray"),
                                               route("homerun2-core-catcher")};
        auto plan = plan_route_bumps(routes, {}, t, kNow);
        CHECK(plan.names == std::vector<std::string>{"homerun2-core-catcher"});
        REQUIRE(plan.bumps.size() == 1);
        CHECK(plan.bumps[0].annotation == "reconcile-bump");
        CHECK(plan.bumps[0].value == std::to_string(kNow));
        CHECK(plan.warnings.empty());

        // A profile that names no route: what the preview's Applications own.
        t.http_routes.clear();
        auto parent = app("homerun2-core-catcher-pr-42");
        parent.resources.push_back(owned_route("stray"));
        plan = plan_route_bumps(routes, {parent}, t, kNow);
        CHECK(plan.names == std::vector<std::string>{"stray"});
    }

    TEST_CASE("bump: an owned route with a name the rules refuse is a warning, not a bump") {
        auto t = targets();
        t.http_routes.clear();
        auto parent = app("homerun2-core-catcher-pr-42");
        parent.resources.push_back(owned_route("Evil_Name"));
        const auto plan = plan_route_bumps({route("Evil_Name")}, {parent}, t, kNow);
        CHECK(plan.names.empty());
        CHECK(plan.bumps.empty());
        CHECK(plan.warnings.size() == 1);
    }

    TEST_CASE("bump: reached when every bumped route resolves; others do not count") {
        const std::vector<std::string> bumped = {"a", "gone"};
        const std::vector<HttpRoute> now = {route("a"), route("not-ours", false)};
        CHECK(bumped_routes_resolved(now, bumped));
        CHECK(bump_step(now, bumped, false).step == ActionStep::reached);

        const std::vector<HttpRoute> broken = {route("a", false)};
        CHECK_FALSE(bumped_routes_resolved(broken, bumped));
        CHECK(bump_step(broken, bumped, false).step == ActionStep::waiting);
        const auto verdict = bump_step(broken, bumped, true);
        CHECK(verdict.step == ActionStep::gave_up);
        CHECK_FALSE(verdict.error.has_value());  // the command prints each route instead

        HttpRoute unreported = route("a");
        unreported.parents.clear();  // no gateway controller has written status yet
        CHECK_FALSE(bumped_routes_resolved({unreported}, bumped));
    }
}
