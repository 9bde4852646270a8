#include <doctest/doctest.h>

#include "preview/core/profile.hpp"
#include "preview/core/template_match.hpp"

using namespace preview;

TEST_SUITE("core::template_match") {
    const PrRef repo{"stuttgart-things", "homerun2-core-catcher", 0};

    TEST_CASE("a rendered name gives back its number") {
        const std::string tmpl = "homerun2-core-catcher-pr-{number}";
        CHECK(template_number(tmpl, repo, "homerun2-core-catcher-pr-42") == 42);
        CHECK(template_number(tmpl, repo, "homerun2-core-catcher-pr-7") == 7);
        CHECK_FALSE(template_number(tmpl, repo, "homerun2-core-catcher-pr-"));
        CHECK_FALSE(template_number(tmpl, repo, "homerun2-core-catcher-pr-42x"));
        CHECK_FALSE(template_number(tmpl, repo, "homerun2-core-catcher-pr-042"));
        CHECK_FALSE(template_number(tmpl, repo, "homerun2-led-catcher-pr-42"));
        CHECK_FALSE(template_number(tmpl, repo, "kube-system"));
    }

    TEST_CASE("render and match are inverse for every number") {
        const std::string tmpl = "{repo}-pr-{number}";
        for (int number : {1, 9, 10, 99, 12345, 2147483647}) {
            PrRef pr = repo;
            pr.number = number;
            const auto name = render_template(tmpl, pr, "");
            REQUIRE(name.ok());
            CHECK(template_number(tmpl, repo, name.value()) == number);
        }
    }

    TEST_CASE("owner and repo match literally; sha placeholders match hex of their length") {
        CHECK(template_number("{owner}-{repo}-{number}", repo,
                              "stuttgart-things-homerun2-core-catcher-5") == 5);
        CHECK_FALSE(template_number("{owner}-{number}", repo, "someone-else-5"));
        CHECK(template_number("pr-{number}-{short_sha}", repo, "pr-12-0123abcd") == 12);
        CHECK_FALSE(template_number("pr-{number}-{short_sha}", repo, "pr-12-0123abcZ"));
        CHECK_FALSE(template_number("pr-{number}-{short_sha}", repo, "pr-12-0123abc"));
    }

    TEST_CASE("digits next to the number are resolved by backtracking") {
        CHECK(template_number("pr{number}1", repo, "pr421") == 42);
        CHECK(template_number("n{number}-{number}", repo, "n5-5") == 5);
        CHECK_FALSE(template_number("n{number}-{number}", repo, "n5-6"));
    }

    TEST_CASE("a template without a number, or a malformed one, matches nothing") {
        CHECK_FALSE(template_number("preview-shared", repo, "preview-shared"));
        CHECK_FALSE(template_number("pr-{number", repo, "pr-1"));
        CHECK_FALSE(template_number("pr-{nope}-{number}", repo, "pr-x-1"));
        CHECK_FALSE(template_number("pr-{number}", repo, "pr-99999999999"));  // beyond int
    }
}
