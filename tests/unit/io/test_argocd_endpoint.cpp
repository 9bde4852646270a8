#include <string>

#include "test_kubeconfig_support.hpp"
#include <doctest/doctest.h>
#include <sys/stat.h>

#include "preview/io/argocd_endpoint.hpp"

namespace preview {
namespace {

std::string config_for(const std::string& current, const std::string& extra_server_fields) {
    return "contexts:\n"
           "- name: prod\n  server: argocd.example.com\n  user: prod\n"
           "- name: local\n  server: kubernetes\n  user: local\n"
           "current-context: " +
           current +
           "\n"
           "servers:\n"
           "- server: argocd.example.com\n  grpc-web-root-path: argocd\n" +
           extra_server_fields +
           "- server: kubernetes\n  core: true\n"
           "users:\n"
           "- name: prod\n  auth-token: token-of-prod\n"
           "- name: local\n  auth-token: ''\n";
}

Result<std::optional<ArgocdEndpoint>> from(const test::TempDir& dir) {
    return argocd_endpoint_from_cli_config({{"ARGOCD_CONFIG_DIR", dir.path()}}, {},
                                           std::chrono::seconds(5));
}

// The fallback as read from a config file of `text` with `mode`.
Result<std::optional<ArgocdEndpoint>> from_file(const std::string& text, mode_t mode = 0600) {
    test::TempDir dir;
    const auto path = dir.write("config", text);
    ::chmod(path.c_str(), mode);
    return from(dir);
}

}  // namespace

TEST_SUITE("io::argocd_endpoint") {
    TEST_CASE("the current context's server, root path, modes and token") {
        auto ep = from_file(config_for("prod", "  insecure: true\n"));
        REQUIRE(ep.ok());
        REQUIRE(ep->has_value());
        CHECK((*ep)->server.base_url == "https://argocd.example.com/argocd");
        CHECK((*ep)->server.insecure);
        CHECK((*ep)->tls.insecure_skip_verify);
        CHECK_FALSE((*ep)->server.named_by_profile);
        CHECK((*ep)->token == "token-of-prod");
        CHECK((*ep)->server.source.find("current context prod") != std::string::npos);
    }

    TEST_CASE("a --core context has no API server: nothing to fall back to") {
        auto ep = from_file(config_for("local", ""));
        REQUIRE(ep.ok());
        CHECK_FALSE(ep->has_value());
    }

    TEST_CASE("no config file, or no current context: nothing to fall back to") {
        test::TempDir dir;
        auto none = from(dir);
        REQUIRE(none.ok());
        CHECK_FALSE(none->has_value());
        auto no_current = from_file(config_for("''", ""));
        REQUIRE(no_current.ok());
        CHECK_FALSE(no_current->has_value());
    }

    TEST_CASE("a config file others can read is refused, without its token") {
        auto ep = from_file(config_for("prod", ""), 0644);
        REQUIRE_FALSE(ep.ok());
        CHECK(ep.error().message.find("0644") != std::string::npos);
        CHECK(ep.error().message.find("token-of-prod") == std::string::npos);
    }
}

}  // namespace preview
