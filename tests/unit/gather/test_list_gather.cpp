// The listings of `preview list` and completion on the in-memory transport: Link pagination,
// GitHub's error bodies, and which pods `list` reads.

#include <chrono>
#include <string>

#include "unit/support/fake_transport.hpp"
#include <doctest/doctest.h>

#include "preview/gather/list_gather.hpp"

namespace {

using namespace preview;
using namespace preview::testing;

constexpr const char* kIssues =
    "/repos/stuttgart-things/homerun2-core-catcher/issues?state=open&labels=preview&per_page=100";

struct GithubOnly {
    FakeTransport http;
    GithubClient github{"https://api.github.test", "ghp_test", std::chrono::seconds(30), {}};
    Result<KubeEndpoint> none = Error(ErrorKind::config, "no cluster");
    std::shared_ptr<const ArgocdSource> argocd = argocd_through_kubernetes(none);
    PrRef repo{"stuttgart-things", "homerun2-core-catcher", 0};

    Observed<std::vector<PullRequest>> list(int max_pages) {
        const Sources sources{http, github,  *argocd, none, {}, std::chrono::seconds(30),
                              "",   nullptr, nullptr};
        return fetch_labelled_pulls(sources, repo, "preview", max_pages, 4);
    }
};

/// `list` against both clusters: every open PR is unlabelled, and PR 8's Application is
/// Progressing, so only its pods can change its phase.
struct ListWorld {
    FakeTransport http;
    GithubClient github{"https://api.github.test", "ghp_test", std::chrono::seconds(30), {}};
    Result<KubeEndpoint> argocd = endpoint("https://argocd.test");
    Result<KubeEndpoint> workload = endpoint("https://workload.test");
    std::shared_ptr<const ArgocdSource> argocd_source = argocd_through_kubernetes(argocd);
    PrRef repo{"stuttgart-things", "homerun2-core-catcher", 0};
    Profile profile;

    static KubeEndpoint endpoint(std::string server) {
        KubeEndpoint e;
        e.server = std::move(server);
        return e;
    }

    ListWorld() {
        http.expect("GET", "/repos/stuttgart-things/homerun2-core-catcher/pulls",
                    json_response(200, "[]"));
        http.expect("GET", "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications",
                    json_response(200, R"({"items": [{"metadata": {"name": "pr-8",
                        "labels": {"homerun2.stuttgart-things.com/pr": "8"},
                        "ownerReferences": [{"kind": "ApplicationSet",
                                             "name": "homerun2-core-catcher-pr-preview"}]},
                        "status": {"sync": {"status": "Synced"},
                                   "health": {"status": "Progressing"}}}]})"));
        // Unreadable: no namespace is known to be absent, so each unhealthy one is asked for.
        http.expect("GET", "/api/v1/namespaces", kube_status(403, "Forbidden", "forbidden"));
    }

    ListSnapshot gather() {
        const Sources sources{http, github,  *argocd_source, workload, {}, std::chrono::seconds(30),
                              "",   nullptr, nullptr};
        return gather_list(sources, profile, repo, 1795449600);
    }
};

std::string link_to(const std::string& target, int page) {
    return "<https://api.github.test" + target + "&page=" + std::to_string(page) +
           ">; rel=\"next\"";
}

}  // namespace

TEST_SUITE("gather::list") {
    TEST_CASE("labelled PRs follow the Link header page by page; issues are not PRs") {
        GithubOnly g;
        HttpResponse first = fixture_response("github/issues_labelled_preview.json");
        first.headers.emplace_back("link", link_to(kIssues, 2));
        g.http.expect("GET", kIssues, first).on_host("api.github.test");
        g.http.expect("GET", std::string(kIssues) + "&page=2",
                      json_response(200, R"([{"number": 7, "title": "Second page",
                          "state": "open", "user": {"login": "bob"}, "labels": [],
                          "pull_request": {"url": "x"}, "created_at": "2026-11-01T00:00:00Z",
                          "updated_at": "2026-11-02T00:00:00Z"}])"));

        const auto pulls = g.list(10);

        CHECK(g.http.problems() == "");
        REQUIRE(pulls.ok());
        std::vector<int> numbers;
        for (const auto& pr : *pulls) {
            numbers.push_back(pr.number);
        }
        CHECK(numbers == std::vector<int>{43, 42, 7});
    }

    TEST_CASE("max_pages stops the listing without an error (a sample for completion)") {
        GithubOnly g;
        HttpResponse first = fixture_response("github/issues_labelled_preview.json");
        first.headers.emplace_back("link", link_to(kIssues, 2));
        g.http.expect("GET", kIssues, first);

        const auto pulls = g.list(1);

        CHECK(g.http.problems() == "");
        REQUIRE(pulls.ok());
        CHECK(pulls->size() == 2);
    }

    TEST_CASE("a GitHub error body becomes the listing's error, with GitHub's message") {
        GithubOnly g;
        g.http.expect("GET", kIssues, github_error(401, "Bad credentials"));

        const auto pulls = g.list(10);

        CHECK(g.http.problems() == "");
        REQUIRE_FALSE(pulls.ok());
        CHECK(pulls.error().kind == ErrorKind::auth);
        CHECK(pulls.error().message.find("Bad credentials") != std::string::npos);
    }

    TEST_CASE("pods are listed in the namespace of each unhealthy preview, never cluster-wide") {
        ListWorld w;
        w.http.expect("GET", "/api/v1/namespaces/homerun2-core-catcher-pr-8/pods",
                      fixture_response("kube/pod_list.json"));

        const ListSnapshot snap = w.gather();

        CHECK(w.http.problems() == "");
        REQUIRE(snap.pods.size() == 1);
        CHECK(snap.pods.count("homerun2-core-catcher-pr-8") == 1);
    }

    TEST_CASE("a namespace name the path rules refuse never reaches a request") {
        ListWorld w;
        w.profile.namespace_template = "x/../kube-system?dryRun=All&pr={number}";

        const ListSnapshot snap = w.gather();

        CHECK(w.http.problems() == "");  // no pods request at all
        REQUIRE(snap.pods.size() == 1);
        const auto& pods = snap.pods.begin()->second;
        REQUIRE_FALSE(pods.ok());
        CHECK(pods.error().message.find("refusing to build a Kubernetes request path") !=
              std::string::npos);
    }
}
