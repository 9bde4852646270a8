#include <doctest/doctest.h>

#include "preview/api/gateway_json.hpp"
#include "preview/api/kube_json.hpp"

using namespace preview;

TEST_SUITE("api::gateway_json") {
    TEST_CASE("a Gateway's conditions and addresses") {
        const auto g = parse_gateway(R"({"apiVersion":"gateway.networking.k8s.io/v1",
            "kind":"Gateway","metadata":{"name":"homerun2-dev-gateway","namespace":"default"},
            "status":{"addresses":[{"type":"IPAddress","value":"10.31.103.200"}],
              "conditions":[{"type":"Accepted","status":"True","reason":"Accepted"},
                {"type":"Programmed","status":"False","reason":"AddressNotAssigned",
                 "message":"Gateway waiting for address"}]}})");
        REQUIRE(g.ok());
        CHECK(g->meta.namespace_name == "default");
        REQUIRE(g->conditions.size() == 2);
        CHECK(g->conditions[1].reason == "AddressNotAssigned");
        CHECK(g->addresses == std::vector<std::string>{"10.31.103.200"});
    }
    TEST_CASE("wrong kinds and shapes are errors, not crashes") {
        CHECK_FALSE(parse_gateway(R"({"kind":"Status","metadata":{"name":"x"}})").ok());
        CHECK_FALSE(parse_gateway(R"({"metadata":{}})").ok());
        CHECK_FALSE(parse_gateway(R"({"metadata":{"name":"g"},"status":{"conditions":3}})").ok());
        CHECK_FALSE(parse_gateway("[]").ok());
        CHECK_FALSE(parse_service_list(R"({"kind":"ServiceList"})").ok());
        CHECK_FALSE(parse_service_list(R"({"items":[{"metadata":{"name":"s"},
            "spec":{"ports":[{"port":"80"}]}}]})")
                        .ok());
    }
    TEST_CASE("a ServiceList's ports") {
        const auto list = parse_service_list(R"({"kind":"ServiceList","apiVersion":"v1",
            "items":[{"metadata":{"name":"homerun2-core-catcher"},
              "spec":{"ports":[{"name":"http","port":80,"targetPort":"http"}]}},
              {"metadata":{"name":"headless"},"spec":{}}]})");
        REQUIRE(list.ok());
        REQUIRE(list->size() == 2);
        CHECK((*list)[0].ports[0].port == 80);
        CHECK((*list)[0].ports[0].name == "http");
        CHECK((*list)[1].ports.empty());
    }
    TEST_CASE("an HTTPRoute's parentRefs and backendRefs, namespaces defaulted") {
        const auto routes = parse_http_route_list(R"({"kind":"HTTPRouteList","items":[
            {"metadata":{"name":"cc","namespace":"pr-42"},
             "spec":{"parentRefs":[{"name":"gw","namespace":"default"},{"name":"local"}],
               "rules":[{"backendRefs":[{"name":"cc","port":8080}]},
                        {"backendRefs":[{"kind":"Service","name":"other","namespace":"x"}]}]}}]})");
        REQUIRE(routes.ok());
        const auto& r = (*routes)[0];
        REQUIRE(r.parent_refs.size() == 2);
        CHECK(r.parent_refs[0].kind == "Gateway");
        CHECK(r.parent_refs[1].namespace_name == "pr-42");
        REQUIRE(r.backend_refs.size() == 2);
        CHECK(r.backend_refs[0].port == 8080);
        CHECK(r.backend_refs[0].namespace_name == "pr-42");
        CHECK(r.backend_refs[1].namespace_name == "x");
        CHECK(r.backend_refs[1].port == 0);
    }
    TEST_CASE("an HTTPRoute's path matches, Gateway API defaults filled in") {
        const auto routes = parse_http_route_list(R"({"kind":"HTTPRouteList","items":[
            {"metadata":{"name":"cc","namespace":"pr-42"},
             "spec":{"rules":[{"matches":[{"path":{"type":"Exact","value":"/health"}},
                                          {"headers":[{"name":"x","value":"y"}]},
                                          {"method":"GET","queryParams":[{"name":"a"},
                                                                         {"name":"b"}]}]},
                              {"backendRefs":[{"name":"cc"}]}]}}]})");
        REQUIRE(routes.ok());
        const auto& paths = (*routes)[0].paths;
        REQUIRE(paths.size() == 4);
        CHECK(paths[0] == RoutePathMatch{"Exact", "/health", "", 0, 0});
        // Matches without a path: for one header; for GET with two query parameters.
        CHECK(paths[1] == RoutePathMatch{"PathPrefix", "/", "", 1, 0});
        CHECK(paths[2] == RoutePathMatch{"PathPrefix", "/", "GET", 0, 2});
        CHECK(paths[3] == RoutePathMatch{"PathPrefix", "/", "", 0, 0});  // a rule without matches
        CHECK_FALSE(parse_http_route_list(R"({"kind":"HTTPRouteList","items":[
            {"metadata":{"name":"cc"},"spec":{"rules":[{"matches":[{"path":{"value":7}}]}]}}]})")
                        .ok());
    }
}
