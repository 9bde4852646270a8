// Through the Argo CD API the events are those of the workloads short of pods, never the
// namespace's: the checks judge the events read, and say which workloads they did not cover.

#include "support/findings.hpp"
#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/diagnosis.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

// The omni-pitcher's ReplicaSet is short of its pod; the events cover only what `read` names.
Snapshot pitcher_short(std::vector<std::string> read, std::map<std::string, std::string> unread) {
    auto s = api_only_snapshot();
    (*s.workloads)[1].available = 0;
    s.pods->erase(s.pods->begin() + 1);
    s.events = std::vector<Event>{};
    s.sources.events_namespace_wide = false;
    s.sources.events_of = std::move(read);
    s.sources.events_unread = std::move(unread);
    return s;
}

// The ReplicaSet's events were read, and it failed to create the pod with `message`.
Snapshot pitcher_refused(std::string message) {
    auto s = pitcher_short({"ReplicaSet/homerun2-omni-pitcher-5c6d7"}, {});
    s.events->push_back(warning_event("FailedCreate", "ReplicaSet", "homerun2-omni-pitcher-5c6d7",
                                      std::move(message)));
    return s;
}

}  // namespace

TEST_SUITE("events of some objects only (the Argo CD API)") {
    TEST_CASE("a workload whose events were not read: the quota is said not checked") {
        const auto s = pitcher_short(
            {}, {{"ReplicaSet/homerun2-omni-pitcher-5c6d7", "more than 6 objects are short"}});
        const auto f = check(s, "workloads", CheckStatus::warn);
        CHECK(has_evidence(f,
                           "quota not checked for Deployment homerun2-omni-pitcher: the "
                           "events of ReplicaSet/homerun2-omni-pitcher-5c6d7 were not read: "
                           "more than 6 objects are short"));
    }

    TEST_CASE("a workload none of whose objects' events were asked for says so too") {
        const auto f = check(pitcher_short({}, {}), "workloads");
        CHECK(has_evidence(f,
                           "quota not checked for Deployment homerun2-omni-pitcher: the "
                           "events of none of its objects were read"));
    }

    TEST_CASE("a workload whose ReplicaSet's events were read and hold no FailedCreate") {
        const auto f =
            check(pitcher_short({"ReplicaSet/homerun2-omni-pitcher-5c6d7"}, {}), "workloads");
        CHECK(f.status == CheckStatus::warn);
        CHECK_FALSE(has_evidence(f, "quota not checked"));
    }

    TEST_CASE("another workload's ReplicaSet sharing the name's prefix does not count") {
        // homerun2-omni-pitcher-redis-<hash> is the ReplicaSet of another Deployment.
        const auto f =
            check(pitcher_short({"ReplicaSet/homerun2-omni-pitcher-redis-5c6d7"}, {}), "workloads");
        CHECK(has_evidence(f,
                           "quota not checked for Deployment homerun2-omni-pitcher: the "
                           "events of none of its objects were read"));
    }

    TEST_CASE("the ReplicaSet's quota event is judged as the namespace's would be") {
        const auto s = pitcher_refused(
            "Error creating: pods \"homerun2-omni-pitcher-5c6d7-x\" is forbidden: exceeded quota: "
            "pr-preview, requested: limits.memory=512Mi");
        const auto f = check(s, "workloads", CheckStatus::fail);
        CHECK(contains(f.cause, "ResourceQuota is exhausted"));
        CHECK(has_evidence(f, "exceeded quota: pr-preview"));
    }

    TEST_CASE("an admission webhook's rejection is named without the namespace") {
        const auto s = pitcher_refused(
            "Internal error occurred: failed calling webhook \"mutate.kyverno.svc-fail\": failed "
            "to call webhook");
        const auto f = check(s, "policies", CheckStatus::fail);
        CHECK(contains(f.summary, "mutate.kyverno.svc-fail"));
        CHECK(contains(check(s, "workloads").cause, "follows from the policies check"));
    }
}
