#include <string>

#include <doctest/doctest.h>

#include "preview/api/argocd_cli_config.hpp"

namespace preview {
namespace {

// As `argocd login` writes it (two servers, the current one plain text with a root path).
constexpr std::string_view kConfig = R"(contexts:
- name: argocd.example.com
  server: argocd.example.com
  user: argocd.example.com
- name: staging
  server: staging.example:8443
  user: staging-user
current-context: staging
prompts-enabled: false
servers:
- grpc-web-root-path: ""
  server: argocd.example.com
- grpc-web-root-path: argocd
  insecure: true
  server: staging.example:8443
users:
- auth-token: token-of-prod.x.y
  name: argocd.example.com
- auth-token: token-of-staging.x.y
  name: staging-user
  refresh-token: opaque
)";

}  // namespace

TEST_SUITE("api::argocd_cli_config") {
    TEST_CASE("no host: the current context") {
        auto c = parse_argocd_cli_config(kConfig, "/home/u/.config/argocd/config", "");
        REQUIRE(c.ok());
        CHECK(c->name == "staging");
        CHECK(c->server == "staging.example:8443");
        CHECK(c->root_path == "argocd");
        CHECK(c->insecure);
        CHECK(c->auth_token == "token-of-staging.x.y");
        CHECK(c->has_refresh_token);
    }

    TEST_CASE("a host picks its own context's token, not the current one") {
        auto c = parse_argocd_cli_config(kConfig, "cfg", "argocd.example.com");
        REQUIRE(c.ok());
        CHECK(c->name == "argocd.example.com");
        CHECK(c->auth_token == "token-of-prod.x.y");
        CHECK_FALSE(c->has_refresh_token);
    }

    TEST_CASE("a host without a context: log in, and no token of another server") {
        auto c = parse_argocd_cli_config(kConfig, "cfg", "evil.example");
        REQUIRE_FALSE(c.ok());
        CHECK(c.error().kind == ErrorKind::auth);
        CHECK(c.error().hint.find("argocd login evil.example") != std::string::npos);
        CHECK(c.error().message.find("token-of") == std::string::npos);
    }

    TEST_CASE("malformed files are config errors that quote no token") {
        for (const char* text : {"- a\n- b\n", "contexts: 3\n", "users: [x]\n",
                                 "current-context: [a\nusers:\n- auth-token: secret.a.b\n"}) {
            CAPTURE(text);
            auto c = parse_argocd_cli_config(text, "cfg", "");
            REQUIRE_FALSE(c.ok());
            CHECK(c.error().kind == ErrorKind::config);
            CHECK(c.error().message.find("secret") == std::string::npos);
        }
    }
}

}  // namespace preview
