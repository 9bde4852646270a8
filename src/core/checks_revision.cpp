// The `revision` check: does the preview run the PR's head commit (failure-modes C2)?

#include "checks.hpp"
#include <fmt/format.h>

#include "preview/core/revision.hpp"

namespace preview::checks {
namespace {

std::vector<std::string> evidence_lines(const Snapshot& s, const RevisionJudgement& j) {
    std::vector<std::string> lines;
    std::string head = fmt::format("PR head {}", j.head_sha);
    if (s.pr.ok() && !s.pr->updated_at.empty()) {
        // The snapshot has no push time of its own; the PR's updated_at is the closest bound.
        // An absolute time, so the same facts give the same evidence on every run.
        head += fmt::format(" (PR last updated at {})", s.pr->updated_at);
    }
    lines.push_back(std::move(head));
    for (const auto& e : j.evidence) {
        lines.push_back(fmt::format("{} {}: {} -> {} ({})", e.object, e.field, e.value,
                                    short_commit(e.sha), e.head ? "the head" : "not the head"));
    }
    return lines;
}

std::string next_poll(const Snapshot& s) {
    if (!s.application_set.ok() || !s.application_set->has_value()) {
        return {};
    }
    const auto requeue = (*s.application_set)->requeue_after_seconds;
    // Argo CD's DefaultPullRequestRequeueAfter is 30 min when requeueAfterSeconds is absent.
    return fmt::format("; on its own it polls every {} s{}", requeue > 0 ? requeue : 1800,
                       requeue > 0 ? "" : " (requeueAfterSeconds not set: the 30 min default)");
}

}  // namespace

Finding check_revision(const Context& c) {
    if (auto gate = requested_gate(c)) {
        return skip(*gate);
    }
    if (parent_application(c.s) == nullptr) {
        return skip("no Application yet; follows from the application check");
    }
    // Until the head's build is done there is nothing newer to run: ci/artifacts say why.
    if (const auto ci = ci_state(c); ci && *ci != CheckState::passed) {
        return skip("the head's CI has not passed yet; see the ci check");
    }
    if (!missing_artifacts(c.s).empty()) {
        return skip("the head's artifacts are not in the registry yet; see the artifacts check");
    }
    const auto j = judge_revision(c.s, c.profile);
    if (j.verdict == RevisionVerdict::unknown) {
        return skip(fmt::format("cannot tell which commit runs: {}", j.why_unknown));
    }
    auto evidence = evidence_lines(c.s, j);
    if (j.verdict == RevisionVerdict::head) {
        return pass(fmt::format("runs the PR head {}", short_commit(j.head_sha)),
                    std::move(evidence));
    }
    const std::string summary = fmt::format("runs {}, PR head is {}", short_commit(j.running_sha),
                                            short_commit(j.head_sha));
    const auto why = explain_stale(c.s, j);
    switch (why.cause) {
        case StaleCause::rolling_out:
            return warn(summary + " (rolling out)", std::move(evidence),
                        "Argo CD is rolling out the head: the new pods are not all Ready yet, so "
                        "the previous commit still answers; see workloads if it does not finish");
        case StaleCause::sync_failed:
            return fail(summary, std::move(evidence),
                        why.text +
                            " (see the application check); the previous commit keeps "
                            "serving meanwhile");
        case StaleCause::appset_error:
            return fail(summary, std::move(evidence),
                        why.text + " (see the appset check); the previous commit keeps serving");
        case StaleCause::sync_policy:
            return fail(
                summary, std::move(evidence),
                why.text + "; new head commits are never written to the preview",
                c.argocd().edit_application_set(c.argocd_ns(), c.s.targets.application_set));
        case StaleCause::appset_not_polled:
            break;
    }
    return with_auto_fix(
        fail(summary, std::move(evidence),
             "the ApplicationSet has not polled GitHub since the push, so the preview still runs "
             "the previous commit while the URL answers" +
                 next_poll(c.s),
             refresh_command(c.s.targets)),
        FixKind::refresh_application_set, {c.s.targets.application_set});
}

}  // namespace preview::checks
