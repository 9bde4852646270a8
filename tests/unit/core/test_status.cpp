#include <string>
#include <string_view>

#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/status.hpp"

using namespace preview;
using namespace preview::testing;

namespace {
Phase phase(const Snapshot& s) {
    return phase_of(s, Profile{}).phase;
}

/// `s` is in `expected`, for a reason that says `why`.
void check_phase(const Snapshot& s, Phase expected, std::string_view why) {
    const auto result = phase_of(s, Profile{});
    CHECK(result.phase == expected);
    CHECK_MESSAGE(result.reason.find(why) != std::string::npos, result.reason);
}
}  // namespace

TEST_SUITE("core::status") {
    TEST_CASE("a healthy preview is ready") {
        auto s = healthy_snapshot();
        auto result = phase_of(s, Profile{});
        CHECK(result.phase == Phase::ready);
        CHECK(phase_name(result.phase) == "ready");
    }

    TEST_CASE(
        "an open PR without the label is not requested, or tearing down if anything is left") {
        auto s = healthy_snapshot();
        s.pr->labels = {"dependencies"};
        CHECK(phase(s) == Phase::tearing_down);
        remove_deployment(s);
        check_phase(s, Phase::not_requested, "\"preview\" label");
    }

    TEST_CASE("a closed PR is gone once nothing is left") {
        auto s = healthy_snapshot();
        s.pr->state = "closed";
        s.pr->merged = true;
        CHECK(phase(s) == Phase::tearing_down);
        remove_deployment(s);
        check_phase(s, Phase::gone, "merged");
    }

    TEST_CASE("CI running, missing or failed means building") {
        auto s = healthy_snapshot();
        SUBCASE("running") {
            (*s.checks)[0].status = "in_progress";
            (*s.checks)[0].conclusion = "";
            CHECK(phase(s) == Phase::building);
            CHECK(phase_of(s, Profile{}).reason == "CI check build-pr is running");
        }
        SUBCASE("not started") {
            s.checks = std::vector<CheckRun>{};
            CHECK(phase(s) == Phase::building);
            CHECK(phase_of(s, Profile{}).reason == "CI check build-pr is not started");
        }
        SUBCASE("failed") {
            (*s.checks)[1].conclusion = "failure";
            CHECK(phase(s) == Phase::building);
            CHECK(phase_of(s, Profile{}).reason == "CI check push-kustomize failed");
        }
        SUBCASE("held for approval (A2): waits, still a failure mark; a real failure wins") {
            (*s.checks)[0].conclusion = "action_required";
            CHECK(phase_of(s, Profile{}).reason ==
                  "CI check build-pr waits for a maintainer to approve it");
            CHECK(phase_of(s, Profile{}).failed);
            (*s.checks)[1].conclusion = "failure";
            CHECK(phase_of(s, Profile{}).reason == "CI check push-kustomize failed");
        }
        SUBCASE("a failed check that is not required does not matter") {
            (*s.checks)[2].conclusion = "failure";
            CHECK(phase(s) == Phase::ready);
        }
    }

    TEST_CASE("an artifact missing from the registry means building") {
        auto s = healthy_snapshot();
        s.artifacts[1] = ArtifactProbe{s.targets.artifacts[1], false, {}};
        CHECK(phase(s) == Phase::building);
    }

    TEST_CASE("no parent Application yet means waiting for Argo CD") {
        auto s = healthy_snapshot();
        remove_deployment(s);
        CHECK(phase(s) == Phase::waiting_for_argocd);
    }

    TEST_CASE("errors in the deployed preview make it degraded") {
        auto s = healthy_snapshot();
        SUBCASE("application comparison error, quoted") {
            (*s.applications)[1].conditions.push_back(
                cond("ComparisonError", "", "", "failed to load: oci pull failed"));
            check_phase(s, Phase::degraded, "failed to load: oci pull failed");
        }
        SUBCASE("crash loop") {
            auto& c = (*s.pods)[0].containers[0];
            c.state = "waiting";
            c.reason = "CrashLoopBackOff";
            CHECK(phase(s) == Phase::degraded);
        }
        SUBCASE("route with unresolved refs") {
            (*s.routes)[0] = route("homerun2-core-catcher", false);
            CHECK(phase(s) == Phase::degraded);
        }
        SUBCASE("failed seed job") {
            (*s.jobs)[0] = job("seed-test-events", "Failed");
            CHECK(phase(s) == Phase::degraded);
        }
    }

    TEST_CASE("a preview still converging is deploying") {
        auto s = healthy_snapshot();
        SUBCASE("workload not available") {
            (*s.workloads)[0].available = 0;
            CHECK(phase(s) == Phase::deploying);
            CHECK(phase_of(s, Profile{}).reason ==
                  "Deployment homerun2-core-catcher has 0/1 available");
        }
        SUBCASE("external secret not ready") {
            (*s.external_secrets)[2] = external_secret("redis-stack-auth", false);
            CHECK(phase(s) == Phase::deploying);
        }
        SUBCASE("URL not answering") {
            s.url = UrlProbe{s.targets.health_url, 0, 0, "cannot resolve host"};
            CHECK(phase(s) == Phase::deploying);
        }
        SUBCASE("namespace missing") {
            s.namespace_state = std::optional<Namespace>();
            CHECK(phase(s) == Phase::deploying);
        }
    }

    TEST_CASE("a terminating namespace of a labelled PR is tearing down") {
        auto s = healthy_snapshot();
        (*s.namespace_state)->meta.deletion_timestamp = "2026-11-23T15:00:00Z";
        CHECK(phase(s) == Phase::tearing_down);
    }

    TEST_CASE("an unreadable PR leaves the phase unknown") {
        auto s = healthy_snapshot();
        s.pr = Error(ErrorKind::network, "cannot connect");
        CHECK(phase(s) == Phase::unknown);
    }

    TEST_CASE("required checks match by name prefix") {
        auto s = healthy_snapshot();
        auto required = required_checks_of(*s.checks, Profile{});
        REQUIRE(required.size() == 2);
        CHECK(required[0].runs.size() == 1);
        CHECK(overall_check_state(required) == CheckState::passed);
    }

    TEST_CASE("pod problems") {
        Pod pending;
        pending.phase = "Pending";
        pending.conditions.push_back(cond("PodScheduled", "False", "Unschedulable", "0/3 nodes"));
        REQUIRE(pod_problem(pending));
        CHECK(pod_problem(pending)->reason == "Unschedulable");
        auto ok = running_pod("a", "img");
        CHECK_FALSE(pod_problem(ok));
    }

    TEST_CASE("statefulsets without availableReplicas use ready") {
        auto w = workload("StatefulSet", "redis-stack-node", 1, 1);
        CHECK(workload_available(w));
        w.observed_generation = 1;
        w.meta.generation = 2;
        CHECK_FALSE(workload_available(w));
    }
}
