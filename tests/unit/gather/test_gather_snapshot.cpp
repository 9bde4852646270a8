// gather_snapshot against the in-memory transport: which requests go out, and how each answer
// (canned fixture, Kubernetes Status, GitHub error, Link pagination) lands in the snapshot.

#include <chrono>
#include <string>

#include "unit/support/fake_transport.hpp"
#include "unit/support/healthy_preview.hpp"
#include <doctest/doctest.h>

#include "preview/gather/gather.hpp"

namespace {

using namespace preview;
using namespace preview::testing;

/// The services of one preview, all served by one fake transport.
struct World {
    FakeTransport http;
    GithubClient github{"https://api.github.test", "ghp_test", std::chrono::seconds(30), {}};
    Result<KubeEndpoint> argocd = kube_endpoint("https://argocd.test", "argo");
    Result<KubeEndpoint> workload = kube_endpoint("https://workload.test", "work");
    std::shared_ptr<const ArgocdSource> argocd_source = argocd_through_kubernetes(argocd);
    Profile profile;
    PrRef pr{"stuttgart-things", "homerun2-core-catcher", 42};

    World() {
        profile.url.clear();  // no preview URL to probe
        profile.artifacts.clear();
    }

    Sources sources() {
        return Sources{http, github,  *argocd_source, workload, {}, std::chrono::seconds(30),
                       "",   nullptr, nullptr};
    }

    Snapshot gather(const GatherOptions& options = {}) {
        const Targets targets = render_targets(profile, pr, "").value();
        return gather_snapshot(sources(), profile, pr, targets, 1795449600, options);
    }

    void expect_healthy() {
        expect_healthy_preview(http, {"api.github.test", "argocd.test", "workload.test"});
    }

    /// Replaces the answer of the expectation for `path` (set up by expect_healthy).
    void answer(const std::string& path, HttpOutcome outcome) {
        for (auto& e : expectations()) {
            if (e.path == path) {
                e.answer = std::move(outcome);
            }
        }
    }

    std::deque<Expectation>& expectations() { return http.expectations(); }
};

}  // namespace

