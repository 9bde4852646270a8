// The single reads of `refresh` (the ApplicationSet) and `bump-route` (the HTTPRoutes) on the
// in-memory transport: the snapshot's classification of every answer, one re-authorisation after
// a 401, paging, and the version a watch starts from.

#include <chrono>
#include <memory>
#include <string>

#include "unit/support/fake_transport.hpp"
#include "unit/support/healthy_preview.hpp"
#include <doctest/doctest.h>

#include "preview/gather/object_reads.hpp"

namespace {

using namespace preview;
using preview::testing::FakeTransport;
using preview::testing::json_response;
using preview::testing::kube_status;

constexpr const char* kAppSetPath =
    "/apis/argoproj.io/v1alpha1/namespaces/argocd/applicationsets/"
    "homerun2-core-catcher-pr-preview";

const std::string kRoutesPath =
    preview::testing::ns_path("/apis/gateway.networking.k8s.io/v1", "httproutes");

const std::string kPendingAppSet = R"({"apiVersion":"argoproj.io/v1alpha1","kind":"ApplicationSet",
  "metadata":{"name":"homerun2-core-catcher-pr-preview","namespace":"argocd",
  "resourceVersion":"4711",
  "annotations":{"argocd.argoproj.io/application-set-refresh":"true"}},"spec":{}})";

std::string route_list(const std::string& name, const std::string& version,
                       const std::string& next = "") {
    return R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRouteList",
      "metadata":{"resourceVersion":")" +
           version + R"(","continue":")" + next + R"("},
      "items":[{"metadata":{"name":")" +
           name + R"(","namespace":"homerun2-core-catcher-pr-42"},"spec":{},"status":{}}]})";
}

/// Credentials that expire once: the first token is refused, invalidate() fetches another (as
/// an exec plugin does).
class RotatingAuth final : public KubeAuth {
  public:
    Status authorize(HttpRequest& request) override {
        request.bearer_token = rotated_ ? "fresh-token" : "expired-token";
        return ok_status();
    }
    bool invalidate() override {
        ++invalidations;
        rotated_ = true;
        return true;
    }
    int invalidations = 0;

  private:
    bool rotated_ = false;
};

KubeEndpoint endpoint(const std::string& server, std::shared_ptr<KubeAuth> auth = {}) {
    KubeEndpoint e;
    e.server = server;
    e.auth = std::move(auth);
    return e;
}

struct Reads {
    FakeTransport http;
    GithubClient github{"https://api.github.test", "ghp_test", std::chrono::seconds(30), {}};
    Result<KubeEndpoint> argocd = endpoint("https://argocd.test");
    Result<KubeEndpoint> workload = endpoint("https://workload.test");
    std::shared_ptr<const ArgocdSource> argocd_source = argocd_through_kubernetes(argocd);
    Profile profile;
    Targets targets =
        render_targets(profile, {"stuttgart-things", "homerun2-core-catcher", 42}, "").value();

    Sources sources() {
        return Sources{http, github,  *argocd_source, workload, {}, std::chrono::seconds(30),
                       "",   nullptr, nullptr};
    }
};

}  // namespace

