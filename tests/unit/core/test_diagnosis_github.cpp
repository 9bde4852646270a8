// The ci, artifacts, label, appset and image-pull checks on the catalogue's GitHub and
// ApplicationSet rows (failure-modes A1-A3, B1-B7).

#include "support/findings.hpp"
#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/diagnosis.hpp"
#include "preview/core/status.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

const std::string kImage =
    std::string("ghcr.io/stuttgart-things/homerun2-core-catcher:pr-42-") + kSha;

void without_artifacts(Snapshot& s) {
    s.artifacts.clear();
    for (const auto& ref : s.targets.artifacts) {
        s.artifacts.emplace_back(ArtifactProbe{ref, false, {}});
    }
}

// The image build failed (or is in `state`): no artifacts, core-catcher waits for its image.
Snapshot broken_build(std::string status, std::string conclusion) {
    auto s = healthy_snapshot();
    s.checks = std::vector<CheckRun>{
        check_run("build-pr / Build, Scan & Push Image", std::move(status), std::move(conclusion)),
        check_run("push-kustomize / Push kustomize base via Dagger", "completed", "success")};
    without_artifacts(s);
    (*s.pods)[0] = waiting_pod("homerun2-core-catcher-7d9f8-abcde", kImage, "ImagePullBackOff",
                               "Back-off pulling image");
    return s;
}

ApplicationSet& appset(Snapshot& s) {
    return **s.application_set;
}

}  // namespace

