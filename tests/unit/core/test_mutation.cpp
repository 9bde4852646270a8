#include <doctest/doctest.h>

#include "preview/core/mutation.hpp"

using namespace preview;

namespace {
Targets targets() {
    return render_targets(Profile{}, PrRef{"stuttgart-things", "homerun2-core-catcher", 42}, "")
        .value();
}
}  // namespace

TEST_SUITE("core::mutation") {
    TEST_CASE("ApplicationSet refresh is the controller's self-cleaning annotation") {
        auto m = refresh_application_set(targets()).value();
        CHECK(m.cluster == Cluster::argocd);
        CHECK(m.api_path.str() ==
              "/apis/argoproj.io/v1alpha1/namespaces/argocd/applicationsets/"
              "homerun2-core-catcher-pr-preview");
        CHECK(
            annotation_patch(m.annotation, m.value) ==
            R"({"metadata":{"annotations":{"argocd.argoproj.io/application-set-refresh":"true"}}})");
    }

    TEST_CASE("route bump and force-sync carry the time") {
        auto bump = bump_route(targets(), "homerun2-core-catcher", 1795449600).value();
        CHECK(bump.api_path.str() ==
              "/apis/gateway.networking.k8s.io/v1/namespaces/homerun2-core-catcher-pr-42/"
              "httproutes/homerun2-core-catcher");
        CHECK(bump.value == "1795449600");
        CHECK(bump.command.find("reconcile-bump=1795449600 --overwrite") != std::string::npos);
        auto sync = force_sync_external_secret(targets(), "redis-stack-auth", 7).value();
        CHECK(sync.annotation == "force-sync");
        CHECK(sync.api_path.str().find("/apis/external-secrets.io/v1/") == 0);
    }

    TEST_CASE("a server-supplied name or apiVersion never becomes a path") {
        SUBCASE("an apiVersion that walks out of /apis") {
            auto sync = force_sync_external_secret(
                targets(), "redis-stack-auth", 7,
                "../api/v1/namespaces/kube-system/configmaps/victim?ignore=");
            REQUIRE_FALSE(sync.ok());
            CHECK(sync.error().kind == ErrorKind::api);
            CHECK(sync.error().message.find("is not one preview knows") != std::string::npos);
        }
        SUBCASE("a known apiVersion of another group") {
            CHECK_FALSE(force_sync_external_secret(targets(), "x", 7, "apps/v1").ok());
        }
        SUBCASE("the older ESO version is fine") {
            auto sync = force_sync_external_secret(targets(), "redis-stack-auth", 7,
                                                   "external-secrets.io/v1beta1");
            REQUIRE(sync.ok());
            CHECK(sync->api_path.str().find("/apis/external-secrets.io/v1beta1/") == 0);
        }
        SUBCASE("a route name with a query") {
            auto bump = bump_route(targets(), "x?dryRun=All&y=", 7);
            REQUIRE_FALSE(bump.ok());
            CHECK(bump.error().message.find("\"x?dryRun=All&y=\"") != std::string::npos);
        }
        SUBCASE("a name with CR/LF is refused and shown escaped") {
            auto bump = bump_route(targets(), "route\r\nApply 0 changes", 7);
            REQUIRE_FALSE(bump.ok());
            CHECK(bump.error().message.find('\n') == std::string::npos);
            CHECK(bump.error().message.find("\\r\\n") != std::string::npos);
        }
    }

    TEST_CASE("the equivalent command quotes every value for the shell") {
        const PrRef pr{"stuttgart-things", "homerun2-core-catcher", 42};
        CHECK(add_label(pr, "preview").command ==
              "gh pr edit 42 --repo stuttgart-things/homerun2-core-catcher --add-label preview");
        CHECK(add_label(pr, "pre view;touch${IFS}x").command ==
              "gh pr edit 42 --repo stuttgart-things/homerun2-core-catcher --add-label "
              "'pre view;touch${IFS}x'");
        CHECK(remove_label(pr, "it's").command.ends_with("--remove-label 'it'\\''s'"));
        // Kubernetes object names never need quoting: a name that would is refused before any
        // command or request is built (see the KubePath cases above).
        CHECK_FALSE(bump_route(targets(), "r$(id)", 1).ok());
        CHECK_FALSE(force_sync_external_secret(targets(), "a b", 1).ok());
        CHECK(bump_route(targets(), "homerun2-core-catcher", 1).value().command ==
              "kubectl -n homerun2-core-catcher-pr-42 annotate httproute homerun2-core-catcher "
              "reconcile-bump=1 --overwrite");
    }

    TEST_CASE("durations") {
        CHECK(parse_duration("90").value() == 90);
        CHECK(parse_duration("90s").value() == 90);
        CHECK(parse_duration("15m").value() == 900);
        CHECK(parse_duration("1h30m").value() == 5400);
        for (const char* bad : {"", "abc", "-5m", "5x", "1h30", "m"}) {
            CHECK_FALSE(parse_duration(bad).ok());
        }
    }
}
