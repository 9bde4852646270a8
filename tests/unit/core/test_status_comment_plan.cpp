#include <doctest/doctest.h>

#include "preview/core/status_comment_plan.hpp"

using namespace preview;

TEST_SUITE("core::status_comment_plan") {
    const std::vector<MarkedComment> kMarked = {
        {10, "other-app[bot]", "u10"},       // another GitHub App's, with our marker
        {11, "reviewer", "u11"},             // a person's, with our marker
        {12, "github-actions[bot]", "u12"},  // the oldest of the workflow token's
        {13, "Preview-Dev", "u13"},
        {14, "github-actions[bot]", "u14"},  // a run that raced
        {15, "preview-dev", "u15"},
        {16, "other-app[bot]", "u16"},
    };
    const PrRef kPr{"org", "repo", 42};

    TEST_CASE("a user token keeps its oldest comment and removes its later ones") {
        const auto plan = plan_status_comment(kMarked, CommentWriter{"preview-dev"});
        CHECK(plan.update == 13);
        CHECK(plan.html_url == "u13");
        CHECK(plan.remove == std::vector<std::int64_t>{15});
    }

    TEST_CASE("the workflow's token owns github-actions[bot]'s comments, no other app's") {
        const auto writer = installation_writer({true, "Org/Repo"}, kPr);
        CHECK(writer.login == "github-actions[bot]");
        const auto plan = plan_status_comment(kMarked, writer);
        CHECK(plan.update == 12);
        CHECK(plan.remove == std::vector<std::int64_t>{14});
        CHECK_FALSE(is_own_comment({1, "other-app[bot]", ""}, writer));
    }

    TEST_CASE("an installation token whose app is unknown owns nothing before it writes") {
        SUBCASE("outside Actions") {
            CHECK(installation_writer({false, "org/repo"}, kPr).login.empty());
        }
        SUBCASE("in another repository's workflow") {
            CHECK(installation_writer({true, "org/other"}, kPr).login.empty());
        }
        SUBCASE("no repository known") {
            CHECK(installation_writer({true, ""}, PrRef{}).login.empty());
        }
        const auto plan = plan_status_comment(kMarked, CommentWriter{});
        CHECK(plan.update == 0);
        CHECK(plan.remove.empty());
        CHECK_FALSE(is_own_comment({1, "my-app[bot]", ""}, CommentWriter{}));
        CHECK_FALSE(is_own_comment({1, "", ""}, CommentWriter{}));
    }

    TEST_CASE("after posting, the post's author keeps its oldest, never another app's") {
        const auto plan = plan_status_comment(kMarked, CommentWriter{"other-app[bot]"});
        CHECK(plan.update == 10);
        CHECK(plan.remove == std::vector<std::int64_t>{16});
    }

    TEST_CASE("nothing of ours: post a new one") {
        const auto plan =
            plan_status_comment({{11, "reviewer", "u11"}}, CommentWriter{"preview-dev"});
        CHECK(plan.update == 0);
        CHECK(plan.remove.empty());
    }
}
