#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/follow.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

Snapshot at(Snapshot s, std::int64_t seconds) {
    s.now = kNow + seconds;
    return s;
}

Snapshot waiting_for_argocd() {
    auto s = healthy_snapshot();
    remove_deployment(s);
    return s;
}

}  // namespace

TEST_SUITE("core::follow") {
    TEST_CASE("up records each phase once, with its time, until ready") {
        FollowState state{kNow, {}, {}, {}};
        FollowOptions options;
        std::optional<PhaseEvent> entered;
        CHECK(follow_step(state, at(waiting_for_argocd(), 0), Profile{}, Goal::ready, options,
                          &entered) == FollowOutcome::waiting);
        REQUIRE(entered);
        CHECK(entered->phase == Phase::waiting_for_argocd);
        entered.reset();
        CHECK(follow_step(state, at(waiting_for_argocd(), 5), Profile{}, Goal::ready, options,
                          &entered) == FollowOutcome::waiting);
        CHECK_FALSE(entered);
        auto deploying = healthy_snapshot();
        (*deploying.workloads)[0].available = 0;
        CHECK(follow_step(state, at(deploying, 20), Profile{}, Goal::ready, options) ==
              FollowOutcome::waiting);
        CHECK(follow_step(state, at(healthy_snapshot(), 45), Profile{}, Goal::ready, options) ==
              FollowOutcome::reached);
        REQUIRE(state.events.size() == 3);
        CHECK(state.events[1].phase == Phase::deploying);
        CHECK(state.events[1].at == 20);
        CHECK(state.events[2].phase == Phase::ready);
        CHECK(state.events[2].at == 45);
    }

    TEST_CASE("up fails fast when CI failed, or an artifact is missing after CI passed") {
        FollowState state{kNow, {}, {}, {}};
        auto s = healthy_snapshot();
        (*s.checks)[0].conclusion = "failure";
        CHECK(follow_step(state, at(s, 1), Profile{}, Goal::ready, {}) == FollowOutcome::failed);
        CHECK(state.failure.find("build-pr") != std::string::npos);
        SUBCASE("action_required waits for an approval, as the ci check says") {
            (*s.checks)[0].conclusion = "action_required";
            FollowState approval{kNow, {}, {}, {}};
            CHECK(follow_step(approval, at(s, 1), Profile{}, Goal::ready, {}) ==
                  FollowOutcome::failed);
            CHECK(approval.failure ==
                  "CI check build-pr waits for a maintainer to approve it (Actions tab → Approve "
                  "and run)");
            // A failed build in another required check wins over the approval, as in `ci`.
            (*s.checks)[1].conclusion = "failure";
            FollowState both{kNow, {}, {}, {}};
            CHECK(follow_step(both, at(s, 1), Profile{}, Goal::ready, {}) == FollowOutcome::failed);
            CHECK(both.failure == "CI check push-kustomize failed for the head commit");
        }

        FollowState state2{kNow, {}, {}, {}};
        auto missing = healthy_snapshot();
        missing.artifacts[0] = ArtifactProbe{missing.targets.artifacts[0], false, {}};
        CHECK(follow_step(state2, at(missing, 1), Profile{}, Goal::ready, {}) ==
              FollowOutcome::failed);
        CHECK(state2.failure.find("although CI passed") != std::string::npos);
    }

    TEST_CASE("once CI passed, a failed seed Job or an Application error ends up at once") {
        FollowState state{kNow, {}, {}, {}};
        auto s = healthy_snapshot();
        (*s.jobs)[0] = job("seed-test-events", "Failed");
        CHECK(follow_step(state, at(s, 1), Profile{}, Goal::ready, {}) == FollowOutcome::failed);
        CHECK(state.failure == "the seed Job seed-test-events failed");

        FollowState state2{kNow, {}, {}, {}};
        auto app_error = healthy_snapshot();
        (*app_error.applications)[1].conditions.push_back(
            cond("ComparisonError", "", "", "failed to load: oci pull"));
        CHECK(follow_step(state2, at(app_error, 1), Profile{}, Goal::ready, {}) ==
              FollowOutcome::failed);
        CHECK(state2.failure.find("failed to load: oci pull") != std::string::npos);

        // While CI still runs, the same error is the artifact not being pushed yet: wait.
        FollowState state3{kNow, {}, {}, {}};
        (*app_error.checks)[0].status = "in_progress";
        (*app_error.checks)[0].conclusion = "";
        CHECK(follow_step(state3, at(app_error, 1), Profile{}, Goal::ready, {}) ==
              FollowOutcome::waiting);
    }

    TEST_CASE("an artifact still missing while CI runs is only waiting") {
        FollowState state{kNow, {}, {}, {}};
        auto s = healthy_snapshot();
        (*s.checks)[0].status = "in_progress";
        (*s.checks)[0].conclusion = "";
        s.artifacts[0] = ArtifactProbe{s.targets.artifacts[0], false, {}};
        CHECK(follow_step(state, at(s, 1), Profile{}, Goal::ready, {}) == FollowOutcome::waiting);
    }

    TEST_CASE("a transient Degraded is tolerated for the grace period") {
        FollowState state{kNow, {}, {}, {}};
        FollowOptions options;
        options.degraded_grace_seconds = 60;
        auto s = healthy_snapshot();
        (*s.pods)[0].containers[0].state = "waiting";
        (*s.pods)[0].containers[0].reason = "CrashLoopBackOff";
        CHECK(follow_step(state, at(s, 10), Profile{}, Goal::ready, options) ==
              FollowOutcome::waiting);
        CHECK(follow_step(state, at(s, 69), Profile{}, Goal::ready, options) ==
              FollowOutcome::waiting);
        CHECK(follow_step(state, at(s, 70), Profile{}, Goal::ready, options) ==
              FollowOutcome::failed);
    }

    TEST_CASE("timeout names the phase it is stuck in") {
        FollowState state{kNow, {}, {}, {}};
        FollowOptions options;
        options.timeout_seconds = 30;
        CHECK(follow_step(state, at(waiting_for_argocd(), 31), Profile{}, Goal::ready, options) ==
              FollowOutcome::timed_out);
        CHECK(state.failure.find("waiting-for-argocd") != std::string::npos);
    }

    TEST_CASE("down reaches gone, or reports a namespace stuck Terminating") {
        FollowState state{kNow, {}, {}, {}};
        auto s = healthy_snapshot();
        s.pr->labels = {};
        (*s.namespace_state)->meta.deletion_timestamp = "2026-11-23T15:59:00Z";  // 60 s before kNow
        CHECK(follow_step(state, at(s, 0), Profile{}, Goal::gone, {}) == FollowOutcome::waiting);
        CHECK(follow_step(state, at(s, 61), Profile{}, Goal::gone, {}) == FollowOutcome::failed);
        CHECK(state.failure.find("Terminating") != std::string::npos);

        FollowState done{kNow, {}, {}, {}};
        remove_deployment(s);
        CHECK(follow_step(done, at(s, 5), Profile{}, Goal::gone, {}) == FollowOutcome::reached);
    }
}

