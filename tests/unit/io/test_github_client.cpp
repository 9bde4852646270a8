#include <chrono>
#include <string>

#include <doctest/doctest.h>

#include "preview/io/github_client.hpp"
#include "preview/io/url.hpp"

using preview::GithubClient;
using preview::resolve_url;
using preview::same_origin;
using preview::url_origin;

TEST_SUITE("io::github_client") {
    TEST_CASE("url_origin: scheme, host and port, lower-case, default port filled in") {
        CHECK(url_origin("https://api.github.com/repos/o/r?page=2") ==
              "https://api.github.com:443");
        CHECK(url_origin("HTTPS://API.GitHub.com:443/x") == "https://api.github.com:443");
        CHECK(url_origin("http://ghe.example:8080/api/v3") == "http://ghe.example:8080");
        CHECK(url_origin("https://[::1]:6443/") == "https://[::1]:6443");
        CHECK(url_origin("/relative/path") == "");
        CHECK(url_origin("not a url") == "");
    }

    TEST_CASE("same_origin: scheme, host and port after normalisation; user information never") {
        CHECK(same_origin("https://api.github.com/a", "HTTPS://API.GITHUB.COM:443/b?c"));
        CHECK(same_origin("https://127.0.0.1:8443/x", "https://127.0.0.1:8443"));
        CHECK_FALSE(same_origin("https://127.0.0.1:8443/x", "https://localhost:8443/x"));
        CHECK_FALSE(same_origin("https://h/x", "http://h/x"));
        CHECK_FALSE(same_origin("https://h/x", "https://h:444/x"));
        CHECK_FALSE(same_origin("https://u@h/x", "https://h/x"));
        CHECK_FALSE(same_origin("https://h/x", "https://u:p@h/x"));
        CHECK_FALSE(same_origin("/x", "/x"));
        CHECK_FALSE(same_origin("", ""));
    }

    TEST_CASE("resolve_url: RFC 3986 reference resolution, user information refused") {
        const std::string base = "https://h.example/a/b/c?q=1";
        CHECK(resolve_url(base, "d").value() == "https://h.example/a/b/d");
        CHECK(resolve_url(base, "/d?x=1").value() == "https://h.example/d?x=1");
        CHECK(resolve_url(base, "//other.example/d").value() == "https://other.example/d");
        CHECK(resolve_url(base, "http://other.example/").value() == "http://other.example/");
        CHECK(resolve_url(base, "@other.example/d").value() ==
              "https://h.example/a/b/@other.example/d");
        CHECK_FALSE(resolve_url(base, "https://h.example@other.example/").ok());
        CHECK_FALSE(resolve_url(base, "//h.example@other.example/").ok());
        CHECK_FALSE(resolve_url(base, "").ok());
        CHECK_FALSE(resolve_url("not absolute", "/d").ok());
    }

    TEST_CASE("the token goes with API paths, only over https") {
        const GithubClient client("https://ghe.example/api/v3", "ghp_secret",
                                  std::chrono::seconds(5), {});
        auto relative = client.request("GET", "/repos/o/r/pulls/1");
        CHECK(relative.url == "https://ghe.example/api/v3/repos/o/r/pulls/1");
        CHECK(relative.bearer_token == "ghp_secret");
        CHECK(relative.timeout == std::chrono::seconds(5));
        CHECK(relative.serial_group == "github");

        const GithubClient plain("http://ghe.example/api/v3", "ghp_secret", std::chrono::seconds(5),
                                 {});
        CHECK(plain.request("GET", "/user").bearer_token.empty());
    }

    TEST_CASE("a next link is resolved against the request URL and followed on the API's origin") {
        const GithubClient client("https://ghe.example/api/v3", "ghp_secret",
                                  std::chrono::seconds(5), {});
        const std::string from =
            "https://ghe.example/api/v3/repos/o/r/issues/1/comments?per_page=1";
        const std::pair<const char*, const char*> cases[] = {
            {"https://GHE.example:443/api/v3/x?page=2", "https://GHE.example:443/api/v3/x?page=2"},
            {"/api/v3/repos/o/r/issues/1/comments?page=2",
             "https://ghe.example/api/v3/repos/o/r/issues/1/comments?page=2"},
            {"?page=2", "https://ghe.example/api/v3/repos/o/r/issues/1/comments?page=2"},
            // Not an authority: a relative path whose first segment contains '@'.
            {"@evil.example/steal",
             "https://ghe.example/api/v3/repos/o/r/issues/1/@evil.example/steal"},
            {"../../x/../y", "https://ghe.example/api/v3/repos/o/r/y"},
        };
        for (const auto& [target, expected] : cases) {
            CAPTURE(target);
            auto request = client.follow_link(from, target);
            REQUIRE(request.ok());
            CHECK(request->url == expected);
            CHECK(request->method == "GET");
            CHECK(request->bearer_token == "ghp_secret");
            CHECK(request->serial_group == "github");
        }
    }

    TEST_CASE("a link that leaves the API's origin is refused, not followed") {
        const GithubClient client("https://api.github.com", "ghp_secret", std::chrono::seconds(5),
                                  {});
        // What a client that appends the link to the API base would turn into another host.
        const std::string from = "https://api.github.com/repos/o/r/issues/1/comments";
        for (const char* target :
             {"https://evil.example/repos/o/r/issues/1/comments?page=2", "//evil.example/steal",
              "///evil.example/steal", "https://api.github.com@evil.example/steal",
              "https://api.github.com:443@evil.example/steal", "https://user:pw@api.github.com/x",
              "https://@api.github.com/x",
              "https://api.github.com:8443/repos/o/r/issues/1/comments?page=2",
              "http://api.github.com/repos/o/r/issues/1/comments?page=2",
              "https://api.github.com.evil.example/x", "ftp://api.github.com/x",
              "javascript:alert(1)", "https://evil.example\\@api.github.com/x",
              "https://api.github.com\\@evil.example/x", ""}) {
            CAPTURE(target);
            auto request = client.follow_link(from, target);
            REQUIRE_FALSE(request.ok());
            CHECK(request.error().kind == preview::ErrorKind::api);
            CHECK(request.error().message.find("not followed") != std::string::npos);
        }
    }
}

