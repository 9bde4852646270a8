#include <doctest/doctest.h>

#include "preview/api/link_header.hpp"

namespace preview {

TEST_SUITE("api::link_header") {
    TEST_CASE("GitHub's Link header") {
        CHECK(
            next_link(
                R"(<https://api.github.com/repositories/937261450/issues/42/comments?per_page=100&page=2>; rel="next", <https://api.github.com/repositories/937261450/issues/42/comments?per_page=100&page=5>; rel="last")") ==
            "https://api.github.com/repositories/937261450/issues/42/comments?per_page=100&page=2");
    }

    TEST_CASE("next is not first") {
        CHECK(
            next_link(
                R"(<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=3>; rel="next", <https://api.github.com/x?page=1>; rel="first")") ==
            "https://api.github.com/x?page=3");
    }

    TEST_CASE("last page: no next") {
        CHECK_FALSE(
            next_link(
                R"(<https://api.github.com/x?page=4>; rel="prev", <https://api.github.com/x?page=1>; rel="first")")
                .has_value());
        CHECK_FALSE(next_link("").has_value());
    }

    TEST_CASE("rel with several values, unquoted, different case, spacing") {
        CHECK(next_link(R"(<https://a/x?page=2>; rel="last next")") == "https://a/x?page=2");
        CHECK(next_link("<https://a/x?page=2>;rel=next") == "https://a/x?page=2");
        CHECK(next_link("<https://a/x?page=2> ;  REL = \"Next\"") == "https://a/x?page=2");
        CHECK(next_link("  ,<https://a/1>;rel=prev,<https://a/2>;rel=next,") == "https://a/2");
        CHECK_FALSE(next_link(R"(<https://a/x>; rel="nextish")").has_value());
    }

    TEST_CASE("commas and semicolons inside quoted parameters") {
        CHECK(
            next_link(
                R"(<https://a/1>; title="a, b; rel=next", rel="prev", <https://a/2>; rel="next")") ==
            "https://a/2");
        CHECK(next_link(R"(<https://a/1>; title="say \"hi\", ok"; rel="next")") == "https://a/1");
    }

    TEST_CASE("only the first rel counts") {
        CHECK_FALSE(next_link(R"(<https://a/1>; rel="prev"; rel="next")").has_value());
    }

    TEST_CASE("malformed headers never crash") {
        CHECK_FALSE(next_link("<https://a/1").has_value());
        CHECK_FALSE(next_link("garbage").has_value());
        CHECK_FALSE(next_link(R"(; rel="next")").has_value());
        CHECK_FALSE(next_link(R"(<>; rel="next")").has_value());
        CHECK(next_link(R"(junk "quoted, thing", <https://a/2>; rel="next")") == "https://a/2");
        CHECK(next_link(R"(<https://a/1>; rel="next)") == "https://a/1");  // unterminated quote
        CHECK_FALSE(next_link("<https://a/1>; rel=").has_value());
    }
}

}  // namespace preview
