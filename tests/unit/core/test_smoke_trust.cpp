// Design §7: a profile file may come from a repository checkout, so its smoke test reads only
// the variables the user allows and sends only to this PR's preview hosts.

#include <map>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "preview/core/builtin_profiles.hpp"
#include "preview/core/profile.hpp"
#include "preview/core/smoke.hpp"

namespace {

const preview::PrRef kPr{"acme", "shop", 12};
const std::string kValue = "v4lue-never-printed";

preview::SmokeEnvLookup env_with_everything() {
    return [](std::string_view) -> std::optional<std::string> { return kValue; };
}

preview::Profile file_profile(const std::string& url, const std::string& send_url,
                              const std::string& header = "Bearer ${PREVIEW_SMOKE_TOKEN}") {
    const std::string yaml = "url: " + url + "\nsmoke:\n  send:\n    url: " + send_url +
                             "\n    headers:\n      Authorization: \"" + header +
                             "\"\n  expect:\n    url: " + url + "/export\n";
    auto profile = preview::parse_profile(yaml, ".preview.yaml");
    REQUIRE_MESSAGE(profile.ok(), (profile.ok() ? "" : profile.error().message));
    CHECK_FALSE(profile->builtin);
    return profile.value();
}

preview::Result<preview::SmokePlan> plan(const preview::Profile& profile,
                                         const std::vector<std::string>& allowed = {}) {
    return preview::plan_smoke(profile, kPr, "t", env_with_everything(), allowed);
}

const std::string kUrl = "https://cc-pr-{number}.example.com";

// True when plan_smoke refuses `send_url` for a file profile whose url is `url`.
bool host_refused(const std::string& send_url, const std::string& url = kUrl) {
    const auto out = plan(file_profile(url, send_url));
    if (out.ok()) {
        return false;
    }
    CHECK_MESSAGE(
        out.error().message.find("not https:// on the preview's host") != std::string::npos,
        out.error().message);
    return true;
}

}  // namespace

