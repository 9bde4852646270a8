#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "preview/core/argo_actions.hpp"

using namespace preview;

namespace {
const PrRef kPr{"stuttgart-things", "homerun2-core-catcher", 42};

ApplicationSet appset(std::int64_t requeue) {
    ApplicationSet set;
    set.requeue_after_seconds = requeue;
    return set;
}
}  // namespace

TEST_SUITE("core::argo_actions") {
    TEST_CASE("an Enterprise server's pages are on its own origin") {
        const auto event =
            nlohmann::json::parse(pull_request_event(kPr, "https://ghe.corp/api/v3/"));
        CHECK(event["repository"]["html_url"] ==
              "https://ghe.corp/stuttgart-things/homerun2-core-catcher");
        CHECK(event["repository"]["url"] ==
              "https://ghe.corp/api/v3/repos/stuttgart-things/homerun2-core-catcher");
    }

    TEST_CASE("without a webhook the refresh is left out, saying when the generator polls") {
        const Observed<std::optional<ApplicationSet>> read = std::optional(appset(600));
        const std::string unsent =
            appset_refresh_unsent("ApplicationSet homerun2-core-catcher-pr-preview", &read);
        CHECK(unsent.find("ApplicationSet homerun2-core-catcher-pr-preview cannot be refreshed "
                          "through the Argo CD API") == 0);
        CHECK(unsent.find("polls again within 600 s (its requeueAfterSeconds)") !=
              std::string::npos);
        const Observed<std::optional<ApplicationSet>> unset = std::optional(appset(0));
        CHECK(next_poll_text(&unset) == "within 1800 s (Argo CD's default requeueAfterSeconds)");
        const Observed<std::optional<ApplicationSet>> denied = Error(ErrorKind::permission, "no");
        CHECK(next_poll_text(&denied).find("could not be read") != std::string::npos);
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

    TEST_CASE("the argocd and curl commands a person would type") {
        const ObjectRef route{"gateway.networking.k8s.io", "v1", "HTTPRoute",
                              "homerun2-core-catcher-pr-42", "homerun2-core-catcher"};
        CHECK(argocd_patch_resource_command("homerun2-core-catcher-pr-42-cc", route,
                                            "reconcile-bump", "1795449600", "argocd") ==
              "argocd app patch-resource homerun2-core-catcher-pr-42-cc --kind HTTPRoute "
              "--resource-name homerun2-core-catcher --namespace homerun2-core-catcher-pr-42 "
              "--group gateway.networking.k8s.io --patch "
              "'{\"metadata\":{\"annotations\":{\"reconcile-bump\":\"1795449600\"}}}' "
              "--patch-type application/merge-patch+json --app-namespace argocd");
        CHECK(argocd_hard_refresh_command("a", "argocd") ==
              "argocd app get a --hard-refresh --app-namespace argocd");
        CHECK(webhook_command("{}", "https://appset.test/api/webhook") ==
              "curl -X POST -H 'X-GitHub-Event: pull_request' -H 'Content-Type: "
              "application/json' --data '{}' https://appset.test/api/webhook");
        const std::string unsent = not_in_tree_unsent("ExternalSecret e", "kubectl x");
        CHECK(unsent.find("ExternalSecret e is in no Application's resource tree") == 0);
        CHECK(
            unsent.ends_with("needs a kube context for the workload cluster (pass --context "
                             "NAME): kubectl x"));
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
