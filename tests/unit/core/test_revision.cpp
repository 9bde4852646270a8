#include "support/findings.hpp"
#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/diagnosis.hpp"
#include "preview/core/follow.hpp"
#include "preview/core/revision.hpp"
#include "preview/core/status.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

constexpr const char* kOld = "fedcba9876543210fedcba9876543210fedcba98";
const std::string kImage = "ghcr.io/stuttgart-things/homerun2-core-catcher:pr-42-";

// PR 42 was ready at kOld; then a push moved its head to kSha, CI is green and tagged.
Snapshot pushed_after_ready() {
    Snapshot s = healthy_snapshot();
    (*s.pods)[0] = running_pod("homerun2-core-catcher-6c5b4-zyxwv", kImage + kOld);
    s.url->version = std::string("pr-42-") + kOld;
    s.url->commit = kOld;
    auto& parent = (*s.applications)[0];
    parent.helm_values = {{"valuesObject.coreCatcher.version", std::string("pr-42-") + kOld},
                          {"valuesObject.coreCatcher.hostname", "cc-pr-42.example"}};
    auto& child = (*s.applications)[1];
    child.source_repo = "oci://ghcr.io/stuttgart-things/homerun2-core-catcher-kustomize";
    child.source_revision = std::string("pr-42-") + kOld;
    child.summary_images = {kImage + kOld};
    return s;
}

// The AppSet polled: every Application asks for the head; the pods still roll.
Snapshot rolling_out() {
    Snapshot s = pushed_after_ready();
    auto& parent = (*s.applications)[0];
    parent.helm_values[0].value = std::string("pr-42-") + kSha;
    auto& child = (*s.applications)[1];
    child.source_revision = std::string("pr-42-") + kSha;
    child.summary_images = {kImage + kSha};
    Pod fresh = running_pod("homerun2-core-catcher-7d9f8-abcde", kImage + kSha);
    fresh.phase = "Pending";
    fresh.ready = false;
    fresh.containers.clear();
    fresh.images = {kImage + kSha};
    s.pods->push_back(fresh);
    return s;
}

}  // namespace

