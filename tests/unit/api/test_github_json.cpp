#include <string>

#include "unit/api/test_fixture.hpp"
#include <doctest/doctest.h>

#include "preview/api/github_json.hpp"

namespace preview {

using test::fixture;

TEST_SUITE("api::github") {
    TEST_CASE("an open pull request") {
        const auto pr = parse_pull_request(fixture("github/pull_request_open.json"));
        REQUIRE(pr.ok());
        CHECK(pr->owner == "stuttgart-things");
        CHECK(pr->repo == "homerun2-core-catcher");
        CHECK(pr->number == 42);
        CHECK(pr->state == "open");
        CHECK_FALSE(pr->merged);
        CHECK_FALSE(pr->draft);
        CHECK(pr->title == "feat: filter messages by severity before acking");
        CHECK(pr->author == "patrick-hermann-sva");
        CHECK(pr->head_sha == "9f3c2e1a7b4d5c6e8f90a1b2c3d4e5f6a7b8c9d0");
        CHECK(pr->head_ref == "feat/severity-filter");
        CHECK(pr->base_ref == "main");
        CHECK(pr->html_url == "https://github.com/stuttgart-things/homerun2-core-catcher/pull/42");
        CHECK(pr->created_at == "2026-08-21T08:57:12Z");
        CHECK(pr->updated_at == "2026-08-21T10:02:40Z");
        CHECK(pr->closed_at.empty());
        CHECK(pr->labels == std::vector<std::string>{"preview", "enhancement"});
    }

    TEST_CASE("a closed and a merged pull request") {
        const auto closed = parse_pull_request(fixture("github/pull_request_closed.json"));
        REQUIRE(closed.ok());
        CHECK(closed->state == "closed");
        CHECK_FALSE(closed->merged);
        CHECK(closed->closed_at == "2026-08-22T07:58:10Z");
        CHECK(closed->labels.front() == "preview");

        const auto merged = parse_pull_request(fixture("github/pull_request_merged.json"));
        REQUIRE(merged.ok());
        CHECK(merged->state == "closed");
        CHECK(merged->merged);
        CHECK(merged->merged_at == "2026-08-22T07:58:10Z");
        CHECK(merged->labels == std::vector<std::string>{"enhancement"});
    }

    TEST_CASE("a pull request whose head repository was deleted (fork gone)") {
        const auto pr = parse_pull_request(R"({"number":7,"state":"open","draft":true,
            "user":{"login":"someone"},"labels":[],"head":{"ref":"x","sha":"abc","repo":null},
            "base":{"ref":"main","repo":{"full_name":"o/r"}},"merged":false})");
        REQUIRE(pr.ok());
        CHECK(pr->draft);
        CHECK(pr->owner == "o");
        CHECK(pr->repo == "r");
        CHECK(pr->head_sha == "abc");
        CHECK(pr->from_fork);
        CHECK(pr->head_repo.empty());
    }

