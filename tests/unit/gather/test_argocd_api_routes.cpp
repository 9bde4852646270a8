// bump-route's re-read through the Argo CD API server: one live-manifest GET per bumped route,
// through the Application whose tree holds it, at the version its tree node named.

#include <chrono>
#include <string>
#include <vector>

#include "gather/argocd_api_live.hpp"
#include "unit/support/fake_transport.hpp"
#include <doctest/doctest.h>

#include "preview/api/kube_json.hpp"

namespace {

using namespace preview;
using preview::testing::FakeTransport;
using preview::testing::json_response;

constexpr const char* kLiveRoute =
    R"({"manifest":"{\"apiVersion\":\"gateway.networking.k8s.io/v1beta1\",)"
    R"(\"kind\":\"HTTPRoute\",\"metadata\":{\"name\":\"catcher\",)"
    R"(\"namespace\":\"homerun2-core-catcher-pr-7\"},\"spec\":{}}"})";

std::string resource_path(const std::string& app, const std::string& name,
                          const std::string& version) {
    return "/api/v1/applications/" + app +
           "/resource?namespace=homerun2-core-catcher-pr-7&resourceName=" + name +
           "&version=" + version +
           "&kind=HTTPRoute&group=gateway.networking.k8s.io&appNamespace=argocd";
}

TEST_CASE("add_live_route_reads: one GET per route, its app and version; a refusal is its own") {
    FakeTransport http;
    const ArgocdEndpoint server{{"https://argocd.test", "argocd.test", "test", false, false, false},
                                "token",
                                "test",
                                {},
                                std::chrono::milliseconds(30000)};
    Targets t;
    t.namespace_name = "homerun2-core-catcher-pr-7";
    t.argocd_namespace = "argocd";
    http.expect("GET", resource_path("app-a", "catcher", "v1beta1"),
                json_response(200, kLiveRoute));
    http.expect("GET", resource_path("app-b", "pitcher", "v1"),
                json_response(403, R"({"error":"permission denied","code":7,)"
                                   R"("message":"permission denied"})"));
    const std::vector<ApiRouteRef> refs{{"catcher", "app-a", "v1beta1"},
                                        {"pitcher", "app-b", "v1"}};
    std::vector<Result<std::string>> docs;
    FetchRounds rounds(http);
    add_live_route_reads(rounds, server, t, refs, docs);
    rounds.run();

    CHECK(http.problems() == "");
    REQUIRE(docs.size() == 2);
    REQUIRE(docs[0].ok());
    auto routes = parse_http_route_list(*docs[0]);
    REQUIRE(routes.ok());
    REQUIRE(routes->size() == 1);
    CHECK(routes->front().meta.name == "catcher");
    REQUIRE_FALSE(docs[1].ok());
    CHECK(docs[1].error().kind == ErrorKind::permission);
    CHECK(docs[1].error().message.find("HTTPRoute pitcher") != std::string::npos);
}

}  // namespace
