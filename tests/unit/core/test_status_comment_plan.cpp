#include <doctest/doctest.h>

#include "preview/core/status_comment_plan.hpp"

using namespace preview;

TEST_SUITE("core::status_comment_plan") {
    const std::vector<MarkedComment> kMarked = {
        {11, "reviewer", "u11"},             // a person's, with our marker
        {12, "github-actions[bot]", "u12"},  // the oldest of the workflow token's
        {13, "Preview-Dev", "u13"},
        {14, "github-actions[bot]", "u14"},  // a run that raced
        {15, "preview-dev", "u15"},
    };

    TEST_CASE("a user token keeps its oldest comment and removes its later ones") {
        const auto plan = plan_status_comment(kMarked, CommentWriter{"preview-dev", false});
        CHECK(plan.update == 13);
        CHECK(plan.html_url == "u13");
        CHECK(plan.remove == std::vector<std::int64_t>{15});
    }

    TEST_CASE("an installation token owns the bots' comments, never a person's") {
        const auto plan = plan_status_comment(kMarked, CommentWriter{"", true});
        CHECK(plan.update == 12);
        CHECK(plan.remove == std::vector<std::int64_t>{14});
        CHECK(is_own_comment({1, "my-app[bot]", ""}, CommentWriter{"", true}));
        CHECK_FALSE(is_own_comment({1, "reviewer", ""}, CommentWriter{"", true}));
        CHECK_FALSE(is_own_comment({1, "", ""}, CommentWriter{"", false}));
    }

    TEST_CASE("nothing of ours: post a new one") {
        const auto plan =
            plan_status_comment({{11, "reviewer", "u11"}}, CommentWriter{"preview-dev", false});
        CHECK(plan.update == 0);
        CHECK(plan.remove.empty());
    }
}