TEST_SUITE("io::github_token") {
    using preview::EnvMap;
    using preview::GithubHostTrust;
    using preview::resolve_github_token;

    TEST_CASE("GH_TOKEN goes to github.com and to a host the user named, never to a profile's") {
        // GH_PATH names no program, so `gh auth token` is never asked here.
        const EnvMap both{{"GH_TOKEN", "ghp_public"},
                          {"GH_ENTERPRISE_TOKEN", "ghe_enterprise"},
                          {"GH_PATH", "/nonexistent/gh"}};
        const EnvMap public_only{{"GITHUB_TOKEN", "ghp_public"}, {"GH_PATH", "/nonexistent/gh"}};
        CHECK(resolve_github_token(both, "github.com", GithubHostTrust::user_named) ==
              "ghp_public");
        CHECK(resolve_github_token(both, "github.com", GithubHostTrust::profile_only) ==
              "ghp_public");
        CHECK(resolve_github_token(both, "ghe.example", GithubHostTrust::user_named) ==
              "ghe_enterprise");
        CHECK(resolve_github_token(public_only, "ghe.example", GithubHostTrust::user_named) ==
              "ghp_public");
        CHECK(resolve_github_token(both, "evil.example", GithubHostTrust::profile_only) ==
              "ghe_enterprise");
        CHECK(resolve_github_token(public_only, "evil.example", GithubHostTrust::profile_only)
                  .empty());
        CHECK(resolve_github_token(public_only, "evil.ghe.com", GithubHostTrust::profile_only)
                  .empty());
        CHECK(resolve_github_token(public_only, "github.com:8443", GithubHostTrust::profile_only)
                  .empty());
    }
}