TEST_SUITE("gather::snapshot") {
    TEST_CASE("a healthy preview: every piece read in one stream, each request once") {
        World w;
        w.expect_healthy();

        const Snapshot snap = w.gather();

        CHECK(w.http.problems() == "");
        REQUIRE(snap.pr.ok());
        CHECK(snap.pr->head_sha == kHead);
        REQUIRE(snap.checks.ok());
        CHECK_FALSE(snap.checks->empty());
        CHECK(snap.bot_comment.ok());
        REQUIRE(snap.application_set.ok());
        CHECK(snap.application_set->has_value());
        REQUIRE(snap.applications.ok());
        CHECK(snap.applications->front().meta.name == "homerun2-core-catcher-pr-42");
        REQUIRE(snap.namespace_state.ok());
        CHECK((*snap.namespace_state)->phase == "Active");
        CHECK(snap.workloads.ok());
        CHECK(snap.pods.ok());
        CHECK(snap.jobs.ok());
        CHECK(snap.routes.ok());
        CHECK(snap.events.ok());
        CHECK(snap.external_secrets.ok());
        REQUIRE(snap.leftovers.ok());
        CHECK(snap.leftovers->empty());
        // The GitHub token rides in the request's credential field, never as a plain header.
        for (const auto& request : w.http.requests()) {
            if (request.url.find("api.github.test") != std::string::npos) {
                CHECK(request.bearer_token == "ghp_test");
            }
        }
    }

    TEST_CASE("follow-up reads: the failing ExternalSecret's store once, nothing when all Ready") {
        World w;
        w.expect_healthy();
        GatherOptions follow_up;
        follow_up.follow_up = true;
        SUBCASE("the fixture's omni-pitcher token is not Ready: its ClusterSecretStore is read") {
            w.answer(ns_path("/apis/external-secrets.io/v1", "externalsecrets"),
                     fixture_response("kube/external_secret_list.json"));
            w.http
                .expect("GET", "/apis/external-secrets.io/v1/clustersecretstores/vault-homerun2-pr",
                        json_response(200, R"({"kind":"ClusterSecretStore",
                            "metadata":{"name":"vault-homerun2-pr"},"status":{"conditions":[
                            {"type":"Ready","status":"True","reason":"Valid"}]}})"))
                .on_host("workload.test");
            const Snapshot snap = w.gather(follow_up);
            CHECK(w.http.problems() == "");
            const auto store = snap.follow_up.stores.find("ClusterSecretStore/vault-homerun2-pr");
            REQUIRE(store != snap.follow_up.stores.end());
            REQUIRE(store->second.ok());
            CHECK(store->second->has_value());
            CHECK_FALSE(snap.follow_up.update_requests.ok());  // nothing generated is missing
        }
        SUBCASE("every ExternalSecret Ready: no request more than without follow-up reads") {
            std::string items;
            for (const char* name : {"homerun2-omni-pitcher-token", "homerun2-omni-pitcher-redis",
                                     "redis-stack-auth", "homerun2-core-catcher-redis"}) {
                items += std::string(items.empty() ? "" : ",") + R"({"metadata":{"name":")" + name +
                         R"("},"spec":{"secretStoreRef":{"kind":"ClusterSecretStore",
                         "name":"vault-homerun2-pr"}},"status":{"conditions":[{"type":"Ready",
                         "status":"True"}]}})";
            }
            w.answer(
                ns_path("/apis/external-secrets.io/v1", "externalsecrets"),
                json_response(200, R"({"kind":"ExternalSecretList","items":[)" + items + "]}"));
            const Snapshot snap = w.gather(follow_up);
            CHECK(w.http.problems() == "");
            CHECK(snap.follow_up.stores.empty());
        }
    }

    TEST_CASE("an unreadable piece becomes that piece's error; the others are still read") {
        World w;
        w.expect_healthy();
        w.answer(ns_path("/api/v1", "pods"),
                 kube_status(403, "Forbidden",
                             "pods is forbidden: User \"dev\" cannot list resource \"pods\""));
        w.answer(ns_path("/apis/apps/v1", "statefulsets"),
                 Error(ErrorKind::network, "cannot connect to workload.test:443"));
        w.answer(std::string(kRepo) + "/commits/" + kHead + "/check-runs",
                 github_error(403, "Resource not accessible by integration"));

        const Snapshot snap = w.gather();

        CHECK(w.http.problems() == "");
        REQUIRE_FALSE(snap.pods.ok());
        CHECK(snap.pods.error().kind == ErrorKind::permission);
        CHECK(snap.pods.error().message.find("pods is forbidden") != std::string::npos);
        REQUIRE_FALSE(snap.workloads.ok());
        CHECK(snap.workloads.error().kind == ErrorKind::network);
        REQUIRE_FALSE(snap.checks.ok());
        CHECK(snap.checks.error().kind == ErrorKind::permission);
        CHECK(snap.checks.error().message.find("Resource not accessible by integration") !=
              std::string::npos);
        CHECK(snap.pr.ok());
        CHECK(snap.applications.ok());
        CHECK(snap.jobs.ok());
    }

    TEST_CASE("a missing Application is 'none yet'; a missing PR is not_found") {
        World w;
        w.expect_healthy();
        w.answer(std::string(kArgo) + "/applications/homerun2-core-catcher-pr-42",
                 kube_status(404, "NotFound",
                             "applications.argoproj.io \"homerun2-core-catcher-pr-42\" not found"));
        w.answer(std::string(kRepo) + "/pulls/42", github_error(404, "Not Found"));
        // Without a PR there is no head: the check runs are never asked for.
        for (auto& e : w.expectations()) {
            if (e.path.find("/check-runs") != std::string::npos) {
                e.times = 0;
            }
        }

        const Snapshot snap = w.gather();

        CHECK(w.http.problems() == "");
        REQUIRE_FALSE(snap.pr.ok());
        CHECK(snap.pr.error().kind == ErrorKind::not_found);
        // No parent yet is a fact, not a read error: the children are still listed.
        REQUIRE(snap.applications.ok());
        CHECK_FALSE(snap.applications->empty());
    }

    TEST_CASE("check runs follow GitHub's Link header to the last page") {
        World w;
        w.expect_healthy();
        const std::string first =
            std::string(kRepo) + "/commits/" + kHead + "/check-runs?filter=latest&per_page=100";
        w.answer(first.substr(0, first.find('?')),
                 json_response(200, R"({"total_count":2,"check_runs":[{"name":"build-pr",
                     "status":"completed","conclusion":"success"}]})",
                               {{"link", "<https://api.github.test" + first +
                                             "&page=2>; rel=\"next\", <https://api.github.test" +
                                             first + "&page=2>; rel=\"last\""}}));
        w.http
            .expect("GET", first + "&page=2",
                    json_response(200, R"({"total_count":2,"check_runs":[{"name":"push-kustomize",
                          "status":"in_progress","conclusion":null}]})"))
            .on_host("api.github.test");

        const Snapshot snap = w.gather();

        CHECK(w.http.problems() == "");
        REQUIRE(snap.checks.ok());
        REQUIRE(snap.checks->size() == 2);
        CHECK(snap.checks->at(0).name == "build-pr");
        CHECK(snap.checks->at(1).name == "push-kustomize");
    }
}
