#include "preview/core/follow.hpp"

#include "checks.hpp"
#include <fmt/format.h>

#include "preview/core/revision.hpp"
#include "preview/core/shell_quote.hpp"
#include "preview/core/unowned.hpp"

namespace preview {
namespace {

// `up` cannot succeed by waiting when the build itself is broken.
std::optional<std::string> build_broken(const Snapshot& s, const Profile& profile) {
    if (!s.checks.ok()) {
        return std::nullopt;
    }
    const auto required = required_checks_of(*s.checks, profile);
    if (const auto* check = stopping_check(required)) {
        return check_awaits_approval(*check)
                   ? fmt::format(
                         "CI check {} waits for a maintainer to approve it (Actions tab "
                         "→ Approve and run)",
                         check->prefix)
                   : fmt::format("CI check {} failed for the head commit", check->prefix);
    }
    if (overall_check_state(required) != CheckState::passed) {
        return std::nullopt;
    }
    for (const auto& artifact : s.artifacts) {
        if (artifact.ok() && !artifact->exists) {
            return fmt::format("{} is not in the registry although CI passed", artifact->reference);
        }
    }
    return std::nullopt;
}

// With the build done, these do not heal by waiting: a failed seed Job (it is never re-created)
// and an Application that reports an error.
std::optional<std::string> deployment_broken(const Snapshot& s) {
    if (s.jobs.ok()) {
        for (const auto& job : *s.jobs) {
            if (job.meta.name == s.targets.seed_job && job_state(job) == JobState::failed) {
                return fmt::format("the seed Job {} failed", job.meta.name);
            }
        }
    }
    if (s.applications.ok()) {
        for (const auto& app : *s.applications) {
            if (const auto* error = application_error(app)) {
                return fmt::format("Application {}: {}", app.meta.name, error->message);
            }
        }
    }
    return std::nullopt;
}

std::optional<std::int64_t> terminating_for(const Snapshot& s) {
    if (!s.namespace_state.ok() || !s.namespace_state->has_value()) {
        return std::nullopt;
    }
    const auto& ns = **s.namespace_state;
    if (ns.meta.deletion_timestamp.empty()) {
        return std::nullopt;
    }
    return age_of(s, ns.meta.deletion_timestamp);
}

}  // namespace

FollowOutcome follow_step(FollowState& state, const Snapshot& s, const Profile& profile, Goal goal,
                          const FollowOptions& options, std::optional<PhaseEvent>* entered) {
    const PhaseResult phase = phase_of(s, profile);
    const std::int64_t elapsed = s.now - state.started;
    if (state.events.empty() || state.events.back().phase != phase.phase) {
        state.events.push_back({phase.phase, phase.reason, elapsed});
        if (entered != nullptr) {
            *entered = state.events.back();
        }
    }

    if (goal == Goal::ready) {
        const auto revision = judge_revision(s, profile);
        if ((revision.verdict == RevisionVerdict::stale ||
             revision.verdict == RevisionVerdict::rolling) &&
            state.rolled_from.empty()) {
            state.rolled_from = revision.running_sha;
        }
        if (!revision.head_sha.empty()) {
            state.head_sha = revision.head_sha;
        }
        if (phase.phase == Phase::ready) {
            return FollowOutcome::reached;
        }
        if (s.pr.ok() && s.pr->state != "open") {
            state.failure = "the pull request was closed";
            return FollowOutcome::failed;
        }
        if (auto broken = build_broken(s, profile)) {
            state.failure = *broken;
            return FollowOutcome::failed;
        }
        const bool built = s.checks.ok() && overall_check_state(required_checks_of(
                                                *s.checks, profile)) == CheckState::passed;
        if (auto broken = built ? deployment_broken(s) : std::nullopt) {
            state.failure = *broken;
            return FollowOutcome::failed;
        }
        if (phase.phase == Phase::degraded) {
            if (!state.degraded_since) {
                state.degraded_since = s.now;
            }
            if (s.now - *state.degraded_since >= options.degraded_grace_seconds) {
                state.failure = fmt::format("degraded for {} s: {}", s.now - *state.degraded_since,
                                            phase.reason);
                return FollowOutcome::failed;
            }
        } else {
            state.degraded_since.reset();
        }
    } else {
        if (phase.phase == Phase::gone || phase.phase == Phase::not_requested) {
            return FollowOutcome::reached;
        }
        if (auto unowned = unowned_namespace(s)) {
            // No Application is left to prune it: waiting would only run into the timeout.
            state.failure = fmt::format(
                "no Application owns namespace {} any more, yet it still runs {}: Argo CD did not "
                "prune it (missing resources finalizer) and nothing else will remove it; delete "
                "it: {}",
                s.targets.namespace_name, unowned->counts,
                checks::needs_workload_kube(s, shell_command({"kubectl", "delete", "namespace",
                                                              s.targets.namespace_name})));
            return FollowOutcome::failed;
        }
        if (auto stuck = terminating_for(s); stuck && *stuck >= options.terminating_grace_seconds) {
            state.failure = fmt::format("namespace {} has been Terminating for {} s",
                                        s.targets.namespace_name, *stuck);
            return FollowOutcome::failed;
        }
    }
    if (elapsed >= options.timeout_seconds) {
        state.failure =
            fmt::format("still {} after {} s: {}", phase_name(phase.phase), elapsed, phase.reason);
        return FollowOutcome::timed_out;
    }
    return FollowOutcome::waiting;
}

PollNeeds poll_needs(const Snapshot& s, const Profile& profile, Goal goal) {
    PollNeeds needs;
    if (!s.pr.ok()) {
        needs.github = true;
        return needs;
    }
    const bool labelled = has_label(*s.pr, s.targets.label);
    if (goal == Goal::gone) {
        needs.github = labelled;
        return needs;
    }
    const CheckState checks = s.checks.ok()
                                  ? overall_check_state(required_checks_of(*s.checks, profile))
                                  : CheckState::missing;
    needs.github = !labelled || checks == CheckState::missing || checks == CheckState::running;
    const PhaseResult phase = phase_of(s, profile);
    needs.url = phase.phase == Phase::deploying && !s.targets.health_url.empty() &&
                (!s.url.ok() || !url_healthy(*s.url));
    return needs;
}

}  // namespace preview
