#include <doctest/doctest.h>

#include "preview/core/argo_actions.hpp"
#include "preview/core/intent.hpp"

using namespace preview;

namespace {
Targets targets() {
    return render_targets(Profile{}, PrRef{"stuttgart-things", "homerun2-core-catcher", 42}, "")
        .value();
}
}  // namespace

TEST_SUITE("core::intent") {
    TEST_CASE("the ApplicationSet refresh names the ApplicationSet, on the Argo CD cluster") {
        auto m = refresh_application_set(targets()).value();
        CHECK(m.kind == IntentKind::refresh_application_set);
        CHECK(on_argocd(m));
        CHECK(m.object == ObjectRef{"argoproj.io", "v1alpha1", "ApplicationSet", "argocd",
                                    "homerun2-core-catcher-pr-preview"});
        CHECK(kind_name(m) == "ApplicationSet homerun2-core-catcher-pr-preview");
        CHECK(
            annotation_patch(std::string(kAppSetRefreshAnnotation), "true") ==
            R"({"metadata":{"annotations":{"argocd.argoproj.io/application-set-refresh":"true"}}})");
    }

    TEST_CASE("route bump and force-sync annotate the workload object with the time") {
        auto bump = bump_route(targets(), "homerun2-core-catcher", 1795449600).value();
        CHECK(bump.kind == IntentKind::annotate);
        CHECK_FALSE(on_argocd(bump));
        CHECK(bump.object == ObjectRef{"gateway.networking.k8s.io", "v1", "HTTPRoute",
                                       "homerun2-core-catcher-pr-42", "homerun2-core-catcher"});
        CHECK(bump.annotation == "reconcile-bump");
        CHECK(bump.value == "1795449600");
        auto sync = force_sync_external_secret(targets(), "redis-stack-auth", 7).value();
        CHECK(sync.annotation == "force-sync");
        CHECK(sync.object.group == "external-secrets.io");
        CHECK(sync.object.version == "v1");
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
            CHECK(sync->object.version == "v1beta1");
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
        CHECK(label_command(pr, "preview", true) ==
              "gh pr edit 42 --repo stuttgart-things/homerun2-core-catcher --add-label preview");
        CHECK(label_command(pr, "pre view;touch${IFS}x", true) ==
              "gh pr edit 42 --repo stuttgart-things/homerun2-core-catcher --add-label "
              "'pre view;touch${IFS}x'");
        CHECK(label_command(pr, "it's", false).ends_with("--remove-label 'it'\\''s'"));
        CHECK(add_label("preview").kind == IntentKind::add_label);
        CHECK(remove_label("preview").label == "preview");
        // Kubernetes object names never need quoting: a name that would is refused before any
        // intent, command or request is built (see the KubePath cases above).
        CHECK_FALSE(bump_route(targets(), "r$(id)", 1).ok());
        CHECK_FALSE(force_sync_external_secret(targets(), "a b", 1).ok());
        CHECK(kubectl_annotate_command("homerun2-core-catcher-pr-42", "httproute",
                                       "homerun2-core-catcher", "reconcile-bump", "1") ==
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
