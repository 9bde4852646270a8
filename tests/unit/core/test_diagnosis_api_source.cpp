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

}  // namespace

TEST_SUITE("doctor through the Argo CD API") {
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
