#include <string>

#include <doctest/doctest.h>

#include "preview/api/api_errors.hpp"
#include "preview/api/json_parse.hpp"
#include "preview/api/kube_json.hpp"

using namespace preview;

namespace {

std::string nested(std::size_t depth, char open = '[', char close = ']') {
    return std::string(depth, open) + std::string(depth, close);
}

}  // namespace

TEST_CASE("json_too_deep counts arrays and objects, not brackets inside strings") {
    CHECK_FALSE(json_too_deep(nested(kMaxJsonDepth)));
    CHECK(json_too_deep(nested(kMaxJsonDepth + 1)));
    CHECK_FALSE(json_too_deep(R"({"a":"[[[[[[[[[[","b":"\"[[[[[["})", 2));
    CHECK(json_too_deep(R"({"a":{"b":[1]}})", 2));
    CHECK_FALSE(json_too_deep(R"({"a":{"b":1},"c":{"d":[]}})", 3));  // siblings do not add up
}

TEST_CASE("json_too_deep stops at the first bracket past the limit") {
    // An unterminated sea of brackets (a hostile 32 MiB body in miniature) is refused, as is a
    // document that closes them all again.
    CHECK(json_too_deep(std::string(100'000, '[')));
    CHECK(json_too_deep(nested(100'000)));
    CHECK(json_too_deep(std::string(600, '{') + "\"k\":1"));
}

TEST_CASE("parse_json refuses documents nested deeper than 512 levels") {
    CHECK(parse_json(nested(kMaxJsonDepth)).is_array());
    CHECK(parse_json(nested(kMaxJsonDepth + 1)).is_discarded());
    CHECK(parse_json("{\"a\":").is_discarded());
    CHECK(parse_json(R"({"kind":"PodList","items":[]})").is_object());
}

TEST_CASE("a too-deep answer is a parse error that says so") {
    const std::string deep = "{\"kind\":\"PodList\",\"items\":" + nested(100'000) + "}";
    auto pods = parse_pod_list(deep);
    REQUIRE_FALSE(pods.ok());
    CHECK(pods.error().message.find("nested deeper than 512 levels") != std::string::npos);

    const Error e = unexpected_body("read the Pod list", 200, nested(1000));
    CHECK(e.message.find("JSON nested deeper than 512 levels") != std::string::npos);
    CHECK_FALSE(e.hint.empty());

    const Error status = classify_kube_error(500, nested(1000), "read the Pod list");
    CHECK(status.http_status == 500);
}
