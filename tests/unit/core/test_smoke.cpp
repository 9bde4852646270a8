#include <map>
#include <string>

#include <doctest/doctest.h>

#include "preview/core/profile.hpp"
#include "preview/core/smoke.hpp"

namespace {

const preview::PrRef kPr{"stuttgart-things", "homerun2-core-catcher", 12};

preview::SmokeEnvLookup env_of(std::map<std::string, std::string> vars) {
    return [vars](std::string_view name) -> std::optional<std::string> {
        const auto found = vars.find(std::string(name));
        return found == vars.end() ? std::nullopt : std::optional(found->second);
    };
}

preview::Profile profile_with(const std::string& smoke_yaml,
                              const std::string& url = "https://cc-pr-{number}.example.com") {
    const auto profile = preview::parse_profile("url: " + url + "\n" + smoke_yaml, ".preview.yaml");
    REQUIRE_MESSAGE(profile.ok(), (profile.ok() ? "" : profile.error().message));
    return profile.value();
}

const std::string kSmoke =
    "smoke:\n"
    "  send:\n"
    "    url: https://omni-cc-pr-{number}.example.com/pitch\n"
    "    headers:\n"
    "      Authorization: \"Bearer ${OMNI_PITCHER_TOKEN}\"\n"
    "      Content-Type: application/json\n"
    "    body: '{\"title\": \"{title}\", \"message\": \"PR #{number} of {repo}\"}'\n"
    "  expect:\n"
    "    url: https://cc-pr-{number}.example.com/export?format=json\n"
    "    field: title\n"
    "    timeout: 2m\n";

std::string parse_error(const std::string& yaml) {
    const auto profile = preview::parse_profile(yaml, ".preview.yaml");
    REQUIRE_FALSE(profile.ok());
    return profile.error().message;
}

}  // namespace

