// `preview refresh` and `preview bump-route` end to end on the in-memory transport: the same
// reads and classification as `status`, the pure step deciding, the wait woken by a watch.

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "unit/io/test_kubeconfig_support.hpp"
#include "unit/support/command_setup.hpp"
#include "unit/support/fake_transport.hpp"
#include "unit/support/healthy_preview.hpp"
#include <doctest/doctest.h>

#include "preview/cli/exit_codes.hpp"
#include "preview/cli/refresh_command.hpp"

namespace {

using namespace preview;
using preview::testing::FakeTransport;
using preview::testing::json_response;
using preview::testing::kArgo;
using preview::testing::kube_status;

const std::string kAppSet =
    std::string(kArgo) + "/applicationsets/homerun2-core-catcher-pr-preview";
const std::string kRoutes =
    preview::testing::ns_path("/apis/gateway.networking.k8s.io/v1", "httproutes");
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

/// The fake's answers, and watches that report a change at once (recorded): a wait that
/// watches costs no time.
class WatchingClient final : public HttpClient {
  public:
    explicit WatchingClient(FakeTransport& fake, std::vector<std::string>& watched)
        : fake_(fake), watched_(watched) {}
    std::vector<HttpOutcome> perform_all(std::vector<HttpRequest> requests) override {
        return fake_.perform_all(std::move(requests));
    }
    void perform_stream(const std::function<void(HttpStream&)>& start,
                        const StreamOutcome& on_outcome) override {
        fake_.perform_stream(start, on_outcome);
    }
    std::vector<WatchReport> watch(std::vector<WatchRequest> watches,
                                   std::chrono::steady_clock::time_point /*until*/,
                                   const std::function<bool()>& /*keep_going*/) override {
        std::vector<WatchReport> reports(watches.size());
        for (std::size_t i = 0; i < watches.size(); ++i) {
            watched_.push_back(watches[i].request.url);
            reports[i].end = WatchEnd::changed;
        }
        return reports;
    }
    std::size_t request_count() const override { return fake_.request_count(); }

  private:
    FakeTransport& fake_;
    std::vector<std::string>& watched_;
};

/// One run of a command with the given fake transport; a Failure becomes its exit code.
struct Run {
    preview::test::TempDir dir;
    std::ostringstream out;
    std::ostringstream err;
    GlobalFlags flags;
    ExitCode code = ExitCode::ok;
    std::optional<Error> failure;
    std::vector<std::string> watched;

    template <class Command>
    Run(FakeTransport& fake, Command command) {
        AppContext ctx(out, err);
        preview::testing::prepare_command(dir, flags, ctx);
        ctx.http_client = [&fake, this](const HttpClientOptions&) {
            return std::make_unique<WatchingClient>(fake, watched);
        };
        try {
            code = command(flags, ctx);
        } catch (const Failure& f) {
            failure = f.error;
            code = exit_code_for(f.error);
        }
    }
};

ExitCode refresh(const GlobalFlags& flags, AppContext& ctx, const std::string& timeout) {
    RefreshOptions options;
    options.timeout = timeout;
    return run_refresh(options, flags, ctx);
}

ExitCode bump(const GlobalFlags& flags, AppContext& ctx) {
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
void expect_applications(FakeTransport& fake) {
    fake.expect("GET", kAppSet,
                preview::testing::fixture_response("kube/applicationset_healthy.json"));
    fake.expect("GET", std::string(kArgo) + "/applications/homerun2-core-catcher-pr-42",
                preview::testing::fixture_response("kube/application_pr42_healthy.json"));
    fake.expect("GET",
                std::string(kArgo) +
                    "/applications?labelSelector=homerun2.stuttgart-things.com%2Fpr%3D42&limit=500",
                preview::testing::fixture_response("kube/application_list_pr42.json"));
}

}  // namespace

TEST_SUITE("cli::refresh") {
    TEST_CASE("refresh: patch, look, watch the ApplicationSet by name, look again: taken") {
        FakeTransport fake;
        expect_patch(fake, kAppSet);
        fake.expect("GET", kAppSet, json_response(200, appset(true, "4711")));
        fake.expect("GET", kAppSet, json_response(200, appset(false, "4712")));

        const Run run(fake,
                      [](const GlobalFlags& f, AppContext& c) { return refresh(f, c, "30s"); });

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        CHECK(run.out.str().find("The controller re-polled in") != std::string::npos);
        REQUIRE(run.watched.size() == 1);
        CHECK(run.watched[0].find("/applicationsets?watch=1") != std::string::npos);
        CHECK(run.watched[0].find("resourceVersion=4711") != std::string::npos);
        CHECK(
            run.watched[0].find("fieldSelector=metadata.name%3Dhomerun2-core-catcher-pr-preview") !=
            std::string::npos);
    }

    TEST_CASE("refresh: still pending when the time is up: exit 1, naming the controller") {
        FakeTransport fake;
        expect_patch(fake, kAppSet);
        fake.expect("GET", kAppSet, json_response(200, appset(true, "4711")));

        const Run run(fake,
                      [](const GlobalFlags& f, AppContext& c) { return refresh(f, c, "0s"); });

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::not_achieved);
        CHECK(run.err.str().find("has not taken the refresh within 0s") != std::string::npos);
        CHECK(run.watched.empty());
    }

    TEST_CASE("refresh: a 403 on the read is a permission error (exit 3), as in status") {
        FakeTransport fake;
        expect_patch(fake, kAppSet);
        fake.expect("GET", kAppSet,
                    kube_status(403, "Forbidden",
                                "applicationsets.argoproj.io is forbidden: User \"dev\" cannot "
                                "get resource \"applicationsets\""));

        const Run run(fake,
                      [](const GlobalFlags& f, AppContext& c) { return refresh(f, c, "30s"); });

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

        const Run run(fake, [](const GlobalFlags& f, AppContext& c) { return bump(f, c); });

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        CHECK(run.out.str().find("Bumped") != std::string::npos);
        CHECK(run.out.str().find("ResolvedRefs=True") != std::string::npos);
        REQUIRE(run.watched.size() == 1);
        CHECK(run.watched[0].find("/httproutes?watch=1") != std::string::npos);
        CHECK(run.watched[0].find("resourceVersion=900") != std::string::npos);
    }

    TEST_CASE("bump-route: a 403 on the list is exit 3 and nothing is written") {
        FakeTransport fake;
        fake.expect("GET", kRoutes + "?limit=500",
                    kube_status(403, "Forbidden",
                                "httproutes.gateway.networking.k8s.io is forbidden: User \"dev\" "
                                "cannot list resource \"httproutes\""));

        const Run run(fake, [](const GlobalFlags& f, AppContext& c) { return bump(f, c); });

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::auth);
        for (const auto& request : fake.requests()) {
            CHECK(request.method == "GET");
        }
    }
}
