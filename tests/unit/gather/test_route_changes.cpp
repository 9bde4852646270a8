// route_changes and send_changes: which form each intent takes as the session's sources carry it
// (design §8), the command a person would type for it, and the one request it becomes.

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>

#include "gather/argocd_source.hpp"
#include "unit/support/fake_transport.hpp"
#include "unit/support/healthy_preview.hpp"
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "preview/gather/apply.hpp"

namespace {

using namespace preview;
using namespace preview::testing;

const PrRef kPr{"stuttgart-things", "homerun2-core-catcher", 42};
constexpr std::int64_t kNow = 1795449600;

/// One session's sources: Argo CD through Kubernetes, or through its API server (with or
/// without a kube context for its cluster), and the workload cluster reached or not.
struct World {
    FakeTransport http;
    GithubClient github{"https://api.github.test", "ghp_test", std::chrono::seconds(30), {}};
    Result<KubeEndpoint> argocd = kube_endpoint("https://argocd.test", "argo");
    Result<KubeEndpoint> workload = kube_endpoint("https://workload.test", "work");
    ArgocdEndpoint server;
    std::shared_ptr<const ArgocdSource> source;
    Targets targets = render_targets(Profile{}, kPr, "").value();
    ChangeRoute how;

    explicit World(bool api) {
        server.server.base_url = "https://argocd-api.test";
        server.token = "argocd-token";
        source = api ? argocd_through_api(server, argocd, {}) : argocd_through_kubernetes(argocd);
        how.github_api_url = "https://api.github.com";
        how.argocd_namespace = "argocd";
    }

    Sources sources() {
        return Sources{http, github,  *source, workload, {}, std::chrono::seconds(30),
                       "",   nullptr, &server};
    }

    /// Sends `changes`: true when every one succeeded (each request was one the test expects).
    bool sends(const std::vector<Change>& changes) {
        const auto results = send_changes(sources(), changes);
        CHECK(http.problems() == "");
        return std::all_of(results.begin(), results.end(),
                           [](const Status& status) { return status.ok(); });
    }

    RoutedChanges route(const std::vector<Intent>& intents,
                        const Observed<std::optional<ApplicationSet>>* appset = nullptr) {
        return route_changes(sources(), intents, how, kPr, appset);
    }
};

Error no_cluster() {
    return Error(ErrorKind::config, "no cluster");
}

}  // namespace

