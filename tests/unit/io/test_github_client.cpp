#include <chrono>
#include <string>

#include <doctest/doctest.h>

#include "preview/io/github_client.hpp"
#include "preview/io/url.hpp"

using preview::GithubClient;
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

    TEST_CASE("the token goes with API paths and with links back to the API") {
        const GithubClient client("https://ghe.example/api/v3", "ghp_secret",
                                  std::chrono::seconds(5), {});
        auto relative = client.request("GET", "/repos/o/r/pulls/1");
        CHECK(relative.url == "https://ghe.example/api/v3/repos/o/r/pulls/1");
        CHECK(relative.bearer_token == "ghp_secret");
        CHECK(relative.timeout == std::chrono::seconds(5));
        CHECK(relative.serial_group == "github");

        auto next_page = client.request("GET", "https://GHE.example:443/api/v3/x?page=2");
        CHECK(next_page.bearer_token == "ghp_secret");
    }

    TEST_CASE("a link to another host, port or scheme is followed without the token") {
        const GithubClient client("https://api.github.com", "ghp_secret", std::chrono::seconds(5),
                                  {});
        for (const char* url : {"https://evil.example/repos/o/r/issues/1/comments?page=2",
                                "https://api.github.com:8443/repos/o/r/issues/1/comments?page=2",
                                "http://api.github.com/repos/o/r/issues/1/comments?page=2",
                                "https://api.github.com.evil.example/x"}) {
            CAPTURE(url);
            auto request = client.request("GET", url);
            CHECK(request.url == url);
            CHECK(request.bearer_token.empty());
        }
    }
}
