#include <string>

#include <doctest/doctest.h>

#include "preview/api/argocd_stream_json.hpp"

using namespace preview;

TEST_SUITE("api::argocd_stream_json") {
    TEST_CASE("an event names its type, the Application and its resourceVersion") {
        auto e = parse_argocd_stream_event(
            R"({"result":{"type":"MODIFIED","application":{"metadata":{"name":"homerun2-pr-42",)"
            R"("namespace":"argocd","resourceVersion":"1234"},"status":{"health":{"status":"Healthy"}}}}})");
        REQUIRE(e.ok());
        CHECK_FALSE(e->is_error());
        CHECK(e->type == "MODIFIED");
        CHECK(e->name == "homerun2-pr-42");
        CHECK(e->resource_version == "1234");
    }

    TEST_CASE("the stream's error carries the gateway's codes and message") {
        auto e = parse_argocd_stream_event(
            R"({"error":{"grpc_code":7,"http_code":403,"message":"permission denied",)"
            R"("http_status":"Forbidden"}})");
        REQUIRE(e.ok());
        CHECK(e->is_error());
        CHECK(e->http_code == 403);
        CHECK(e->grpc_code == 7);
        CHECK(e->message == "permission denied");
    }

    TEST_CASE("anything else is an error, never an event") {
        CHECK_FALSE(parse_argocd_stream_event("").ok());
        CHECK_FALSE(parse_argocd_stream_event("<html>proxy</html>").ok());
        CHECK_FALSE(parse_argocd_stream_event("[1]").ok());
        // The Kubernetes watch shape is not Argo CD's.
        CHECK_FALSE(
            parse_argocd_stream_event(R"({"type":"ADDED","object":{"metadata":{"name":"a"}}})")
                .ok());
        CHECK_FALSE(parse_argocd_stream_event(R"({"error":"x"})").ok());
        CHECK_FALSE(parse_argocd_stream_event(
                        R"({"result":{"type":"BOOKMARK","application":{"metadata":{"name":"a"}}}})")
                        .ok());
        CHECK_FALSE(parse_argocd_stream_event(R"({"result":{"type":"ADDED"}})").ok());
        CHECK_FALSE(
            parse_argocd_stream_event(R"({"result":{"type":"ADDED","application":"a"}})").ok());
    }

    TEST_CASE("a name that is not a Kubernetes name is refused") {
        for (const std::string name : {"", "../x", "Upper", "a\\u001b[31m", "a b"}) {
            CAPTURE(name);
            auto e = parse_argocd_stream_event(
                R"({"result":{"type":"ADDED","application":{"metadata":{"name":")" + name +
                R"("}}}})");
            CHECK_FALSE(e.ok());
        }
    }

    TEST_CASE("what the snapshot already saw is not news") {
        ArgocdStreamEvent e;
        e.type = "ADDED";
        e.name = "a";
        SUBCASE("the replay of an Application at or before the list") {
            e.resource_version = "100";
            CHECK_FALSE(is_news(e, "100"));
            CHECK_FALSE(is_news(e, "250"));
            e.type = "MODIFIED";
            CHECK_FALSE(is_news(e, "100"));
        }
        SUBCASE("an Application changed after the list") {
            e.resource_version = "101";
            CHECK(is_news(e, "100"));
        }
        SUBCASE("versions compare as numbers, not as text") {
            e.resource_version = "1000";
            CHECK(is_news(e, "999"));
        }
        SUBCASE("a deletion always") {
            e.type = "DELETED";
            e.resource_version = "5";
            CHECK(is_news(e, "100"));
        }
        SUBCASE("without a comparable version, always") {
            e.resource_version = "100";
            CHECK(is_news(e, ""));
            CHECK(is_news(e, "x1"));
            e.resource_version = "";
            CHECK(is_news(e, "100"));
            e.resource_version = "-1";
            CHECK(is_news(e, "100"));
        }
    }
}
