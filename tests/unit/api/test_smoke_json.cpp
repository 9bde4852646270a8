#include <doctest/doctest.h>

#include "preview/api/smoke_json.hpp"

TEST_SUITE("api::smoke_json") {
    TEST_CASE("the pitcher's error body, else the gateway's text") {
        auto a = preview::parse_smoke_error(R"({"status":"error","message":"Invalid token"})");
        CHECK(a.json_error);
        CHECK(a.message == "Invalid token");
        a = preview::parse_smoke_error("no healthy upstream");
        CHECK_FALSE(a.json_error);
        CHECK(a.message == "no healthy upstream");
        a = preview::parse_smoke_error(R"({"status":"success","message":"x"})");
        CHECK_FALSE(a.json_error);
    }

    TEST_CASE("the export holds the message: by field, or as text") {
        const char* body =
            R"([{"title":"other","message":"m"},{"title":"preview-smoke-12-ab","severity":"info"}])";
        CHECK(preview::smoke_answer_has(body, "preview-smoke-12-ab", "title"));
        CHECK_FALSE(preview::smoke_answer_has(body, "preview-smoke-12", "title"));
        CHECK_FALSE(preview::smoke_answer_has(body, "preview-smoke-12-ab", "message"));
        CHECK(preview::smoke_answer_has(body, "preview-smoke-12-ab", ""));
        CHECK(preview::smoke_answer_has(R"({"a":{"b":"x"}})", "x", "a.b"));
        CHECK_FALSE(preview::smoke_answer_has("<html>preview-smoke-12-ab</html>",
                                              "preview-smoke-12-ab", "title"));
        CHECK_FALSE(preview::smoke_answer_has("[]", "", ""));
    }
}