TEST_SUITE("gather::object_reads") {
    TEST_CASE("the ApplicationSet: one GET, parsed, with its own version to watch from") {
        Reads r;
        r.http.expect("GET", kAppSetPath, json_response(200, kPendingAppSet))
            .on_host("argocd.test")
            .with_header("Accept", "application/json");

        const auto read = gather_application_set(r.sources(), r.targets);

        CHECK(r.http.problems() == "");
        REQUIRE(read.value.ok());
        REQUIRE(read.value->has_value());
        CHECK((*read.value)->meta.annotations.count("argocd.argoproj.io/application-set-refresh"));
        CHECK(read.resource_version == "4711");
        const auto points = application_set_watch(read);
        REQUIRE(points.size() == 1);
        CHECK(points[0].key == "applicationset");
        CHECK(points[0].resource_version == "4711");
    }

    TEST_CASE("a missing ApplicationSet is nullopt, with nothing to watch") {
        Reads r;
        r.http.expect("GET", kAppSetPath,
                      kube_status(404, "NotFound",
                                  "applicationsets.argoproj.io \"homerun2-core-catcher-pr-"
                                  "preview\" not found"));
        const auto read = gather_application_set(r.sources(), r.targets);
        REQUIRE(read.value.ok());
        CHECK_FALSE(read.value->has_value());
        CHECK(application_set_watch(read).empty());
    }

    TEST_CASE("403 is a permission error quoting the Status, as in the snapshot") {
        Reads r;
        r.http.expect("GET", kAppSetPath,
                      kube_status(403, "Forbidden",
                                  "applicationsets.argoproj.io is forbidden: User \"dev\" cannot "
                                  "get resource \"applicationsets\""));
        const auto read = gather_application_set(r.sources(), r.targets);
        REQUIRE_FALSE(read.value.ok());
        CHECK(read.value.error().kind == ErrorKind::permission);
        CHECK(read.value.error().message.find("cannot get resource") != std::string::npos);
        CHECK(application_set_watch(read).empty());
    }

    TEST_CASE("401: the credential is renewed once and the request sent again") {
        Reads r;
        auto auth = std::make_shared<RotatingAuth>();
        r.argocd = endpoint("https://argocd.test", auth);
        r.http.expect("GET", kAppSetPath, kube_status(401, "Unauthorized", "Unauthorized"));
        r.http.expect("GET", kAppSetPath, json_response(200, kPendingAppSet));

        const auto read = gather_application_set(r.sources(), r.targets);

        CHECK(r.http.problems() == "");
        REQUIRE(read.value.ok());
        CHECK(auth->invalidations == 1);
        REQUIRE(r.http.requests().size() == 2);
        CHECK(r.http.requests()[0].bearer_token == "expired-token");
        CHECK(r.http.requests()[1].bearer_token == "fresh-token");
    }

    TEST_CASE("401 with credentials that cannot get better is an auth error") {
        Reads r;
        r.workload = endpoint("https://workload.test");  // no auth: nothing to renew
        r.http.expect("GET", kRoutesPath + "?limit=500",
                      kube_status(401, "Unauthorized", "Unauthorized"));
        const auto read = gather_http_routes(r.sources(), r.targets);
        REQUIRE_FALSE(read.value.ok());
        CHECK(read.value.error().kind == ErrorKind::auth);
        CHECK(r.http.requests().size() == 1);
    }

    TEST_CASE("the routes: every page, the first page's version to watch the collection from") {
        Reads r;
        r.http.expect("GET", kRoutesPath + "?limit=500",
                      json_response(200, route_list("homerun2-core-catcher", "900", "page2")));
        r.http.expect("GET", kRoutesPath + "?continue=page2&limit=500",
                      json_response(200, route_list("homerun2-omni-pitcher", "901")));

        const auto read = gather_http_routes(r.sources(), r.targets);

        CHECK(r.http.problems() == "");
        REQUIRE(read.value.ok());
        REQUIRE(read.value->size() == 2);
        CHECK((*read.value)[1].meta.name == "homerun2-omni-pitcher");
        const auto points = http_routes_watch(read);
        REQUIRE(points.size() == 1);
        CHECK(points[0].key == "httproutes");
        CHECK(points[0].resource_version == "900");
    }

    TEST_CASE("the Gateway API not served: the snapshot's error, or no routes when none expected") {
        Reads r;
        r.http
            .expect("GET", kRoutesPath + "?limit=500",
                    kube_status(404, "NotFound",
                                "the server could not find the requested "
                                "resource"))
            .repeatedly();
        auto read = gather_http_routes(r.sources(), r.targets);
        REQUIRE_FALSE(read.value.ok());
        CHECK(read.value.error().reason == "NotServed");
        CHECK(read.value.error().message.find("is the Gateway API installed?") !=
              std::string::npos);

        r.targets.http_routes.clear();
        read = gather_http_routes(r.sources(), r.targets);
        REQUIRE(read.value.ok());
        CHECK(read.value->empty());
    }
}
