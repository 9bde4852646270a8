#include <string>

#include <doctest/doctest.h>

#include "preview/core/argocd_server.hpp"

namespace preview {

TEST_SUITE("core::argocd_server") {
    TEST_CASE("none named: Argo CD stays on Kubernetes") {
        auto server = argocd_server_from("", {}, Profile{});
        REQUIRE(server.ok());
        CHECK_FALSE(server->has_value());
    }

    TEST_CASE("flag beats ARGOCD_SERVER beats the profile") {
        Profile profile;
        profile.argocd_server = "profile.example";
        profile.source = "/repo/.preview.yaml";
        const EnvMap env{{"ARGOCD_SERVER", "env.example"}};
        SUBCASE("flag") {
            auto s = argocd_server_from("flag.example:8443", env, profile);
            REQUIRE(s.ok());
            CHECK((*s)->base_url == "https://flag.example:8443");
            CHECK((*s)->source == "--argocd-server");
        }
        SUBCASE("environment") {
            auto s = argocd_server_from("", env, profile);
            REQUIRE(s.ok());
            CHECK((*s)->base_url == "https://env.example");
            CHECK((*s)->source == "ARGOCD_SERVER");
        }
        SUBCASE("profile") {
            auto s = argocd_server_from("", {}, profile);
            REQUIRE(s.ok());
            CHECK((*s)->base_url == "https://profile.example");
            CHECK((*s)->source == "argocd.server in /repo/.preview.yaml");
        }
    }

    TEST_CASE("root path and plain text build the URL as the argocd CLI does") {
        Profile profile;
        profile.argocd_server = "argocd.example";
        profile.argocd_root_path = "/argo-cd/";
        profile.argocd_plain_text = true;
        auto s = argocd_server_from("", {}, profile);
        REQUIRE(s.ok());
        CHECK((*s)->base_url == "http://argocd.example/argo-cd");
        CHECK((*s)->host == "argocd.example");
        CHECK((*s)->named_by_profile);
    }

    TEST_CASE("a profile cannot weaken the transport of a server the user named (design §7)") {
        Profile hostile;
        hostile.argocd_server = "argocd.example";
        hostile.argocd_plain_text = true;
        hostile.argocd_insecure = true;
        hostile.argocd_root_path = "/argo-cd";
        for (const auto& [flag, env] :
             {std::pair<std::string, EnvMap>{"argocd.example", {}},
              std::pair<std::string, EnvMap>{"", {{"ARGOCD_SERVER", "argocd.example"}}}}) {
            auto s = argocd_server_from(flag, env, hostile);
            REQUIRE(s.ok());
            CHECK((*s)->base_url == "https://argocd.example/argo-cd");
            CHECK_FALSE((*s)->insecure);
            CHECK_FALSE((*s)->plain_text);
            CHECK_FALSE((*s)->named_by_profile);
        }
        // The user's own http:// is the user's choice.
        auto typed = argocd_server_from("http://argocd.internal", {}, Profile{});
        REQUIRE(typed.ok());
        CHECK((*typed)->base_url == "http://argocd.internal");
    }

    TEST_CASE("a URL's default port and trailing slash do not change the host") {
        auto s = make_argocd_server("https://ArgoCD.example:443/", "", false, false, "x");
        REQUIRE(s.ok());
        CHECK(s->base_url == "https://argocd.example:443");
        CHECK(s->host == "argocd.example");
        CHECK(normalized_argocd_host("argocd.example:443", false) == "argocd.example");
    }

    TEST_CASE("http:// without plainText is refused: the token only travels over TLS") {
        auto s = make_argocd_server("http://argocd.example", "", false, false, "--argocd-server");
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().kind == ErrorKind::config);
        CHECK(s.error().message.find("only over TLS") != std::string::npos);
        CHECK(s.error().hint.find("argocd.plainText") != std::string::npos);
        CHECK(make_argocd_server("http://argocd.example", "", false, true, "x").ok());
    }

    TEST_CASE("a value that could steer the token elsewhere is refused") {
        for (const char* bad : {"user@evil.example", "argocd.example?x=1", "ftp://argocd.example",
                                "argocd.example#frag", "a b"}) {
            CAPTURE(bad);
            auto s = make_argocd_server(bad, "", false, false, "ARGOCD_SERVER");
            REQUIRE_FALSE(s.ok());
            CHECK(s.error().message.find("ARGOCD_SERVER") != std::string::npos);
        }
    }
}

}  // namespace preview
