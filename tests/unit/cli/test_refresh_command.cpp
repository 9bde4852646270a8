// `preview refresh` and `preview bump-route` end to end on the in-memory transport: the same
// reads and classification as `status`, the pure step deciding, the wait woken by a watch.

#include <string>

#include "unit/support/command_setup.hpp"
#include "unit/support/fake_transport.hpp"
#include "unit/support/healthy_preview.hpp"
#include <doctest/doctest.h>

#include "preview/cli/exit_codes.hpp"
#include "preview/cli/refresh_command.hpp"

namespace {

using namespace preview;
using namespace preview::testing;

const std::string kAppSet =
    std::string(kArgo) + "/applicationsets/homerun2-core-catcher-pr-preview";
const std::string kRoutes = ns_path("/apis/gateway.networking.k8s.io/v1", "httproutes");
const std::string kRoute = kRoutes + "/homerun2-core-catcher";

std::string appset(bool pending, const std::string& version) {
    return R"({"apiVersion":"argoproj.io/v1alpha1","kind":"ApplicationSet","metadata":{
      "name":"homerun2-core-catcher-pr-preview","namespace":"argocd","resourceVersion":")" +
           version + R"(","annotations":{)" +
           (pending ? R"("argocd.argoproj.io/application-set-refresh":"true")" : "") +
           R"(}},"spec":{}})";
}

std::string routes(bool resolved) {
    return R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRouteList",
      "metadata":{"resourceVersion":"900"},"items":[{"metadata":{"name":"homerun2-core-catcher",
      "namespace":"homerun2-core-catcher-pr-42"},"spec":{},"status":{"parents":[{
      "parentRef":{"name":"gw"},"controllerName":"example.com/gateway","conditions":[
      {"type":"Accepted","status":"True","reason":"Accepted"},
      {"type":"ResolvedRefs","status":")" +
           std::string(resolved ? "True" : "False") + R"(","reason":"BackendNotFound"}]}]}}]})";
}

/// `refresh --timeout <timeout>`.
CommandRun::Command refresh(const std::string& timeout) {
    return [timeout](GlobalFlags& flags, AppContext& ctx) {
        RefreshOptions options;
        options.timeout = timeout;
        return run_refresh(options, flags, ctx);
    };
}

/// `bump-route 42 --timeout 20s`.
ExitCode bump(GlobalFlags& flags, AppContext& ctx) {
    BumpOptions options;
    options.pr = "42";
    options.timeout = "20s";
    return run_bump_route(options, flags, ctx);
}

void expect_patch(FakeTransport& fake, const std::string& path) {
    fake.expect("PATCH", path + "?fieldManager=preview", json_response(200, "{}"))
        .with_header("Content-Type", "application/merge-patch+json");
}

// What bump-route reads to know which routes the preview owns (gather_applications).
/// bump-route's read of the preview's Applications: the parent by name and the children by
/// label, never the ApplicationSet.
void expect_applications(FakeTransport& fake) {
    fake.expect("GET", std::string(kArgo) + "/applications/homerun2-core-catcher-pr-42",
                fixture_response("kube/application_pr42_healthy.json"));
    fake.expect("GET",
                std::string(kArgo) +
                    "/applications?labelSelector=homerun2.stuttgart-things.com%2Fpr%3D42&limit=500",
                fixture_response("kube/application_list_pr42.json"));
}

}  // namespace

TEST_SUITE("cli::refresh") {
    TEST_CASE("refresh: patch, look, watch the ApplicationSet by name, look again: taken") {
        FakeTransport fake;
        expect_patch(fake, kAppSet);
        fake.expect("GET", kAppSet, json_response(200, appset(true, "4711")));
        fake.expect("GET", kAppSet, json_response(200, appset(false, "4712")));
        fake.expect_watch();

        const CommandRun run(fake, OutputFormat::table, refresh("30s"));

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        CHECK(run.out.str().find("The controller re-polled in") != std::string::npos);
        REQUIRE(fake.watched().size() == 1);
        CHECK(fake.watched()[0].find("/applicationsets?watch=1") != std::string::npos);
        CHECK(fake.watched()[0].find("resourceVersion=4711") != std::string::npos);
        CHECK(fake.watched()[0].find(
                  "fieldSelector=metadata.name%3Dhomerun2-core-catcher-pr-preview") !=
              std::string::npos);
    }

    TEST_CASE("refresh: still pending when the time is up: exit 1, naming the controller") {
        FakeTransport fake;
        expect_patch(fake, kAppSet);
        fake.expect("GET", kAppSet, json_response(200, appset(true, "4711")));

        const CommandRun run(fake, OutputFormat::table, refresh("0s"));

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::not_achieved);
        CHECK(run.err.str().find("has not taken the refresh within 0s") != std::string::npos);
        CHECK(fake.watched().empty());
        CHECK(run.pauses.empty());
    }

    TEST_CASE("refresh: a 403 on the read is a permission error (exit 3), as in status") {
        FakeTransport fake;
        expect_patch(fake, kAppSet);
        fake.expect("GET", kAppSet, kube_forbidden("applicationsets.argoproj.io", "get"));

        const CommandRun run(fake, OutputFormat::table, refresh("30s"));

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::auth);
        REQUIRE(run.failure.has_value());
        CHECK(run.failure->kind == ErrorKind::permission);
    }

    TEST_CASE("bump-route: list, bump the profile's route, watch the routes, look again") {
        FakeTransport fake;
        fake.expect("GET", kRoutes + "?limit=500", json_response(200, routes(false)));
        expect_applications(fake);
        expect_patch(fake, kRoute);
        fake.expect("GET", kRoutes + "?limit=500", json_response(200, routes(false)));
        fake.expect("GET", kRoutes + "?limit=500", json_response(200, routes(true)));
        fake.expect_watch();

        const CommandRun run(fake, OutputFormat::table, bump);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        CHECK(run.out.str().find("Bumped") != std::string::npos);
        CHECK(run.out.str().find("ResolvedRefs=True") != std::string::npos);
        REQUIRE(fake.watched().size() == 1);
        CHECK(fake.watched()[0].find("/httproutes?watch=1") != std::string::npos);
        CHECK(fake.watched()[0].find("resourceVersion=900") != std::string::npos);
    }

    TEST_CASE("bump-route: a 403 on the list is exit 3 and nothing is written") {
        FakeTransport fake;
        fake.expect("GET", kRoutes + "?limit=500",
                    kube_forbidden("httproutes.gateway.networking.k8s.io"));

        const CommandRun run(fake, OutputFormat::table, bump);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::auth);
        for (const auto& request : fake.requests()) {
            CHECK(request.method == "GET");
        }
    }
}