TEST_SUITE("core::revision") {
    TEST_CASE("commits match by prefix of at least 7 hex digits") {
        CHECK(same_commit(kSha, kSha));
        CHECK(same_commit("0123456", kSha));
        CHECK(same_commit(kSha, "01234567"));
        CHECK_FALSE(same_commit("012345", kSha));  // too short to mean anything
        CHECK_FALSE(same_commit(kOld, kSha));
        CHECK_FALSE(same_commit("", kSha));
        CHECK_FALSE(same_commit("main", "main"));
        CHECK(short_commit(kSha) == "01234567");
    }

    TEST_CASE("pr-N-<sha> is found only for this PR's number") {
        CHECK(pr_tag_sha("ghcr.io/x:pr-42-0123456789", 42) == "0123456789");
        CHECK(pr_tag_sha("pr-42-0123abc", 42) == "0123abc");
        CHECK_FALSE(pr_tag_sha("pr-142-0123456789", 42).has_value());
        CHECK_FALSE(pr_tag_sha("pr-42-0123", 42).has_value());           // short
        CHECK_FALSE(pr_tag_sha("pr-42-0123456789xyz", 42).has_value());  // not a tag boundary
        CHECK_FALSE(pr_tag_sha("pr-42", 42).has_value());
        CHECK_FALSE(pr_tag_sha("v1.11.1", 42).has_value());
    }

    TEST_CASE("a healthy preview runs its head") {
        const auto j = judge_revision(healthy_snapshot(), Profile{});
        CHECK(j.verdict == RevisionVerdict::head);
        CHECK(j.running_sha == kSha);
        REQUIRE(j.evidence.size() == 1);
        CHECK(j.evidence[0].source == RevisionSource::pod_image);
        CHECK(phase_of(healthy_snapshot(), Profile{}).phase == Phase::ready);
    }

    TEST_CASE("no evidence names a commit: cannot tell, never pass") {
        Snapshot s = healthy_snapshot();
        for (auto& pod : *s.pods) {
            pod.containers[0].image = "ghcr.io/stuttgart-things/homerun2-omni-pitcher:v1.11.1";
        }
        const auto j = judge_revision(s, Profile{});
        CHECK(j.verdict == RevisionVerdict::unknown);
        CHECK_FALSE(j.why_unknown.empty());
        const auto f = check(s, "revision", CheckStatus::skip);
        CHECK(contains(f.summary, "cannot tell"));
        SUBCASE("pods unreadable and nothing else: skip too") {
            s.pods = Snapshot::not_read("forbidden");
            CHECK(judge_revision(s, Profile{}).verdict == RevisionVerdict::unknown);
            CHECK(check(s, "revision").status == CheckStatus::skip);
        }
    }

    TEST_CASE("a push after ready: stale until the ApplicationSet polls") {
        const Snapshot s = pushed_after_ready();
        const auto j = judge_revision(s, Profile{});
        CHECK(j.verdict == RevisionVerdict::stale);
        CHECK(j.running_sha == kOld);
        CHECK(j.head_sha == kSha);
        // pod image, parent values, child targetRevision, summary images, /health version
        CHECK(j.evidence.size() == 5);
        for (const auto& e : j.evidence) {
            CHECK_FALSE(e.head);
        }
        const auto phase = phase_of(s, Profile{});
        CHECK(phase.phase == Phase::deploying);
        CHECK(phase.reason ==
              "runs fedcba98, PR head is 01234567: the ApplicationSet has not picked up the push "
              "yet");
        const auto f = check(s, "revision", CheckStatus::fail);
        CHECK(f.fix == "preview refresh");
        CHECK(f.auto_fix);
        CHECK(f.fix_kind == FixKind::refresh_application_set);
        CHECK(has_evidence(f, "spec.source.helm.valuesObject.coreCatcher.version"));
        CHECK(has_evidence(f, "PR head 0123456789abcdef"));
        CHECK(contains(f.cause, "1800 s"));  // requeueAfterSeconds absent: the 30 min default
    }

    TEST_CASE("short commits from /health count by prefix") {
        Snapshot s = healthy_snapshot();
        s.pods = std::vector<Pod>{};
        s.url->commit = "0123456";
        CHECK(judge_revision(s, Profile{}).verdict == RevisionVerdict::head);
        s.url->commit = "fedcba9";
        CHECK(judge_revision(s, Profile{}).verdict == RevisionVerdict::stale);
        SUBCASE("the version names the tag and wins over a merge-commit `commit`") {
            s.url->version = std::string("pr-42-") + kSha;
            CHECK(judge_revision(s, Profile{}).verdict == RevisionVerdict::head);
        }
    }

    TEST_CASE("after the poll: rolling out, a warning, still deploying") {
        const Snapshot s = rolling_out();
        const auto j = judge_revision(s, Profile{});
        CHECK(j.verdict == RevisionVerdict::rolling);
        CHECK(j.running_sha == kOld);
        const auto phase = phase_of(s, Profile{});
        CHECK(phase.phase == Phase::deploying);
        CHECK(contains(phase.reason, "runs fedcba98, PR head is 01234567: rolling out"));
        CHECK(check(s, "revision").status == CheckStatus::warn);
    }

    TEST_CASE("the causes that are not a missing poll") {
        Snapshot s = pushed_after_ready();
        SUBCASE("an applicationsSync policy that forbids updates") {
            (*s.application_set)->applications_sync = "create-only";
            const auto f = check(s, "revision", CheckStatus::fail);
            CHECK(contains(f.cause, "create-only"));
            CHECK_FALSE(f.auto_fix);
            CHECK(contains(phase_of(s, Profile{}).reason, "create-only"));
        }
        SUBCASE("a generation error") {
            (*s.application_set)->conditions[0] =
                cond("ErrorOccurred", "True", "ApplicationValidationError", "duplicate name");
            const auto f = check(s, "revision", CheckStatus::fail);
            CHECK(contains(f.cause, "see the appset check"));
        }
        SUBCASE("a failed sync of the new revision") {
            s = rolling_out();
            (*s.applications)[1].conditions = {
                cond("ComparisonError", "", "", "Manifest generation error (cached)")};
            const auto j = judge_revision(s, Profile{});
            CHECK(explain_stale(s, j).cause == StaleCause::sync_failed);
        }
        SUBCASE("the head's CI still runs: skip, ci says why") {
            (*s.checks)[0].status = "in_progress";
            (*s.checks)[0].conclusion = "";
            const auto f = check(s, "revision", CheckStatus::skip);
            CHECK(contains(f.summary, "ci check"));
            CHECK(phase_of(s, Profile{}).phase == Phase::building);
        }
    }

    TEST_CASE("up follows a stale preview until the head runs and says where it rolled from") {
        FollowState state;
        state.started = kNow;
        FollowOptions options;
        Snapshot s = pushed_after_ready();
        CHECK(follow_step(state, s, Profile{}, Goal::ready, options) == FollowOutcome::waiting);
        s = rolling_out();
        s.now += 10;
        CHECK(follow_step(state, s, Profile{}, Goal::ready, options) == FollowOutcome::waiting);
        s = healthy_snapshot();
        s.now += 20;
        CHECK(follow_step(state, s, Profile{}, Goal::ready, options) == FollowOutcome::reached);
        CHECK(state.rolled_from == kOld);
    }
}
