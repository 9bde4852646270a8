#include <doctest/doctest.h>

#include "preview/render/markdown.hpp"

using namespace preview;

TEST_SUITE("render::markdown") {
    TEST_CASE("a code span is fenced longer than any backtick run inside") {
        CHECK(md_code("kubectl get pods") == "`kubectl get pods`");
        CHECK(md_code("a ``` b") == "````a ``` b````");
        SUBCASE("a backtick at either end is padded off the fence") {
            CHECK(md_code("`x") == "`` `x ``");
            CHECK(md_code("x`") == "`` x` ``");
        }
        SUBCASE("both ends a space: padded so CommonMark strips ours, not the text's") {
            CHECK(md_code(" x ") == "`  x  `");
        }
        CHECK(md_code("") == "` `");
    }

    TEST_CASE("line breaks and control characters cannot leave the span") {
        const auto span = md_code("a\n<!-- x -->\r\x1b[31m");
        CHECK(span.find('\n') == std::string::npos);
        CHECK(span.find('\r') == std::string::npos);
        CHECK(span.find('\x1b') == std::string::npos);
        CHECK(span.front() == '`');
        CHECK(span.back() == '`');
    }

    TEST_CASE(
        "a table cell shows | as a broken bar, which no backslash can turn into a separator") {
        const auto cell = md_cell("a\\|b|c");
        CHECK(cell.find('|') == std::string::npos);
        CHECK(cell == "`a\\\u00a6b\u00a6c`");
    }

    TEST_CASE("long text is cut") {
        CHECK(md_code(std::string(1000, 'a'), 10).size() < 20);
    }
}
