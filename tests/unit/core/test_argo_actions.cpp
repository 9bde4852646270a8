#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "preview/core/argo_actions.hpp"

using namespace preview;

namespace {
const PrRef kPr{"stuttgart-things", "homerun2-core-catcher", 42};

Targets targets() {
    return render_targets(Profile{}, kPr, "").value();
}

ApplicationSet appset(std::int64_t requeue) {
    ApplicationSet set;
    set.requeue_after_seconds = requeue;
    return set;
}
}  // namespace

TEST_SUITE("core::argo_actions") {
    TEST_CASE("through Kubernetes nothing changes") {
        auto routed = route_changes({refresh_application_set(targets()).value()}, ArgoActionRoute{},
                                    kPr, nullptr);
        REQUIRE(routed.changes.size() == 1);
        CHECK(routed.changes[0].kind == MutationKind::annotate);
        CHECK(routed.unsent.empty());
    }

    TEST_CASE("through the API server the ApplicationSet refresh is a webhook event") {
        ArgoActionRoute route;
        route.api_server = true;
        route.appset_webhook = "https://appset.example.com/api/webhook";
        route.github_api_url = "https://api.github.com";
        auto routed =
            route_changes({add_label(kPr, "preview"), refresh_application_set(targets()).value()},
                          route, kPr, nullptr);
        REQUIRE(routed.changes.size() == 2);
        CHECK(routed.changes[0].kind == MutationKind::add_label);
        const Mutation& hook = routed.changes[1];
        CHECK(hook.kind == MutationKind::appset_webhook);
        CHECK(hook.url == route.appset_webhook);
        const auto event = nlohmann::json::parse(hook.body);
        CHECK(event["action"] == "synchronize");
        CHECK(event["number"] == 42);
        CHECK(event["repository"]["owner"]["login"] == "stuttgart-things");
        CHECK(event["repository"]["name"] == "homerun2-core-catcher");
        CHECK(event["repository"]["html_url"] ==
              "https://github.com/stuttgart-things/homerun2-core-catcher");
        CHECK(event["repository"]["url"] ==
              "https://api.github.com/repos/stuttgart-things/homerun2-core-catcher");
    }

    TEST_CASE(
        "without a workload kube context a workload annotation is a resource patch "
        "through the Application whose tree holds the object") {
        ArgoActionRoute route;
        route.workload_api = true;
        route.argocd_namespace = "argocd";
        route.tree_apps = {{"HTTPRoute/homerun2-core-catcher", "homerun2-core-catcher-pr-42-cc"}};
        auto routed = route_changes(
            {bump_route(targets(), "homerun2-core-catcher", 1795449600).value(),
             force_sync_external_secret(targets(), "redis-stack-auth", 1795449600).value()},
            route, kPr, nullptr);
        REQUIRE(routed.changes.size() == 1);
        const Mutation& patch = routed.changes[0];
        CHECK(patch.kind == MutationKind::api_patch_resource);
        CHECK(patch.app_name == "homerun2-core-catcher-pr-42-cc");
        CHECK(patch.app_namespace == "argocd");
        CHECK(patch.object.group == "gateway.networking.k8s.io");
        CHECK(patch.object.version == "v1");
        CHECK(patch.object.kind == "HTTPRoute");
        CHECK(patch.object.name == "homerun2-core-catcher");
        CHECK(patch.command ==
              "argocd app patch-resource homerun2-core-catcher-pr-42-cc --kind HTTPRoute "
              "--resource-name homerun2-core-catcher --namespace homerun2-core-catcher-pr-42 "
              "--group gateway.networking.k8s.io --patch "
              "'{\"metadata\":{\"annotations\":{\"reconcile-bump\":\"1795449600\"}}}' "
              "--patch-type application/merge-patch+json --app-namespace argocd");
        // In no tree (homerun2's Kyverno-generated ExternalSecrets): left alone, saying why.
        REQUIRE(routed.unsent.size() == 1);
        CHECK(routed.unsent[0].find("ExternalSecret redis-stack-auth is in no Application's "
                                    "resource tree") == 0);
        CHECK(routed.unsent[0].find("needs a kube context for the workload cluster") !=
              std::string::npos);

        route.workload_api = false;  // with a kube context: unchanged
        auto kube = route_changes({bump_route(targets(), "homerun2-core-catcher", 1).value()},
                                  route, kPr, nullptr);
        REQUIRE(kube.changes.size() == 1);
        CHECK(kube.changes[0].kind == MutationKind::annotate);
    }

    TEST_CASE("an Enterprise server's pages are on its own origin") {
        const auto event =
            nlohmann::json::parse(pull_request_event(kPr, "https://ghe.corp/api/v3/"));
        CHECK(event["repository"]["html_url"] ==
              "https://ghe.corp/stuttgart-things/homerun2-core-catcher");
        CHECK(event["repository"]["url"] ==
              "https://ghe.corp/api/v3/repos/stuttgart-things/homerun2-core-catcher");
    }

    TEST_CASE("without a webhook the refresh is left out, saying when the generator polls") {
        ArgoActionRoute route;
        route.api_server = true;
        route.github_api_url = "https://api.github.com";
        const Observed<std::optional<ApplicationSet>> read = std::optional(appset(600));
        auto routed =
            route_changes({refresh_application_set(targets()).value()}, route, kPr, &read);
        CHECK(routed.changes.empty());
        REQUIRE(routed.unsent.size() == 1);
        CHECK(routed.unsent[0].find("polls again within 600 s (its requeueAfterSeconds)") !=
              std::string::npos);
        const Observed<std::optional<ApplicationSet>> unset = std::optional(appset(0));
        CHECK(next_poll_text(&unset) == "within 1800 s (Argo CD's default requeueAfterSeconds)");
        const Observed<std::optional<ApplicationSet>> denied = Error(ErrorKind::permission, "no");
        CHECK(next_poll_text(&denied).find("could not be read") != std::string::npos);
    }

    TEST_CASE("a sync and a hard refresh become Argo CD API calls") {
        ArgoActionRoute route;
        route.api_server = true;
        route.github_api_url = "https://api.github.com";
        auto routed = route_changes(
            {sync_application(targets(), "homerun2-core-catcher-pr-42-core-catcher", "sha256:ab")
                 .value(),
             hard_refresh_application(targets(), "homerun2-core-catcher-pr-42").value()},
            route, kPr, nullptr);
        REQUIRE(routed.changes.size() == 2);
        CHECK(routed.changes[0].kind == MutationKind::api_sync);
        CHECK(routed.changes[0].app_name == "homerun2-core-catcher-pr-42-core-catcher");
        CHECK(routed.changes[0].app_namespace == "argocd");
        CHECK(routed.changes[0].command ==
              "argocd app sync homerun2-core-catcher-pr-42-core-catcher --app-namespace argocd");
        CHECK(routed.changes[0].revision.empty());
        CHECK(routed.changes[1].kind == MutationKind::api_refresh);
        CHECK(routed.changes[1].app_name == "homerun2-core-catcher-pr-42");
    }

    TEST_CASE("a sync through the API names only the revision automated sync allows") {
        // Argo CD: "Cannot sync to X: auto-sync currently set to Y" for any other revision.
        CHECK(api_sync_revision("sha256:ab", "pr-42-abc").empty());
        CHECK(api_sync_revision("pr-42-abc", "pr-42-abc") == "pr-42-abc");
        CHECK(api_sync_revision("HEAD", "") == "HEAD");
        CHECK(api_sync_revision("0123abc", "").empty());
        CHECK(argocd_sync_command("a", "pr-1", "pr-1", "argocd") ==
              "argocd app sync a --revision pr-1 --app-namespace argocd");
    }

    TEST_CASE("the webhook URL is https, or plain http to this machine only") {
        CHECK(appset_webhook_url("https://appset.example.com/api/webhook").ok());
        CHECK(appset_webhook_url("http://127.0.0.1:7000/api/webhook").ok());
        CHECK(appset_webhook_url("http://localhost:7000/api/webhook").ok());
        CHECK(appset_webhook_url("http://[::1]:7000/api/webhook").ok());
        CHECK(appset_webhook_url("http://appset.example.com/api/webhook").error().kind ==
              ErrorKind::config);
        CHECK(!appset_webhook_url("http://localhost.evil.com/api/webhook").ok());
        CHECK(!appset_webhook_url("https://user:pw@appset.example.com/").ok());
        CHECK(!appset_webhook_url("ftp://appset.example.com/").ok());
        CHECK(!appset_webhook_url("https://appset.example.com/a b").ok());
    }
}
