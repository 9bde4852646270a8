#include <doctest/doctest.h>

#include "preview/api/www_authenticate.hpp"

namespace preview {

TEST_SUITE("api::www_authenticate") {
    TEST_CASE("ghcr.io's challenge") {
        const auto c = parse_bearer_challenge(
            R"(Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:stuttgart-things/homerun2-core-catcher:pull")");
        REQUIRE(c.has_value());
        CHECK(c->realm == "https://ghcr.io/token");
        CHECK(c->service == "ghcr.io");
        CHECK(c->scope == "repository:stuttgart-things/homerun2-core-catcher:pull");
        CHECK(c->error.empty());
    }

    TEST_CASE("quoted values with commas, case-insensitive names, spacing") {
        const auto c = parse_bearer_challenge(
            R"(bearer Realm = "https://auth.docker.io/token" , SERVICE="registry.docker.io", scope="repository:a/b:pull,push",error="insufficient_scope")");
        REQUIRE(c.has_value());
        CHECK(c->realm == "https://auth.docker.io/token");
        CHECK(c->service == "registry.docker.io");
        CHECK(c->scope == "repository:a/b:pull,push");
        CHECK(c->error == "insufficient_scope");
    }

    TEST_CASE("several challenges; Bearer not first") {
        const auto c = parse_bearer_challenge(
            R"(Basic realm="Registry Realm, with comma", charset="UTF-8", Bearer realm="https://r/token",service="r")");
        REQUIRE(c.has_value());
        CHECK(c->realm == "https://r/token");
        CHECK(c->service == "r");
        CHECK(c->scope.empty());
    }

    TEST_CASE("token values and escapes") {
        const auto c =
            parse_bearer_challenge(R"(Bearer realm=https://r/token, service=r, scope="a\"b")");
        REQUIRE(c.has_value());
        CHECK(c->realm == "https://r/token");
        CHECK(c->service == "r");
        CHECK(c->scope == "a\"b");
    }

    TEST_CASE("no Bearer challenge, or no realm") {
        CHECK_FALSE(parse_bearer_challenge(R"(Basic realm="x")").has_value());
        CHECK_FALSE(parse_bearer_challenge("Bearer").has_value());
        CHECK_FALSE(parse_bearer_challenge(R"(Bearer service="x")").has_value());
        CHECK_FALSE(parse_bearer_challenge("").has_value());
        CHECK_FALSE(parse_bearer_challenge("Negotiate abc==, Basic").has_value());
        CHECK_FALSE(parse_bearer_challenge(R"(Bearerx realm="y")").has_value());
    }

    TEST_CASE("malformed input never crashes") {
        for (const char* text : {"\"", "=", "==,,", "Bearer realm=\"unterminated", "Bearer ,,= =",
                                 "Bearer realm", "Bearer realm=", ", Bearer realm=\"x\""}) {
            CAPTURE(text);
            (void)parse_bearer_challenge(text);
        }
        const auto tail = parse_bearer_challenge(", Bearer realm=\"x\"");
        REQUIRE(tail.has_value());
        CHECK(tail->realm == "x");
        const auto unterminated = parse_bearer_challenge("Bearer realm=\"unterminated");
        REQUIRE(unterminated.has_value());
        CHECK(unterminated->realm == "unterminated");
    }
}

}  // namespace preview
