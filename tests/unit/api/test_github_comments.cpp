#include <doctest/doctest.h>

#include "preview/api/github_comments.hpp"

using namespace preview;

TEST_SUITE("api::github_comments") {
    TEST_CASE("an installation token's refusal of GET /user, as GitHub words it") {
        const std::string refused =
            R"({"message":"Resource not accessible by integration","documentation_url":)"
            R"("https://docs.github.com/rest/users/users#get-the-authenticated-user","status":"403"})";
        CHECK(is_installation_refusal(403, refused));
        CHECK_FALSE(is_installation_refusal(401, refused));
        CHECK_FALSE(is_installation_refusal(403, R"({"message":"API rate limit exceeded"})"));
        CHECK_FALSE(is_installation_refusal(403, "<html>forbidden</html>"));
    }

    TEST_CASE("the marked comments of a page, in order, whoever wrote them") {
        const std::string page = R"([
            {"id": 1, "body": "hello", "user": {"login": "alice"}, "html_url": "u1"},
            {"id": 2, "body": "  <!-- m -->\nours", "user": {"login": "github-actions[bot]"},
             "html_url": "u2"},
            {"id": 3, "body": "<!-- m -->\ntheirs", "user": {"login": "alice"}, "html_url": "u3"}
        ])";
        const auto marked = parse_marked_comments(page, "<!-- m -->");
        REQUIRE(marked.ok());
        REQUIRE(marked->size() == 2);
        CHECK((*marked)[0].id == 2);
        CHECK((*marked)[0].author == "github-actions[bot]");
        CHECK((*marked)[0].html_url == "u2");
        CHECK((*marked)[1].author == "alice");
        CHECK_FALSE(parse_marked_comments(R"({"id": 1})", "<!-- m -->").ok());
        CHECK_FALSE(parse_marked_comments(R"([{"id": 1, "body": 5}])", "<!-- m -->").ok());
    }

    TEST_CASE("a written comment names its author") {
        const auto c = parse_issue_comment(
            R"({"id": 7, "html_url": "u7", "user": {"login": "github-actions[bot]"}})");
        REQUIRE(c.ok());
        CHECK(c->author == "github-actions[bot]");
    }
}