TEST_SUITE("core::smoke_trust") {
    TEST_CASE("a profile file reads only PREVIEW_SMOKE_* and the variables the user allows") {
        SUBCASE("PREVIEW_SMOKE_* needs no flag") {
            const auto out = plan(file_profile(kUrl, kUrl + "/p"));
            REQUIRE_MESSAGE(out.ok(), (out.ok() ? "" : out.error().message));
            CHECK(out->headers[0].value == "Bearer " + kValue);
        }
        SUBCASE("anything else is refused, named with the flag, never with its value") {
            for (const char* name :
                 {"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "OMNI_PITCHER_TOKEN", "HOME",
                  "preview_smoke_token", "Preview_Smoke_TOKEN", "XPREVIEW_SMOKE_TOKEN"}) {
                CAPTURE(name);
                const auto out =
                    plan(file_profile(kUrl, kUrl + "/p", std::string("${") + name + "}"));
                REQUIRE_FALSE(out.ok());
                CHECK(out.error().kind == preview::ErrorKind::config);
                CHECK(out.error().message.find(std::string("${") + name + "}") !=
                      std::string::npos);
                CHECK(out.error().message.find("PREVIEW_SMOKE_*") != std::string::npos);
                CHECK(out.error().hint.find(std::string("--smoke-env ") + name) !=
                      std::string::npos);
                CHECK(out.error().message.find(kValue) == std::string::npos);
                CHECK(out.error().hint.find(kValue) == std::string::npos);
            }
        }
        SUBCASE("--smoke-env allows exactly the names given") {
            const auto profile = file_profile(kUrl, kUrl + "/p", "${OMNI_PITCHER_TOKEN}");
            CHECK(plan(profile, {"OMNI_PITCHER_TOKEN"}).ok());
            CHECK_FALSE(plan(profile, {"omni_pitcher_token"}).ok());
            CHECK_FALSE(plan(profile, {"OMNI_PITCHER"}).ok());
            CHECK_FALSE(plan(profile, {"OMNI_PITCHER_TOKEN_2"}).ok());
        }
        SUBCASE("even an allowed protected variable is refused") {
            const preview::SmokeEnvPolicy file{false, {"AWS_SECRET_ACCESS_KEY"}};
            const auto refused = preview::smoke_env_refusal("AWS_SECRET_ACCESS_KEY", "t", file);
            REQUIRE(refused);
            CHECK(refused->message.find("may not send it") != std::string::npos);
        }
        SUBCASE("the policy itself") {
            const preview::SmokeEnvPolicy file{false, {"MY_TOKEN"}};
            CHECK_FALSE(preview::smoke_env_refusal("PREVIEW_SMOKE_X", "t", file));
            CHECK_FALSE(preview::smoke_env_refusal("MY_TOKEN", "t", file));
            CHECK(preview::smoke_env_refusal("GITHUB_TOKEN", "t", file));
            CHECK(preview::smoke_env_refusal("ACTIONS_RUNTIME_TOKEN", "t", file));
            const preview::SmokeEnvPolicy builtin{true, {}};
            CHECK_FALSE(preview::smoke_env_refusal("OMNI_PITCHER_TOKEN", "t", builtin));
            CHECK(preview::smoke_env_refusal("GH_TOKEN", "t", builtin));
        }
    }

    TEST_CASE("a built-in profile reads its token without a flag, as before") {
        const auto* builtin =
            preview::builtin_profile_for("stuttgart-things/homerun2-core-catcher");
        REQUIRE(builtin != nullptr);
        const auto profile = preview::load_builtin_profile(*builtin);
        REQUIRE(profile.ok());
        CHECK(profile->builtin);
        const preview::PrRef pr{"stuttgart-things", "homerun2-core-catcher", 12};
        const auto out = preview::plan_smoke(*profile, pr, "t", env_with_everything());
        REQUIRE_MESSAGE(out.ok(), (out.ok() ? "" : out.error().message));
        CHECK(out->env_vars == std::vector<std::string>{"OMNI_PITCHER_TOKEN"});
    }

    TEST_CASE("a profile file sends only to this PR's preview hosts") {
        SUBCASE("the PR's own host and its siblings") {
            for (const char* url :
                 {"https://cc-pr-{number}.example.com/p",
                  "https://omni-cc-pr-{number}.example.com/pitch",
                  "https://pr-{number}.example.com/p", "https://OMNI-CC-PR-{number}.Example.COM/p",
                  "https://omni-cc-pr-{number}.example.com./p",
                  "https://omni-cc-pr-{number}.example.com:443/p"}) {
                CHECK_MESSAGE(!host_refused(url), url);
            }
        }
        SUBCASE("the file names both its url and a foreign host") {
            CHECK(host_refused("https://evil.example.net/pitch", "https://evil.example.net"));
            CHECK(host_refused("https://evil.example.net/pitch",
                               "https://evil.example.net/pr-{number}"));
            CHECK(host_refused("https://127.0.0.1:8443/pitch", "https://127.0.0.1:8443"));
        }
        SUBCASE("another host of the same domain") {
            for (const char* url :
                 {"https://argocd.example.com/p", "https://vault.example.com/p"}) {
                CHECK_MESSAGE(host_refused(url), url);
            }
        }
        SUBCASE("another PR's preview") {
            for (const char* url :
                 {"https://omni-cc-pr-13.example.com/p", "https://omni-cc-pr-112.example.com/p",
                  "https://omni-cc-pr-1.example.com/p", "https://omni-cc-pr-012.example.com/p",
                  "https://omni-cc-pr-{number}0.example.com/p",
                  "https://omni-ccpr-{number}.example.com/p"}) {
                CHECK_MESSAGE(host_refused(url), url);
            }
        }
        SUBCASE("another domain, port, scheme or user") {
            for (const char* url : {"https://omni-cc-pr-{number}.example.com.evil.net/p",
                                    "https://omni-cc-pr-{number}.evil.com/p",
                                    "https://omni-cc-pr-{number}.example.com:8443/p",
                                    "https://omni-cc-pr-{number}.example.com:/p",
                                    "https://omni-cc-pr-{number}.example.com:99999/p",
                                    "https://a@omni-cc-pr-{number}.example.com/p",
                                    "https://omni-cc-pr-{number}.example.com@evil.net/p",
                                    "https://omni-cc-pr-{number}.example.com%2eevil.net/p",
                                    "https://omni-cc-pr-{number}.example.com..//p"}) {
                CHECK_MESSAGE(host_refused(url), url);
            }
        }
    }

    TEST_CASE("is_pr_preview_host") {
        const std::string own = "cc-pr-12.example.com";
        CHECK(preview::is_pr_preview_host("omni-cc-pr-12.example.com", own, 12));
        CHECK(preview::is_pr_preview_host("cc-pr-12.example.com.", "CC-PR-12.EXAMPLE.COM.", 12));
        SUBCASE("IDN: punycode first labels and non-ASCII hosts never match") {
            CHECK_FALSE(preview::is_pr_preview_host("xn--omni-pr-12.example.com", own, 12));
            CHECK_FALSE(preview::is_pr_preview_host("xn--80ak6aa92e-pr-12.example.com", own, 12));
            CHECK_FALSE(preview::is_pr_preview_host("omni-c\xc3\xa7-pr-12.example.com", own, 12));
            CHECK_FALSE(preview::is_pr_preview_host("omni-pr-12.ex\xc3\xa4mple.com", own, 12));
            // A punycode parent is the same parent when it is the very same text.
            CHECK(preview::is_pr_preview_host("omni-pr-12.xn--exmple-cua.com",
                                              "cc-pr-12.xn--exmple-cua.com", 12));
        }
        SUBCASE("no parent, a bare TLD, empty labels, IP addresses") {
            CHECK_FALSE(preview::is_pr_preview_host("pr-12", "pr-12", 12));
            CHECK_FALSE(preview::is_pr_preview_host("omni-pr-12.com", "cc-pr-12.com", 12));
            CHECK_FALSE(preview::is_pr_preview_host(".pr-12.example.com", own, 12));
            CHECK_FALSE(preview::is_pr_preview_host("pr-12..example.com", own, 12));
            CHECK_FALSE(preview::is_pr_preview_host("", own, 12));
            CHECK_FALSE(preview::is_pr_preview_host("10.0.0.12", "10.0.0.12", 12));
        }
    }

    TEST_CASE("a built-in profile keeps the sibling rule of its compiled-in URL") {
        auto profile = file_profile(kUrl, "https://omni.example.com/p");
        CHECK_FALSE(plan(profile).ok());
        profile.builtin = true;
        CHECK(plan(profile).ok());
        profile.smoke->send_url = "https://omni.example.net/p";
        CHECK_FALSE(plan(profile).ok());
    }
}