TEST_SUITE("gather::route_changes") {
    TEST_CASE("through Kubernetes: a label through GitHub, the refresh a merge patch") {
        World w(false);
        const auto routed =
            w.route({add_label("preview"), refresh_application_set(w.targets).value()});
        CHECK(routed.unsent.empty());
        REQUIRE(routed.changes.size() == 2);
        CHECK(routed.changes[0].command ==
              "gh pr edit 42 --repo stuttgart-things/homerun2-core-catcher --add-label preview");
        CHECK(routed.changes[1].command ==
              "kubectl -n argocd annotate applicationset homerun2-core-catcher-pr-preview "
              "argocd.argoproj.io/application-set-refresh=true --overwrite");

        w.http.expect("POST", std::string(kRepo) + "/issues/42/labels", json_response(200, "[]"))
            .with_body(R"({"labels":["preview"]})");
        w.http
            .expect("PATCH",
                    std::string(kArgo) +
                        "/applicationsets/homerun2-core-catcher-pr-preview?fieldManager=preview",
                    json_response(200, "{}"))
            .on_host("argocd.test")
            .with_body(
                R"({"metadata":{"annotations":{"argocd.argoproj.io/application-set-refresh":"true"}}})");
        CHECK(w.sends(routed.changes));
    }

    TEST_CASE("a sync and a hard refresh are kubectl patches, or Argo CD API calls") {
        World w(false);
        const std::vector<Intent> intents{
            sync_application(w.targets, "homerun2-core-catcher-pr-42-core-catcher", "sha256:ab")
                .value(),
            hard_refresh_application(w.targets, "homerun2-core-catcher-pr-42").value()};
        auto kube = w.route(intents);
        REQUIRE(kube.changes.size() == 2);
        CHECK(kube.changes[0].command.find("kubectl -n argocd patch application "
                                           "homerun2-core-catcher-pr-42-core-catcher --type "
                                           "merge --field-manager=preview -p ") == 0);
        CHECK(kube.changes[1].command ==
              "kubectl -n argocd annotate application homerun2-core-catcher-pr-42 "
              "argocd.argoproj.io/refresh=hard --overwrite");

        World api(true);
        api.argocd = no_cluster();
        auto routed = api.route(intents);
        REQUIRE(routed.changes.size() == 2);
        CHECK(routed.changes[0].command ==
              "argocd app sync homerun2-core-catcher-pr-42-core-catcher --app-namespace argocd");
        CHECK(routed.changes[1].command ==
              "argocd app get homerun2-core-catcher-pr-42 --hard-refresh --app-namespace argocd");
        // No revision in the sync: only the one automated sync allows may be sent.
        api.http
            .expect("POST", "/api/v1/applications/homerun2-core-catcher-pr-42-core-catcher/sync",
                    json_response(200, "{}"))
            .on_host("argocd-api.test")
            .with_body(R"({"appNamespace":"argocd","name":"homerun2-core-catcher-pr-42-core-)"
                       R"(catcher","prune":false})");
        api.http
            .expect("GET",
                    "/api/v1/applications/homerun2-core-catcher-pr-42?refresh=hard&appNamespace="
                    "argocd",
                    json_response(200, "{}"))
            .on_host("argocd-api.test");
        CHECK(api.sends(routed.changes));

        World both(true);  // the API server, and a kube context for the Argo CD cluster too
        auto through_kube = both.route(intents);
        REQUIRE(through_kube.changes.size() == 2);
        CHECK(through_kube.changes[0].command == kube.changes[0].command);
        both.http
            .expect("PATCH",
                    std::string(kArgo) +
                        "/applications/homerun2-core-catcher-pr-42-core-catcher?fieldManager="
                        "preview",
                    json_response(200, "{}"))
            .on_host("argocd.test");
        CHECK(both.sends({through_kube.changes[0]}));
    }

    TEST_CASE("through the API server the ApplicationSet refresh is a webhook event") {
        World w(true);
        w.argocd = no_cluster();
        w.how.appset_webhook = "https://appset.example.com/api/webhook";
        const auto routed =
            w.route({add_label("preview"), refresh_application_set(w.targets).value()});
        REQUIRE(routed.changes.size() == 2);
        const Change& hook = routed.changes[1];
        CHECK_FALSE(hook.observable);
        CHECK(hook.command.find("curl -X POST") == 0);
        w.http.expect("POST", "/api/webhook", json_response(200, "{}"))
            .on_host("appset.example.com")
            .with_header("X-GitHub-Event", "pull_request");
        CHECK(w.sends({hook}));
        REQUIRE(w.http.requests().size() == 1);
        const auto event = nlohmann::json::parse(w.http.requests()[0].body);
        CHECK(event["action"] == "synchronize");
        CHECK(event["number"] == 42);
        CHECK(event["repository"]["owner"]["login"] == "stuttgart-things");
        CHECK(event["repository"]["name"] == "homerun2-core-catcher");
        CHECK(event["repository"]["html_url"] ==
              "https://github.com/stuttgart-things/homerun2-core-catcher");
        CHECK(event["repository"]["url"] ==
              "https://api.github.com/repos/stuttgart-things/homerun2-core-catcher");
    }

    TEST_CASE("without a webhook the refresh is left out, saying when the generator polls") {
        World w(true);
        w.argocd = no_cluster();
        ApplicationSet set;
        set.requeue_after_seconds = 600;
        const Observed<std::optional<ApplicationSet>> read = std::optional(set);
        const auto routed = w.route({refresh_application_set(w.targets).value()}, &read);
        CHECK(routed.changes.empty());
        REQUIRE(routed.unsent.size() == 1);
        CHECK(routed.unsent[0].find("polls again within 600 s (its requeueAfterSeconds)") !=
              std::string::npos);
    }

    TEST_CASE(
        "without a workload kube context a workload annotation is a resource patch through the "
        "Application whose tree holds the object") {
        World w(true);
        w.workload = no_cluster();
        w.how.tree_apps = {{"HTTPRoute/homerun2-core-catcher", "homerun2-core-catcher-pr-42-cc"}};
        const std::vector<Intent> intents{
            bump_route(w.targets, "homerun2-core-catcher", kNow).value(),
            force_sync_external_secret(w.targets, "redis-stack-auth", kNow).value()};
        const auto routed = w.route(intents);
        REQUIRE(routed.changes.size() == 1);
        const Change& patch = routed.changes[0];
        CHECK(patch.command.find("argocd app patch-resource homerun2-core-catcher-pr-42-cc "
                                 "--kind HTTPRoute") == 0);
        // In no tree (homerun2's Kyverno-generated ExternalSecrets): left alone, saying why.
        REQUIRE(routed.unsent.size() == 1);
        CHECK(routed.unsent[0].find("ExternalSecret redis-stack-auth is in no Application's "
                                    "resource tree") == 0);
        CHECK(routed.unsent[0].ends_with(
            "kubectl -n homerun2-core-catcher-pr-42 annotate externalsecret redis-stack-auth "
            "force-sync=1795449600 --overwrite"));

        w.http
            .expect("POST",
                    "/api/v1/applications/homerun2-core-catcher-pr-42-cc/resource?namespace="
                    "homerun2-core-catcher-pr-42&resourceName=homerun2-core-catcher&version=v1"
                    "&kind=HTTPRoute&patchType=application%2Fmerge-patch%2Bjson&appNamespace="
                    "argocd&group=gateway.networking.k8s.io",
                    json_response(200, "{}"))
            .on_host("argocd-api.test");
        CHECK(w.sends(routed.changes));

        World kube(true);  // with a kube context for the workload cluster: a merge patch there
        const auto direct = kube.route(intents);
        REQUIRE(direct.changes.size() == 2);
        CHECK(direct.changes[1].command ==
              "kubectl -n homerun2-core-catcher-pr-42 annotate externalsecret redis-stack-auth "
              "force-sync=1795449600 --overwrite");
        const auto forced = through_kubernetes(kube.sources(), intents, kPr);
        CHECK(forced[0].command == direct.changes[0].command);
        kube.http
            .expect("PATCH",
                    "/apis/gateway.networking.k8s.io/v1/namespaces/homerun2-core-catcher-pr-42/"
                    "httproutes/homerun2-core-catcher?fieldManager=preview",
                    json_response(200, "{}"))
            .on_host("workload.test");
        CHECK(kube.sends({direct.changes[0]}));
    }
}