TEST_SUITE("core::follow poll_needs") {
    TEST_CASE("a ready preview with green CI and its label needs no polling") {
        const auto needs = poll_needs(healthy_snapshot(), Profile{}, Goal::ready);
        CHECK_FALSE(needs.github);
        CHECK_FALSE(needs.url);
    }

    TEST_CASE("GitHub is polled while CI runs or the label is missing, for up") {
        SUBCASE("CI running") {
            auto s = healthy_snapshot();
            (*s.checks)[0].status = "in_progress";
            (*s.checks)[0].conclusion.clear();
            CHECK(poll_needs(s, Profile{}, Goal::ready).github);
        }
        SUBCASE("label missing") {
            auto s = healthy_snapshot();
            s.pr->labels.clear();
            CHECK(poll_needs(s, Profile{}, Goal::ready).github);
            CHECK_FALSE(poll_needs(s, Profile{}, Goal::gone).github);
        }
        SUBCASE("PR unreadable") {
            auto s = healthy_snapshot();
            s.pr = Error(ErrorKind::network, "down");
            CHECK(poll_needs(s, Profile{}, Goal::gone).github);
        }
    }

    TEST_CASE("down polls GitHub only while the label is still on") {
        CHECK(poll_needs(healthy_snapshot(), Profile{}, Goal::gone).github);
    }

    TEST_CASE("the URL is probed again only while deploying waits on it") {
        auto s = healthy_snapshot();
        s.url = UrlProbe{s.targets.health_url, 503, 4, {}};
        const Phase phase = phase_of(s, Profile{}).phase;
        CHECK(poll_needs(s, Profile{}, Goal::ready).url == (phase == Phase::deploying));
        CHECK(phase == Phase::deploying);
        CHECK_FALSE(poll_needs(s, Profile{}, Goal::gone).url);
    }
}
