#include <string>

#include <doctest/doctest.h>

#include "preview/core/pr_ref.hpp"

namespace {

constexpr const char* kForms = "42, #42, OWNER/REPO#42 or https://github.com/OWNER/REPO/pull/42";

preview::PrRef accepted(const std::string& text) {
    INFO("input: " << text);
    const auto ref = preview::parse_pr_ref(text);
    REQUIRE_MESSAGE(ref.ok(), (ref.ok() ? std::string() : ref.error().message));
    return ref.value();
}

std::string rejected(const std::string& text) {
    INFO("input: " << text);
    const auto ref = preview::parse_pr_ref(text);
    REQUIRE_FALSE(ref.ok());
    CHECK(ref.error().kind == preview::ErrorKind::usage);
    CHECK(ref.error().message.find(kForms) != std::string::npos);
    return ref.error().message;
}

std::string slug_error(const std::string& text) {
    INFO("input: " << text);
    const auto ref = preview::parse_repo_slug(text);
    REQUIRE_FALSE(ref.ok());
    CHECK(ref.error().kind == preview::ErrorKind::usage);
    return ref.error().message;
}

}  // namespace

TEST_SUITE("core::pr_ref") {
    TEST_CASE("bare and #-prefixed numbers name a PR of the current repository") {
        for (const char* text : {"42", "#42", "  42\n", "\t#42 "}) {
            const auto ref = accepted(text);
            CHECK(ref.number == 42);
            CHECK(ref.owner.empty());
            CHECK(ref.repo.empty());
            CHECK(ref.repo_slug().empty());
        }
        CHECK(accepted("1").number == 1);
        CHECK(accepted("2147483647").number == 2147483647);
    }

    TEST_CASE("OWNER/REPO#N names the repository too") {
        const auto ref = accepted("stuttgart-things/homerun2-core-catcher#42");
        CHECK(ref.owner == "stuttgart-things");
        CHECK(ref.repo == "homerun2-core-catcher");
        CHECK(ref.number == 42);
        CHECK(ref.repo_slug() == "stuttgart-things/homerun2-core-catcher");

        const auto dotted = accepted("Owner-1/my.repo_name-2#7");
        CHECK(dotted.owner == "Owner-1");
        CHECK(dotted.repo == "my.repo_name-2");
        CHECK(dotted.number == 7);
    }

    TEST_CASE("pull request URLs on any host, with trailing parts") {
        const char* urls[] = {
            "https://github.com/stuttgart-things/homerun2-omni-pitcher/pull/42",
            "https://github.com/stuttgart-things/homerun2-omni-pitcher/pull/42/",
            "https://github.com/stuttgart-things/homerun2-omni-pitcher/pull/42/files",
            "https://github.com/stuttgart-things/homerun2-omni-pitcher/pull/42/commits",
            "https://github.com/stuttgart-things/homerun2-omni-pitcher/pull/42/commits/0123abc",
            "https://github.com/stuttgart-things/homerun2-omni-pitcher/pull/42#discussion_r1234",
            "https://github.com/stuttgart-things/homerun2-omni-pitcher/pull/42?w=1",
            "https://github.com/stuttgart-things/homerun2-omni-pitcher/pull/42/files?w=1#diff-abc",
            "http://ghe.example.com:8443/stuttgart-things/homerun2-omni-pitcher/pull/42",
            "HTTPS://github.com/stuttgart-things/homerun2-omni-pitcher/pull/42",
            " https://github.com/stuttgart-things/homerun2-omni-pitcher/pull/42 \n",
        };
        for (const char* url : urls) {
            const auto ref = accepted(url);
            CHECK(ref.owner == "stuttgart-things");
            CHECK(ref.repo == "homerun2-omni-pitcher");
            CHECK(ref.number == 42);
        }
    }

    TEST_CASE("malformed numbers are rejected with the accepted forms") {
        CHECK(rejected("") == std::string("empty pull request reference: expected ") + kForms);
        rejected("   \t\n");
        CHECK(rejected("abc") == std::string("invalid pull request \"abc\": \"abc\" is not a pull "
                                             "request number; expected ") +
                                     kForms);
        CHECK(rejected("0").find("start at 1") != std::string::npos);
        CHECK(rejected("#0").find("start at 1") != std::string::npos);
        CHECK(rejected("042").find("leading zeros") != std::string::npos);
        for (const char* text :
             {"-3", "+3", "4.2", "42abc", "4 2", "#", "##42", "#-1", "0x2a", "٤٢"}) {
            rejected(text);
        }
        CHECK(rejected("2147483648").find("too large") != std::string::npos);
        CHECK(rejected("99999999999999999999").find("too large") != std::string::npos);
        CHECK(rejected("o/r#2147483648").find("too large") != std::string::npos);
    }

    TEST_CASE("OWNER/REPO#N needs both parts, with GitHub's characters") {
        CHECK(rejected("owner#42").find("names no repository") != std::string::npos);
        CHECK(rejected("/repo#42").find("owner is missing") != std::string::npos);
        CHECK(rejected("owner/#42").find("repository name is missing") != std::string::npos);
        CHECK(rejected("owner/repo#").find("number is missing") != std::string::npos);
        CHECK(rejected("own_er/repo#42").find("owner \"own_er\" may contain only") !=
              std::string::npos);
        CHECK(rejected("-owner/repo#42").find("must not start with '-'") != std::string::npos);
        CHECK(rejected(std::string(40, 'a') + "/repo#42").find("longer than 39") !=
              std::string::npos);
        accepted(std::string(39, 'a') + "/repo#42");
        CHECK(rejected("owner/re po#42").find("may contain only") != std::string::npos);
        CHECK(rejected("owner/re:po#42").find("may contain only") != std::string::npos);
        CHECK(rejected("owner/.#42").find("not a repository name") != std::string::npos);
        CHECK(rejected("owner/..#42").find("not a repository name") != std::string::npos);
        CHECK(rejected("owner/" + std::string(101, 'r') + "#42").find("longer than 100") !=
              std::string::npos);
        accepted("owner/" + std::string(100, 'r') + "#42");
        rejected("a/b/c#42");
        rejected("owner/repo#42#43");
    }

    TEST_CASE("URLs that are not pull request URLs are rejected") {
        for (const char* text : {
                 "https://github.com/o/r/issues/42",
                 "https://github.com/o/r/pull/",
                 "https://github.com/o/r/pull/abc",
                 "https://github.com/o/r/pull/0",
                 "https://github.com/o/r",
                 "https://github.com/o/r/pulls/42",
                 "https:///o/r/pull/42",
                 "https://github.com",
                 "https://github.com/o_o/r/pull/42",
                 "ftp://github.com/o/r/pull/42",
                 "github.com/o/r/pull/42",
             }) {
            rejected(text);
        }
        CHECK(rejected("https://github.com/o/r/issues/42").find("not a pull request URL") !=
              std::string::npos);
    }

    TEST_CASE("repository slugs") {
        for (const char* text :
             {"stuttgart-things/homerun2-core-catcher",
              "github.com/stuttgart-things/homerun2-core-catcher",
              "stuttgart-things/homerun2-core-catcher.git",
              " stuttgart-things/homerun2-core-catcher\n",
              "ghe.example.com/stuttgart-things/homerun2-core-catcher.git",
              "https://github.com/stuttgart-things/homerun2-core-catcher",
              "https://github.com/stuttgart-things/homerun2-core-catcher.git/"}) {
            INFO("input: " << text);
            const auto ref = preview::parse_repo_slug(text);
            REQUIRE(ref.ok());
            CHECK(ref->owner == "stuttgart-things");
            CHECK(ref->repo == "homerun2-core-catcher");
            CHECK(ref->number == 0);
        }
        CHECK(preview::parse_repo_slug("o/my.git.repo")->repo == "my.git.repo");
        CHECK(slug_error("") == "empty repository: expected OWNER/REPO or HOST/OWNER/REPO");
        CHECK(slug_error("justowner").find("expected OWNER/REPO or HOST/OWNER/REPO") !=
              std::string::npos);
        slug_error("a/b/c/d");
        slug_error("/o/r");
        slug_error("o/");
        slug_error("o/.git");
        slug_error("o/..");
        slug_error("o_o/r");
        slug_error("o/r#42");
        slug_error("https://github.com/o");
        slug_error("https://github.com/o/r/pull/42");
        CHECK(slug_error("own er/repo").find("owner \"own er\" may contain only") !=
              std::string::npos);
    }

    TEST_CASE("a repository read back from its slug is the same repository (fuzz regression)") {
        // Found by fuzz_pr_ref (fuzz/corpus/pr_ref/regress_double_git_suffix): one ".git" was
        // dropped, so "o/r.git" was accepted, and parse_repo_slug("o/r.git") is o/r.
        CHECK(slug_error("http://./o/r.git.git/").find("ends in \".git\"") != std::string::npos);
        CHECK(slug_error("o/r.git.git").find("ends in \".git\"") != std::string::npos);
        CHECK(rejected("o/r.git#1").find("ends in \".git\"") != std::string::npos);
        CHECK(preview::parse_repo_slug("o/r.git")->repo == "r");
    }
}