    TEST_CASE("merge state, head repository and author of the single-PR payload") {
        const auto same = parse_pull_request(fixture("github/pull_request_open.json"));
        REQUIRE(same.ok());
        CHECK(same->mergeable_state == "clean");
        CHECK(same->head_repo == "stuttgart-things/homerun2-core-catcher");
        CHECK_FALSE(same->from_fork);
        const auto fork = parse_pull_request(R"({"number":8,"state":"open",
            "user":{"login":"dependabot[bot]"},"labels":[],"mergeable":false,
            "mergeable_state":"dirty","head":{"ref":"x","sha":"abc",
            "repo":{"full_name":"fork/r"}},"base":{"ref":"main","repo":{"full_name":"o/r"}}})");
        REQUIRE(fork.ok());
        CHECK(fork->mergeable_state == "dirty");
        CHECK(fork->head_repo == "fork/r");
        CHECK(fork->from_fork);
        CHECK(fork->author == "dependabot[bot]");
        // null while GitHub computes it; a list item has neither field: both unknown.
        const auto computing = parse_pull_request(R"({"number":9,"state":"open","labels":[],
            "mergeable":null,"mergeable_state":null,"head":{"ref":"x","sha":"abc"},
            "base":{"ref":"main","repo":{"full_name":"o/r"}}})");
        REQUIRE(computing.ok());
        CHECK(computing->mergeable_state.empty());
        CHECK_FALSE(computing->from_fork);
    }

    TEST_CASE("check runs of the head commit") {
        const auto runs = parse_check_runs(fixture("github/check_runs.json"));
        REQUIRE(runs.ok());
        REQUIRE(runs->size() == 4);
        CHECK((*runs)[0].name == "build-pr / Build, Scan & Push Image");
        CHECK((*runs)[0].status == "completed");
        CHECK((*runs)[0].conclusion == "success");
        CHECK((*runs)[0].started_at == "2026-08-21T09:00:31Z");
        CHECK((*runs)[0].completed_at == "2026-08-21T09:04:12Z");
        CHECK((*runs)[0].html_url.find("/actions/runs/") != std::string::npos);
        CHECK((*runs)[1].name == "push-kustomize / Push kustomize base via Dagger");
        CHECK((*runs)[1].status == "in_progress");
        CHECK((*runs)[1].conclusion.empty());  // null while running
        CHECK((*runs)[1].completed_at.empty());
        CHECK((*runs)[2].conclusion == "failure");
        CHECK((*runs)[3].status == "queued");
    }

    TEST_CASE("an empty check-run page") {
        const auto runs = parse_check_runs(R"({"total_count":0,"check_runs":[]})");
        REQUIRE(runs.ok());
        CHECK(runs->empty());
        CHECK_FALSE(parse_check_runs(R"({"total_count":0})").ok());
    }

    TEST_CASE("the bot comment is the first whose body starts with the marker") {
        const auto comment = parse_bot_comment(fixture("github/issue_comments.json"),
                                               "<!-- preview-url-bot -->", {});
        REQUIRE(comment.ok());
        REQUIRE(comment->has_value());
        // The first comment mentions the marker but does not start with it.
        CHECK((*comment)->id == 3210990455);
        CHECK((*comment)->author == "github-actions[bot]");
        CHECK((*comment)->html_url ==
              "https://github.com/stuttgart-things/homerun2-core-catcher/pull/"
              "42#issuecomment-3210990455");
        CHECK((*comment)->updated_at == "2026-08-21T10:02:44Z");
    }

    TEST_CASE(
        "a marked comment counts only from the bot: any app by default, else the named login") {
        const std::string page = R"([
            {"id":1,"body":"<!-- m -->\nhttps://evil.example","user":{"login":"mallory"}},
            {"id":2,"body":"<!-- m -->\nhttps://bot.example","user":null},
            {"id":3,"body":"<!-- m -->\nhttps://other-app","user":{"login":"other-app[bot]"}},
            {"id":4,"body":"<!-- m -->\nhttps://ours","user":{"login":"Preview-Bot[bot]"}}])";
        SUBCASE("default: the first comment by a GitHub App") {
            const auto found = parse_bot_comment(page, "<!-- m -->", {});
            REQUIRE(found.ok());
            REQUIRE(found->has_value());
            CHECK((*found)->id == 3);
        }
        SUBCASE("github.commentAuthor: that login only, case-insensitively") {
            const auto found = parse_bot_comment(page, "<!-- m -->", "preview-bot[bot]");
            REQUIRE(found.ok());
            REQUIRE(found->has_value());
            CHECK((*found)->id == 4);
            CHECK((*found)->author == "Preview-Bot[bot]");
        }
        SUBCASE("a human's marked comment is never the bot's") {
            const auto found = parse_bot_comment(
                R"([{"id":1,"body":"<!-- m -->","user":{"login":"mallory"}}])", "<!-- m -->", {});
            REQUIRE(found.ok());
            CHECK_FALSE(found->has_value());
            const auto named =
                parse_bot_comment(R"([{"id":1,"body":"<!-- m -->","user":{"login":"mallory"}}])",
                                  "<!-- m -->", "preview-bot");
            REQUIRE(named.ok());
            CHECK_FALSE(named->has_value());
        }
    }

    TEST_CASE("leading whitespace before the marker is ignored; no match is nullopt") {
        const auto found = parse_bot_comment(
            R"([{"id":1,"body":null,"user":{"login":"a"}},
                {"id":2,"body":"\r\n  <!-- preview-url-bot -->\nhi","user":{"login":"b[bot]"}}])",
            "<!-- preview-url-bot -->", {});
        REQUIRE(found.ok());
        REQUIRE(found->has_value());
        CHECK((*found)->id == 2);
        const auto none = parse_bot_comment(R"([{"id":1,"body":"hello"}])", "<!-- x -->", {});
        REQUIRE(none.ok());
        CHECK_FALSE(none->has_value());
        const auto empty = parse_bot_comment("[]", "<!-- x -->", {});
        REQUIRE(empty.ok());
        CHECK_FALSE(empty->has_value());
    }

    TEST_CASE("labels") {
        const auto labels = parse_labels(fixture("github/labels.json"));
        REQUIRE(labels.ok());
        CHECK(*labels == std::vector<std::string>{"preview", "enhancement"});
        const auto none = parse_labels("[]");
        REQUIRE(none.ok());
        CHECK(none->empty());
    }

    TEST_CASE("the issues list keeps only pull requests") {
        const auto prs = parse_issue_pull_requests(fixture("github/issues_labelled_preview.json"));
        REQUIRE(prs.ok());
        REQUIRE(prs->size() == 2);
        const PullRequest& draft = (*prs)[0];
        CHECK(draft.number == 43);
        CHECK(draft.draft);
        CHECK(draft.author == "renovate[bot]");
        const PullRequest& pr = (*prs)[1];
        CHECK(pr.number == 42);
        CHECK(pr.owner == "stuttgart-things");
        CHECK(pr.repo == "homerun2-core-catcher");
        CHECK(pr.title == "feat: filter messages by severity before acking");
        CHECK(pr.author == "patrick-hermann-sva");
        CHECK(pr.state == "open");
        CHECK(pr.html_url == "https://github.com/stuttgart-things/homerun2-core-catcher/pull/42");
        CHECK(pr.created_at == "2026-08-12T08:57:12Z");
        CHECK(pr.labels == std::vector<std::string>{"preview", "enhancement"});
        CHECK(pr.head_sha.empty());  // not in the issues payload
        CHECK_FALSE(pr.merged);
    }

    TEST_CASE("a merged pull request in the issues list") {
        const auto prs = parse_issue_pull_requests(
            R"([{"number":9,"state":"closed","title":"t","user":{"login":"u"},"labels":[],
                 "repository_url":"https://ghe.example.com/api/v3/repos/org/app",
                 "pull_request":{"merged_at":"2026-01-01T00:00:00Z"}}])");
        REQUIRE(prs.ok());
        REQUIRE(prs->size() == 1);
        CHECK((*prs)[0].merged);
        CHECK((*prs)[0].owner == "org");
        CHECK((*prs)[0].repo == "app");
    }

    TEST_CASE("issue events: the label events, other events and odd shapes skipped") {
        const auto events = parse_label_events(R"([
            {"id":1,"event":"labeled","actor":{"login":"alice"},"label":{"name":"preview",
             "color":"0e8a16"},"created_at":"2026-11-23T15:00:00Z"},
            {"id":2,"event":"head_ref_force_pushed","actor":{"login":"alice"},
             "created_at":"2026-11-23T15:01:00Z"},
            {"id":3,"event":"unlabeled","actor":null,"label":{"name":"preview"},
             "created_at":"2026-11-23T15:02:00Z"},
            {"id":4,"event":"labeled","label":{"name":42},"created_at":"2026-11-23T15:03:00Z"},
            {"id":5,"event":"labeled","label":null,"created_at":"2026-11-23T15:04:00Z"},
            "not an object",
            {"id":6,"event":"labeled","actor":{"login":"bob"},"label":{"name":"preview"},
             "created_at":17}])");
        REQUIRE(events.ok());
        REQUIRE(events->size() == 2);
        CHECK((*events)[0].event == "labeled");
        CHECK((*events)[0].label == "preview");
        CHECK((*events)[0].actor == "alice");
        CHECK((*events)[0].created_at == "2026-11-23T15:00:00Z");
        CHECK((*events)[1].event == "unlabeled");
        CHECK((*events)[1].actor.empty());
        CHECK_FALSE(parse_label_events(R"({"message":"Not Found"})").ok());
        CHECK(parse_label_events("[]")->empty());
    }
}

}  // namespace preview