TEST_SUITE("core::smoke") {
    TEST_CASE("templates: placeholders, literal JSON braces, environment only where allowed") {
        const preview::SmokeTemplateValues plain{kPr, "t-1", nullptr, {}};
        CHECK(preview::render_smoke_template("{\"title\": \"{title}\", \"n\": {number}}", plain)
                  .value() == "{\"title\": \"t-1\", \"n\": 12}");
        CHECK(preview::render_smoke_template("{owner}/{repo}", plain).value() ==
              "stuttgart-things/homerun2-core-catcher");
        CHECK_FALSE(preview::render_smoke_template("{sha}", plain).ok());
        const auto unknown = preview::render_smoke_template("{titel}", plain);
        REQUIRE_FALSE(unknown.ok());
        CHECK(unknown.error().message.find("did you mean \"{title}\"") != std::string::npos);
        CHECK_FALSE(preview::render_smoke_template("Bearer ${TOKEN}", plain).ok());

        std::vector<std::string> secrets;
        const preview::SmokeTemplateValues with_env{
            kPr, "t", env_of({{"TOKEN", "s3cret-value"}}), {true, {}}};
        CHECK(preview::render_smoke_template("Bearer ${TOKEN}", with_env, &secrets).value() ==
              "Bearer s3cret-value");
        CHECK(secrets == std::vector<std::string>{"s3cret-value"});
        const auto unset = preview::render_smoke_template("Bearer ${MISSING}", with_env);
        REQUIRE_FALSE(unset.ok());
        CHECK(unset.error().kind == preview::ErrorKind::config);
        CHECK(unset.error().hint.find("export MISSING=") != std::string::npos);
    }

    TEST_CASE("templates never read preview's own or cloud credentials") {
        const preview::SmokeTemplateValues with_env{
            kPr,
            "t",
            env_of({{"GH_TOKEN", "ghp_xxxxxxxx"}, {"AWS_SECRET_ACCESS_KEY", "k"}}),
            {true, {"GH_TOKEN", "AWS_SECRET_ACCESS_KEY", "github_token"}}};
        for (const char* tmpl :
             {"Bearer ${GH_TOKEN}", "${AWS_SECRET_ACCESS_KEY}", "token ${github_token}"}) {
            CAPTURE(tmpl);
            const auto out = preview::render_smoke_template(tmpl, with_env);
            REQUIRE_FALSE(out.ok());
            CHECK(out.error().message.find("may not send it") != std::string::npos);
        }
    }

    TEST_CASE("the profile reader checks the smoke section") {
        const auto profile = profile_with(kSmoke);
        REQUIRE(profile.smoke);
        CHECK(profile.smoke->timeout_seconds == 120);
        CHECK(profile.smoke->expect_contains == "{title}");
        CHECK(profile.key_lines.count("smoke.send.headers") == 1);

        struct Refused {
            const char* name;
            const char* yaml;
            const char* error;  // a part of the error message
        };
        for (const Refused& r : {
                 Refused{"plain http is refused",
                         "smoke:\n  send:\n    url: http://x.example.com/p\n  expect:\n"
                         "    url: https://x.example.com/e\n",
                         "must start with https://"},
                 Refused{"an unknown key is named", "smoke:\n  send:\n    uri: https://x/p\n",
                         "unknown key \"smoke.send.uri\""},
                 Refused{"contains must hold the unique title",
                         "smoke:\n  send:\n    url: https://x.example.com/p\n  expect:\n"
                         "    url: https://x.example.com/e\n    contains: hello\n",
                         "must contain {title}"},
                 Refused{"both URLs are required",
                         "smoke:\n  send:\n    url: https://x.example.com/p\n", "smoke.expect.url"},
                 Refused{"environment variables only in headers",
                         "smoke:\n  send:\n    url: https://x.example.com/p\n"
                         "    body: '${TOKEN}'\n  expect:\n    url: https://x.example.com/e\n",
                         "only smoke.send.headers may read the environment"},
                 Refused{"a bad timeout",
                         "smoke:\n  send:\n    url: https://x.example.com/p\n  expect:\n"
                         "    url: https://x.example.com/e\n    timeout: soon\n",
                         "must be a duration"},
             }) {
            SUBCASE(r.name) {
                CHECK_MESSAGE(parse_error(r.yaml).find(r.error) != std::string::npos, r.error);
            }
        }
    }

    TEST_CASE("plan_smoke renders the section and reads the token from the environment") {
        const auto plan = preview::plan_smoke(profile_with(kSmoke), kPr, "preview-smoke-12-abc",
                                              env_of({{"OMNI_PITCHER_TOKEN", "tok-123456"}}),
                                              {"OMNI_PITCHER_TOKEN"});
        REQUIRE_MESSAGE(plan.ok(), (plan.ok() ? "" : plan.error().message));
        CHECK(plan->send_url == "https://omni-cc-pr-12.example.com/pitch");
        CHECK(plan->expect_url == "https://cc-pr-12.example.com/export?format=json");
        CHECK(plan->body ==
              "{\"title\": \"preview-smoke-12-abc\", \"message\": \"PR #12 of "
              "homerun2-core-catcher\"}");
        CHECK(plan->expect_contains == "preview-smoke-12-abc");
        REQUIRE(plan->headers.size() == 2);
        CHECK(plan->headers[0].value == "Bearer tok-123456");
        CHECK(plan->secrets == std::vector<std::string>{"tok-123456"});
        CHECK(plan->env_vars == std::vector<std::string>{"OMNI_PITCHER_TOKEN"});
        CHECK(plan->timeout_seconds == 120);
    }

    TEST_CASE("plan_smoke keeps the token on the preview's own host") {
        const auto env = env_of({{"OMNI_PITCHER_TOKEN", "tok-123456"}});
        const auto refused = [&](const std::string& send_url, const std::string& url) {
            const std::string yaml =
                "smoke:\n  send:\n    url: " + send_url + "\n  expect:\n    url: " + url + "/e\n";
            const auto plan =
                preview::plan_smoke(profile_with(yaml, url), kPr, "t", env, {"OMNI_PITCHER_TOKEN"});
            return !plan.ok() && plan.error().message.find("not https:// on the preview's host") !=
                                     std::string::npos;
        };
        CHECK(refused("https://evil.example.net/pitch", "https://cc-pr-{number}.example.com"));
        CHECK(refused("https://omni.cc-pr-{number}.example.com.evil.net/p",
                      "https://cc-pr-{number}.example.com"));
        CHECK(refused("https://other.com/p", "https://cc.com"));  // no bare "com" siblings
        CHECK(refused("https://cc-pr-{number}.example.com:8443/p",
                      "https://cc-pr-{number}.example.com"));
        CHECK(refused("https://127.0.0.2/p", "https://127.0.0.1"));
        CHECK(refused("https://user@cc-pr-{number}.example.com/p",
                      "https://cc-pr-{number}.example.com"));
        // A file's own URL is no proof: an IP address carries no PR number (trust_smoke tests).
        CHECK(refused("https://127.0.0.1:8443/pr-{number}/pitch",
                      "https://127.0.0.1:8443/pr-{number}"));
        CHECK_FALSE(refused("https://omni-cc-pr-{number}.example.com/pitch",
                            "https://cc-pr-{number}.example.com"));
    }

    TEST_CASE("plan_smoke without a smoke section or a URL is a configuration error") {
        preview::Profile none;
        const auto missing = preview::plan_smoke(none, kPr, "t", env_of({}));
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().message.find("has no smoke: section") != std::string::npos);
        auto no_url = profile_with(kSmoke);
        no_url.url.clear();
        const auto refused = preview::plan_smoke(no_url, kPr, "t", env_of({}));
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message.find("gives previews no URL") != std::string::npos);
    }
}