TEST_SUITE("core::diagnosis::github") {
    TEST_CASE("A1: merge conflicts explain the missing check runs, before any names guess") {
        auto s = healthy_snapshot();
        s.checks = std::vector<CheckRun>{};
        without_artifacts(s);
        s.pr->base_ref = "main";
        SUBCASE("dirty: ci fails with the merge fix; artifacts follow") {
            s.pr->mergeable_state = "dirty";
            const auto f = check(s, "ci", CheckStatus::fail);
            CHECK(has_evidence(f, "mergeable_state dirty"));
            CHECK(contains(f.cause, "merge conflicts with main (mergeable_state=dirty)"));
            CHECK(contains(f.cause, "does not run pull_request workflows"));
            CHECK(contains(f.fix, "merge or rebase main into the branch and push"));
            CHECK(check(s, "artifacts").status == CheckStatus::skip);
        }
        SUBCASE("dirty wins over other check runs that do exist") {
            s.pr->mergeable_state = "dirty";
            s.checks = std::vector<CheckRun>{check_run("lint", "completed", "success")};
            CHECK(contains(check(s, "ci").cause, "merge conflicts"));
        }
        SUBCASE("null mergeable_state is unknown: CI has not started") {
            const auto f = check(s, "ci", CheckStatus::warn);
            CHECK_FALSE(contains(f.cause, "merge conflicts"));
            CHECK(contains(f.cause, "CI has not started"));
        }
    }

    TEST_CASE("A2: action_required is an approval, not a failed build") {
        auto s = broken_build("completed", "action_required");
        SUBCASE("same repository: approve the run") {
            const auto f = check(s, "ci", CheckStatus::fail);
            CHECK(contains(f.cause,
                           "waits for a maintainer to approve it (Actions tab → "
                           "Approve and run)"));
            CHECK_FALSE(contains(f.cause, "fix the code"));
            CHECK(contains(f.fix, "approve and run it: https://github.com/"));
        }
        SUBCASE("a fork: even approved, it cannot push") {
            s.pr->from_fork = true;
            s.pr->head_repo = "someone/homerun2-core-catcher";
            const auto f = check(s, "ci");
            CHECK(has_evidence(f, "head from the fork someone/homerun2-core-catcher"));
            CHECK(contains(f.cause, "Approve and run"));
            CHECK(contains(f.cause,
                           "CI cannot push to ghcr.io from a fork PR: no secrets, "
                           "read-only token"));
            CHECK(contains(f.fix, "push the branch to the main repository"));
        }
    }

    TEST_CASE("A2: a Dependabot or fork PR whose build failed cannot push") {
        auto s = broken_build("completed", "failure");
        s.pr->author = "dependabot[bot]";
        const auto f = check(s, "ci", CheckStatus::fail);
        CHECK(contains(f.cause, "from a Dependabot PR"));
        CHECK(contains(f.fix, "push the branch to the main repository"));
        SUBCASE("green CI without tags: artifacts name the fork") {
            auto green = healthy_snapshot();
            without_artifacts(green);
            green.pr->from_fork = true;
            const auto a = check(green, "artifacts", CheckStatus::fail);
            CHECK(contains(a.cause, "from a fork PR"));
            CHECK(contains(a.fix, "push the branch to the main repository"));
        }
    }

    TEST_CASE("A3: check runs exist but none matches requiredChecks: their names are listed") {
        auto s = healthy_snapshot();
        s.checks = std::vector<CheckRun>{check_run("build-scan-image / ko", "completed", "success"),
                                         check_run("lint", "completed", "success")};
        const auto f = check(s, "ci", CheckStatus::fail);
        CHECK(contains(f.cause, "no check run starts with `build-pr`, `push-kustomize`"));
        CHECK(contains(f.cause, "the head SHA has: `build-scan-image / ko`, `lint`"));
        CHECK(contains(f.cause, "set github.requiredChecks"));
        SUBCASE("while one still runs it only warns") {
            (*s.checks)[1].status = "in_progress";
            CHECK(check(s, "ci").status == CheckStatus::warn);
        }
        SUBCASE("the list is bounded") {
            for (int i = 0; i < 20; ++i) {
                s.checks->push_back(check_run("job-" + std::to_string(i), "completed", "success"));
            }
            CHECK(contains(check(s, "ci").cause, "and 14 more"));
        }
    }

    TEST_CASE("image-pull names CI when the head's tag was never built") {
        SUBCASE("CI failed: the cause is CI's, the fix is the ci fix") {
            auto s = broken_build("completed", "failure");
            const auto ci = check(s, "ci");
            const auto f = check(s, "image-pull", CheckStatus::fail);
            CHECK(contains(f.cause, "was never built: build-pr failed (see ci)"));
            CHECK_FALSE(contains(f.cause, "unknown"));
            CHECK(f.fix == ci.fix);
        }
        SUBCASE("the image is not one of the profile's artifacts but names the head") {
            auto s = broken_build("completed", "failure");
            s.artifacts.clear();
            CHECK(contains(check(s, "image-pull").cause, "was never built"));
        }
        SUBCASE("CI still runs: a warning that names CI") {
            auto s = broken_build("in_progress", "");
            const auto f = check(s, "image-pull", CheckStatus::warn);
            CHECK(contains(f.cause, "is not built yet: build-pr still running (see ci)"));
        }
    }

    TEST_CASE("label: the ApplicationSet's own label filter") {
        auto s = healthy_snapshot();
        SUBCASE("all of the generator's labels are needed") {
            appset(s).pr_label_filters = {{"preview", "approved"}};
            const auto f = check(s, "label", CheckStatus::fail);
            CHECK(has_evidence(f, "generator labels: preview, approved"));
            CHECK(contains(f.summary, "\"approved\""));
            CHECK(contains(f.fix, "--add-label approved"));
            CHECK_FALSE(f.auto_fix);
        }
        SUBCASE("a generator spelled differently from the profile") {
            appset(s).pr_label_filters = {{"Preview"}};
            const auto f = check(s, "label", CheckStatus::fail);
            CHECK(contains(f.cause, "not on the profile's \"preview\" label"));
        }
        SUBCASE("matching filter passes; the profile's label alone is still auto-fixable") {
            appset(s).pr_label_filters = {{"preview"}};
            CHECK(check(s, "label").status == CheckStatus::pass);
            s.pr->labels.clear();
            const auto f = check(s, "label", CheckStatus::fail);
            CHECK(f.auto_fix);
            CHECK(f.fix_kind == FixKind::add_label);
        }
    }

    TEST_CASE("appset: causes, consequences and the spec") {
        auto s = healthy_snapshot();
        SUBCASE("B1 rate limit: no refresh fix, the refresh annotation explained (B6)") {
            appset(s).conditions[0] =
                cond("ErrorOccurred", "True", "ApplicationGenerationFromParamsError",
                     "403 API rate limit exceeded for user ID 1. [rate reset in 41m10s]");
            appset(s).meta.annotations["argocd.argoproj.io/application-set-refresh"] = "true";
            const auto f = check(s, "appset", CheckStatus::fail);
            CHECK(contains(f.cause, "for another 41m10s"));
            CHECK(has_evidence(f, "removes it only after generation succeeds"));
            CHECK_FALSE(f.auto_fix);
            CHECK_FALSE(contains(f.fix, "preview refresh"));
        }
        SUBCASE("B3 continueOnRepoNotFoundError and a labelled PR without Application") {
            appset(s).continue_on_repo_not_found = true;
            CHECK(check(s, "appset").status == CheckStatus::pass);
            s.applications = std::vector<Application>{};
            const auto f = check(s, "appset", CheckStatus::warn);
            CHECK(contains(f.cause, "deletes all previews"));
        }
        SUBCASE("B4 the real poll interval, Argo CD's default when absent") {
            CHECK(has_evidence(check(s, "appset"), "next poll within 1800 s"));
            appset(s).requeue_after_seconds = 300;
            CHECK(has_evidence(check(s, "appset"), "next poll within 300 s"));
            s.applications = std::vector<Application>{};
            CHECK(contains(check(s, "application").cause, "every 300 s"));
        }
        SUBCASE("B7 applicationsSync create-update keeps a closed PR's Applications") {
            appset(s).applications_sync = "create-update";
            CHECK(has_evidence(check(s, "appset"),
                               "applicationsSync: create-update (forbids "
                               "deletes)"));
            s.pr->state = "closed";
            const auto f = check(s, "appset", CheckStatus::fail);
            CHECK(contains(f.cause, "forbids deletes"));
            CHECK(f.fix == "kubectl -n argocd delete application homerun2-core-catcher-pr-42");
            appset(s).applications_sync = "create-delete";
            CHECK(check(s, "appset").status == CheckStatus::skip);
        }
    }

    TEST_CASE("status: a failed required check is a failed phase, not a warning") {
        auto s = broken_build("completed", "failure");
        const auto phase = phase_of(s, Profile{});
        CHECK(phase.phase == Phase::building);
        CHECK(phase.failed);
        CHECK_FALSE(phase_of(broken_build("in_progress", ""), Profile{}).failed);
    }
}
