// Design §8: a snapshot read through the Argo CD API, with no kube context for either cluster.
// What it could not read is unknown, and fixes are ones the user can run.

#include "support/findings.hpp"
#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/diagnosis.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

Snapshot api_only() {
    auto s = healthy_snapshot();
    s.namespace_state = Snapshot::not_read(
        "the Argo CD API does not show the Namespace object: needs a kube context for the "
        "workload cluster");
    s.sources.argocd = ReadSource::argocd_api;
    s.sources.workload = ReadSource::argocd_api;
    s.sources.argocd_kube = false;
    s.sources.workload_kube = false;
    return s;
}

// Issue 14: the children's sync found no namespace, and nothing creates it (no
// CreateNamespace=true): the world's namespace_missing as the Argo CD API source reads it. Nothing
// is deployed, so the gateway has no route for the URL.
Snapshot namespace_never_created(Snapshot s) {
    for (std::size_t i = 1; i < s.applications->size(); ++i) {
        auto& app = (*s.applications)[i];
        app.sync_status = "OutOfSync";
        app.health_status = "Missing";
        app.sync_options = {"ServerSideApply=true"};
        app.conditions = {
            cond("SyncError", "", "", "namespaces \"homerun2-core-catcher-pr-42\" not found")};
    }
    s.workloads = std::vector<Workload>{};
    s.pods = std::vector<Pod>{};
    s.routes = std::vector<HttpRoute>{};
    s.url = UrlProbe{s.targets.health_url, 404, 4, {}};
    return s;
}

}  // namespace

TEST_SUITE("doctor through the Argo CD API") {
    TEST_CASE("a sync that found no namespace names the missing CreateNamespace, not the source") {
        const auto s = namespace_never_created(api_only());
        const auto ns = check(s, "namespace");
        CHECK(ns.status == CheckStatus::fail);
        CHECK(
            contains(ns.summary, "Argo CD's sync found no namespace homerun2-core-catcher-pr-42"));
        CHECK(contains(ns.cause, "lacks CreateNamespace=true"));
        CHECK(has_evidence(ns, "cannot tell whether it exists now"));
        CHECK(contains(ns.fix,
                       "needs a kube context for the workload cluster (pass --context "
                       "NAME): kubectl create namespace homerun2-core-catcher-pr-42"));
        const auto app = check(s, "application");
        CHECK(app.status == CheckStatus::skip);
        CHECK(contains(app.cause, "follows from the namespace check"));
        CHECK_FALSE(contains(app.cause + app.fix, "fetch the source"));
        CHECK_FALSE(contains(app.fix, "--hard-refresh"));
        CHECK(contains(check(s, "workloads").cause, "follows from the namespace check"));
        const auto url = check(s, "url");
        CHECK(url.status == CheckStatus::skip);
        CHECK(contains(url.cause, "follows from the failing namespace check"));
    }

    TEST_CASE("with CreateNamespace=true a namespace not found is no source fetch failure") {
        auto s = namespace_never_created(api_only());
        for (auto& app : *s.applications) {
            app.sync_options = {"CreateNamespace=true"};
        }
        CHECK(check(s, "namespace").status == CheckStatus::skip);
        const auto app = check(s, "application");
        CHECK(app.status == CheckStatus::fail);
        CHECK_FALSE(contains(app.cause, "fetch the source"));
        CHECK_FALSE(contains(app.fix, "--hard-refresh"));
    }

    TEST_CASE("no workloads in a namespace of unknown age is unknown, not new") {
        auto s = api_only();
        s.workloads = std::vector<Workload>{};
        s.pods = std::vector<Pod>{};
        const auto f = check(s, "workloads");
        CHECK(f.status == CheckStatus::skip);
        CHECK(f.cause.find("cannot tell whether that is late") != std::string::npos);
        CHECK(f.cause.find("is unknown") != std::string::npos);
    }

    TEST_CASE("a crash-looping pod's fix is the argocd CLI's previous log") {
        auto s = api_only();
        (*s.pods)[0] = waiting_pod("homerun2-core-catcher-7d9f8-abcde", "img", "CrashLoopBackOff",
                                   "back-off", 4);
        (*s.workloads)[0].available = 0;
        s.sources.tree_apps["Pod/homerun2-core-catcher-7d9f8-abcde"] =
            "homerun2-core-catcher-pr-42-core-catcher";
        CHECK(check(s, "workloads").fix ==
              "argocd app logs homerun2-core-catcher-pr-42-core-catcher --kind Pod --name "
              "homerun2-core-catcher-7d9f8-abcde -c main --previous --app-namespace argocd");
        s.sources.tree_apps.clear();
        CHECK(check(s, "workloads")
                  .fix.starts_with("needs a kube context for the workload cluster (pass --context "
                                   "NAME): kubectl "));
    }
}
