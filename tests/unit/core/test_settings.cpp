#include <doctest/doctest.h>

#include "preview/core/settings.hpp"

using namespace preview;

TEST_SUITE("core::settings") {
    TEST_CASE("repository precedence: flag, GH_REPO, profile file, origin, default") {
        GlobalFlags flags;
        EnvMap env;
        Profile profile;
        const PrRef origin{"origin-owner", "origin-repo", 0};

        auto s = resolve_settings(flags, env, profile, false, origin);
        REQUIRE(s.ok());
        CHECK(s->owner == "origin-owner");
        CHECK(s->repo_source == "the git origin remote");

        s = resolve_settings(flags, env, profile, false, std::nullopt);
        CHECK(s->owner == "stuttgart-things");
        CHECK(s->repo == "homerun2-core-catcher");

        auto parsed = parse_profile("repo: file-owner/file-repo\n", ".preview.yaml");
        REQUIRE(parsed.ok());
        s = resolve_settings(flags, env, *parsed, true, origin);
        CHECK(s->owner == "file-owner");

        env["GH_REPO"] = "env-owner/env-repo";
        s = resolve_settings(flags, env, *parsed, true, origin);
        CHECK(s->owner == "env-owner");

        flags.repo = "flag-owner/flag-repo";
        s = resolve_settings(flags, env, *parsed, true, origin);
        CHECK(s->owner == "flag-owner");
        CHECK(s->repo_source == "--repo");
    }

    TEST_CASE("a repository other than the one the profile's names belong to is refused") {
        GlobalFlags flags;
        flags.repo = "stuttgart-things/homerun2-led-catcher";
        // The built-in profile: core-catcher's ApplicationSet, namespaces and URL.
        auto s = resolve_settings(flags, {}, Profile{}, false, std::nullopt);
        REQUIRE(s.ok());
        auto mismatch = repository_mismatch(*s);
        REQUIRE(mismatch);
        CHECK(mismatch->kind == ErrorKind::config);
        CHECK(mismatch->message.find("homerun2-led-catcher (from --repo)") != std::string::npos);
        CHECK(mismatch->message.find("the built-in profile describes the previews of "
                                     "stuttgart-things/homerun2-core-catcher") !=
              std::string::npos);
        CHECK(mismatch->hint.find("--config") != std::string::npos);

        // The same repository in another spelling is no mismatch (GitHub ignores case).
        flags.repo = "Stuttgart-Things/HomeRun2-Core-Catcher";
        CHECK_FALSE(repository_mismatch(*resolve_settings(flags, {}, Profile{}, false, {})));

        // A file that sets repo pins it; a file without repo describes any repository.
        auto pinned = parse_profile("repo: o/app\n", ".preview.yaml");
        REQUIRE(pinned.ok());
        flags.repo = "o/other";
        CHECK(repository_mismatch(*resolve_settings(flags, {}, *pinned, true, {})));
        auto open = parse_profile("label: preview\n", ".preview.yaml");
        REQUIRE(open.ok());
        CHECK_FALSE(repository_mismatch(*resolve_settings(flags, {}, *open, true, {})));
    }

    TEST_CASE("GH_REPO may carry a host") {
        EnvMap env{{"GH_REPO", "github.example.com/o/r"}};
        auto s = resolve_settings({}, env, Profile{}, false, std::nullopt);
        REQUIRE(s.ok());
        CHECK(s->owner == "o");
        CHECK(s->repo == "r");
    }

    TEST_CASE("a bad repository names where it came from") {
        GlobalFlags flags;
        flags.repo = "not a repo";
        auto s = resolve_settings(flags, {}, Profile{}, false, std::nullopt);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().kind == ErrorKind::usage);
        CHECK(s.error().message.find("--repo") != std::string::npos);
    }

    TEST_CASE("GitHub API URL: flag, GITHUB_API_URL, GH_HOST, profile, default") {
        GlobalFlags flags;
        EnvMap env;
        Profile profile;
        CHECK(resolve_settings(flags, env, profile, false, {})->github_api_url ==
              "https://api.github.com");
        CHECK(resolve_settings(flags, env, profile, false, {})->github_host == "github.com");
        profile.github_api_url = "https://ghe.profile/api/v3";
        CHECK(resolve_settings(flags, env, profile, true, {})->github_api_url ==
              "https://ghe.profile/api/v3");
        env["GH_HOST"] = "ghe.example.com";
        CHECK(resolve_settings(flags, env, profile, true, {})->github_api_url ==
              "https://ghe.example.com/api/v3");
        CHECK(resolve_settings(flags, env, profile, true, {})->github_host == "ghe.example.com");
        env["GITHUB_API_URL"] = "https://127.0.0.1:8443/";
        CHECK(resolve_settings(flags, env, profile, true, {})->github_api_url ==
              "https://127.0.0.1:8443");
        flags.github_api_url = "ftp://nope";
        auto bad = resolve_settings(flags, env, profile, true, {});
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error().kind == ErrorKind::config);
    }

    TEST_CASE("whether only the profile named the GitHub API (GH_TOKEN must not go there)") {
        GlobalFlags flags;
        EnvMap env;
        Profile profile;
        CHECK_FALSE(resolve_settings(flags, env, profile, false, {})->github_host_from_profile);
        profile.github_api_url = "https://evil.example/api/v3";
        auto s = resolve_settings(flags, env, profile, true, {});
        CHECK(s->github_host_from_profile);
        CHECK(s->github_host == "evil.example");
        profile.github_api_url = "https://API.GitHub.com";
        s = resolve_settings(flags, env, profile, true, {});
        CHECK(s->github_host_from_profile);
        CHECK(s->github_host == "github.com");
        for (const char* name : {"GITHUB_API_URL", "GH_HOST"}) {
            CAPTURE(name);
            EnvMap named{{name, std::string(name) == "GH_HOST" ? "evil.example"
                                                               : "https://evil.example/api/v3"}};
            s = resolve_settings(flags, named, profile, true, {});
            CHECK_FALSE(s->github_host_from_profile);
            CHECK(s->github_host == "evil.example");
        }
        flags.github_api_url = "https://evil.example";
        CHECK_FALSE(resolve_settings(flags, env, profile, true, {})->github_host_from_profile);
    }

    TEST_CASE("an http:// or user@host GitHub API URL is a config error naming its source") {
        Profile profile;
        profile.source = "/repo/.preview.yaml";
        profile.github_api_url = "http://ghe.example/api/v3";
        auto s = resolve_settings({}, {}, profile, true, {});
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().kind == ErrorKind::config);
        CHECK(s.error().message.find("uses http://") != std::string::npos);
        CHECK(s.error().message.find("github.apiUrl in /repo/.preview.yaml") != std::string::npos);

        EnvMap env{{"GITHUB_API_URL", "HTTP://ghe.example"}};
        s = resolve_settings({}, env, Profile{}, false, {});
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().message.find("(from GITHUB_API_URL) uses http://") != std::string::npos);

        GlobalFlags flags;
        flags.github_api_url = "https://api.github.com@evil.example";
        s = resolve_settings(flags, {}, Profile{}, false, {});
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().kind == ErrorKind::config);
        CHECK(s.error().message.find("names a user") != std::string::npos);
    }

    TEST_CASE("contexts: flag beats profile") {
        Profile profile;
        profile.cluster_context = "from-profile";
        profile.argocd_context = "argo-profile";
        GlobalFlags flags;
        auto s = resolve_settings(flags, {}, profile, true, {});
        CHECK(s->workload_context == "from-profile");
        CHECK(s->argocd_context == "argo-profile");
        flags.context = "from-flag";
        flags.argocd_context = "argo-flag";
        s = resolve_settings(flags, {}, profile, true, {});
        CHECK(s->workload_context == "from-flag");
        CHECK(s->argocd_context == "argo-flag");
    }

    TEST_CASE("git remote URLs name the repository") {
        CHECK(repo_from_remote_url("https://github.com/o/r.git")->repo_slug() == "o/r");
        CHECK(repo_from_remote_url("git@github.com:o/r.git")->repo_slug() == "o/r");
        CHECK(repo_from_remote_url("ssh://git@github.com/o/r")->repo_slug() == "o/r");
        CHECK_FALSE(repo_from_remote_url("not a url"));
    }
}
