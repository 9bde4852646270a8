#include <doctest/doctest.h>

#include "preview/api/watch_json.hpp"

using namespace preview;

TEST_SUITE("api::watch_json") {
    TEST_CASE("an event names its type and the resourceVersion it brings") {
        auto e = parse_watch_event(
            R"({"type":"MODIFIED","object":{"kind":"Pod","metadata":{"name":"p","resourceVersion":"1234"}}})");
        REQUIRE(e.ok());
        CHECK(e->type == "MODIFIED");
        CHECK(e->resource_version == "1234");
    }

    TEST_CASE("a bookmark carries only the resourceVersion") {
        auto e = parse_watch_event(
            "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\","
            "\"metadata\":{\"resourceVersion\":\"99\"}}}\r");
        REQUIRE(e.ok());
        CHECK(e->type == "BOOKMARK");
        CHECK(e->resource_version == "99");
    }

    TEST_CASE("an ERROR event carries the Status code: 410 after compaction") {
        auto e = parse_watch_event(
            R"j({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},)j"
            R"j("status":"Failure","message":"too old resource version: 5 (900)",)j"
            R"j("reason":"Expired","code":410}})j");
        REQUIRE(e.ok());
        CHECK(e->type == "ERROR");
        CHECK(e->code == 410);
        CHECK(e->message == "too old resource version: 5 (900)");
    }

    TEST_CASE("anything else is an error, never an event") {
        CHECK_FALSE(parse_watch_event("").ok());
        CHECK_FALSE(parse_watch_event("<html>proxy</html>").ok());
        CHECK_FALSE(parse_watch_event(R"({"object":{}})").ok());
        CHECK_FALSE(parse_watch_event(R"({"type":"ADDED","object":"x"})").ok());
        CHECK_FALSE(parse_watch_event("[[[[").ok());
    }

    TEST_CASE("a list's resourceVersion") {
        CHECK(list_resource_version(
                  R"({"kind":"PodList","metadata":{"resourceVersion":"77"},"items":[]})") == "77");
        CHECK(list_resource_version(R"({"items":[]})").empty());
        CHECK(list_resource_version("nope").empty());
    }
}
