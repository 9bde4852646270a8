#include "preview/core/status_report.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "preview/core/argo_sync.hpp"
#include "preview/core/piece_verdicts.hpp"
#include "preview/core/route_claims.hpp"

namespace preview {
namespace {

template <class T>
bool unreadable(const Observed<T>& observed) {
    return !observed.ok() && !not_gathered(observed.error());
}

template <class T>
bool present(const Observed<std::optional<T>>& observed) {
    return observed.ok() && observed->has_value();
}

bool namespace_alive(const Snapshot& s) {
    return present(s.namespace_state) && (*s.namespace_state)->meta.deletion_timestamp.empty() &&
           (*s.namespace_state)->phase != "Terminating";
}

bool anything_deployed(const Snapshot& s) {
    const bool apps = s.applications.ok() && !s.applications->empty();
    return apps || present(s.namespace_state);
}

// The first reason the deployed preview is broken rather than still converging.
std::optional<std::string> degradation(const Snapshot& s) {
    if (s.applications.ok()) {
        for (const auto& app : *s.applications) {
            if (const auto* err = application_error(app)) {
                return fmt::format("Application {}: {}", app.meta.name, err->message);
            }
            if (app.health_status == "Degraded") {
                return fmt::format("Application {} is Degraded{}", app.meta.name,
                                   app.health_message.empty() ? "" : ": " + app.health_message);
            }
        }
    }
    if (s.pods.ok()) {
        for (const auto& pod : *s.pods) {
            if (auto problem = pod_problem(pod)) {
                return fmt::format("pod {} is {}", pod.meta.name, problem->reason);
            }
        }
    }
    if (s.jobs.ok()) {
        for (const auto& job : *s.jobs) {
            if (job_state(job) == JobState::failed) {
                return fmt::format("Job {} failed", job.meta.name);
            }
        }
    }
    if (s.routes.ok()) {
        for (const auto& route : *s.routes) {
            const auto state = route_state(route);
            if (state.reported && (!state.accepted || !state.resolved_refs)) {
                return fmt::format("HTTPRoute {}: {}", route.meta.name, state.message);
            }
        }
        // Both routes report Accepted, but the older one takes the hostname (F5): the URL serves
        // another app, whatever this preview's pods run.
        if (s.follow_up.cluster_routes.ok()) {
            for (const auto& claim : competing_claims(*s.routes, *s.follow_up.cluster_routes)) {
                if (claim.winner == ClaimWinner::theirs) {
                    return fmt::format(
                        "hostname {} is also claimed by HTTPRoute {}, which "
                        "receives the traffic (`preview doctor {}`)",
                        claim.hostname, claim.other, s.ref.number);
                }
            }
        }
    }
    return std::nullopt;
}

// The first thing a ready preview still lacks, among the pieces that were read.
std::optional<std::string> missing_for_ready(const Snapshot& s) {
    // A namespace this source cannot show is not absent: the workloads below speak for it, or
    // (`list` through the Argo CD API reads none) the Applications, whose Synced and Healthy
    // vouch for what they deployed into it.
    const bool ns_not_shown = !s.namespace_state.ok() && not_gathered(s.namespace_state.error());
    if (!present(s.namespace_state) && !ns_not_shown) {
        return fmt::format("namespace {} does not exist yet", s.targets.namespace_name);
    }
    if (s.applications.ok()) {
        for (const auto& app : *s.applications) {
            // Drift only in server-defaulted fields (C4) is not "still syncing".
            if ((app.sync_status != "Synced" && !cosmetic_drift(app)) ||
                app.health_status != "Healthy") {
                return fmt::format("Application {} is {}/{}", app.meta.name,
                                   app.sync_status.empty() ? "Unknown" : app.sync_status,
                                   app.health_status.empty() ? "Unknown" : app.health_status);
            }
        }
    }
    if (s.workloads.ok()) {
        if (s.workloads->empty()) {
            return std::string("no workloads in the namespace yet");
        }
        for (const auto& w : *s.workloads) {
            if (!workload_available(w)) {
                return fmt::format("{} {} has {}/{} available", w.kind, w.meta.name, w.available,
                                   w.desired);
            }
        }
    }
    if (s.external_secrets.ok()) {
        for (const auto& es : *s.external_secrets) {
            if (!external_secret_ready(es)) {
                return fmt::format("ExternalSecret {} is not Ready", es.meta.name);
            }
        }
    }
    if (s.routes.ok()) {
        for (const auto& route : *s.routes) {
            const auto state = route_state(route);
            if (!state.accepted || !state.resolved_refs) {
                return fmt::format("HTTPRoute {}: {}", route.meta.name, state.message);
            }
        }
    }
    if (!s.targets.health_url.empty() && !(!s.url.ok() && not_gathered(s.url.error()))) {
        if (!s.url.ok()) {
            return fmt::format("{} could not be probed", s.targets.health_url);
        }
        if (!url_healthy(*s.url)) {
            return s.url->http_status != 0
                       ? fmt::format("{} answers HTTP {}", s.url->url, s.url->http_status)
                       : fmt::format("{} does not answer: {}", s.url->url, s.url->error);
        }
    }
    return std::nullopt;
}

// A piece `ready` depends on that could not be read: ready cannot be claimed without it.
std::optional<std::string> unknown_for_ready(const StatusReport& r) {
    static constexpr std::string_view kNeeded[] = {"workloads", "pods", "externalSecrets", "jobs",
                                                   "routes"};
    for (const auto& u : r.unknowns) {
        if (std::find(std::begin(kNeeded), std::end(kNeeded), u.piece) != std::end(kNeeded)) {
            return fmt::format("cannot tell whether it is ready: {}", u.note);
        }
    }
    return std::nullopt;
}

// Argo CD shows nothing while the workload cluster shows a living preview: the two cannot both
// be right, and the usual explanation is that preview looks at the wrong Argo CD.
std::string contradiction_of(const Snapshot& s) {
    const bool serves = s.url.ok() && url_healthy(*s.url);
    const bool ns = namespace_alive(s);
    // A namespace the workload cluster says is absent agrees with Argo CD, whatever answers the
    // URL (a catch-all route); the URL alone speaks only when the namespace could not be read.
    if (!ns && !(serves && !s.namespace_state.ok())) {
        return {};
    }
    const bool no_appset = s.application_set.ok() && !s.application_set->has_value();
    std::string alive;
    if (ns) {
        alive = fmt::format("namespace {} exists", s.targets.namespace_name);
    }
    if (serves) {
        alive += fmt::format("{}{} answers HTTP {}", alive.empty() ? "" : " and ", s.url->url,
                             s.url->http_status);
    }
    return fmt::format(
        "Argo CD shows no Application {}{} in namespace {}, yet {}: probably the wrong Argo CD "
        "cluster or namespace (check --argocd-context, argocd.context and argocd.namespace)",
        s.targets.application,
        no_appset ? fmt::format(" and no ApplicationSet {}", s.targets.application_set) : "",
        s.targets.argocd_namespace, alive);
}

// What the cluster shows, for a preview whose PR could not be read.
std::string deployed_facts(const Snapshot& s) {
    if (unreadable(s.applications) && unreadable(s.namespace_state)) {
        return "the clusters could not be read either";
    }
    if (parent_application(s) != nullptr) {
        if (auto why = degradation(s)) {
            return "its environment is degraded: " + *why;
        }
        if (auto why = missing_for_ready(s)) {
            return "its environment is deploying: " + *why;
        }
        return "its environment is up";
    }
    if (present(s.namespace_state)) {
        return fmt::format("namespace {} exists without an Application", s.targets.namespace_name);
    }
    return "nothing of its preview exists";
}

PhaseResult phase_of_report(const Snapshot& s, const Profile& profile, PrStanding standing,
                            StatusReport& r) {
    if (standing == PrStanding::not_listed || !s.pr.ok()) {
        if (standing == PrStanding::from_snapshot) {
            // Without the PR, open/labelled/merged is unknown: say so, with what is deployed.
            return {Phase::unknown, fmt::format("the PR's state is unknown ({}); {}",
                                                s.pr.error().message, deployed_facts(s))};
        }
        const std::string why =
            s.targets.label.empty()
                ? std::string("no open pull request matches the ApplicationSet's generator")
                : fmt::format("no open pull request carries the \"{}\" label", s.targets.label);
        if (present(s.namespace_state) && !namespace_alive(s)) {
            return {Phase::tearing_down,
                    fmt::format("namespace {} is terminating", s.targets.namespace_name)};
        }
        if (anything_deployed(s)) {
            return {Phase::tearing_down, why + "; Argo CD should remove what is left"};
        }
        return {Phase::gone, why + " and nothing of its preview is left"};
    }
    const PullRequest& pr = *s.pr;
    const bool open = pr.state == "open";
    const bool labelled = has_label(pr, s.targets.label);

    if (!open || !labelled) {
        const std::string why = !open ? (pr.merged ? "the PR is merged" : "the PR is closed")
                                      : fmt::format("the PR has no \"{}\" label", s.targets.label);
        if (anything_deployed(s)) {
            return {Phase::tearing_down, why + "; its environment is being removed"};
        }
        if (!open) {
            for (const auto& u : r.unknowns) {
                if (u.piece == "applications" || u.piece == "namespace") {
                    return {
                        Phase::unknown,
                        fmt::format("{}; whether its preview is gone is unknown: {}", why, u.note)};
                }
            }
            return {Phase::gone, why + " and nothing of its preview is left"};
        }
        return {Phase::not_requested, why};
    }

    const auto* parent = parent_application(s);
    const bool ns_terminating =
        present(s.namespace_state) && !(*s.namespace_state)->meta.deletion_timestamp.empty();
    if (ns_terminating || (parent != nullptr && !parent->meta.deletion_timestamp.empty())) {
        return {Phase::tearing_down, "the environment is being deleted"};
    }

    if (s.checks.ok()) {
        const auto required = required_checks_of(*s.checks, profile);
        if (const auto* check = stopping_check(required)) {
            const char* why =
                check_awaits_approval(*check) ? "waits for a maintainer to approve it" : "failed";
            return {Phase::building, fmt::format("CI check {} {}", check->prefix, why), true};
        }
        for (const auto& check : required) {
            if (check.state != CheckState::passed) {
                return {
                    Phase::building,
                    fmt::format("CI check {} is {}", check.prefix,
                                check.state == CheckState::running ? "running" : "not started")};
            }
        }
    }
    for (const auto& artifact : s.artifacts) {
        if (artifact.ok() && !artifact->exists) {
            return {Phase::building,
                    fmt::format("{} is not in the registry yet", artifact->reference)};
        }
    }

    if (parent == nullptr) {
        if (!s.applications.ok()) {
            return {Phase::unknown,
                    fmt::format("cannot tell whether Application {} exists: {}",
                                s.targets.application, s.applications.error().message)};
        }
        r.contradiction = contradiction_of(s);
        if (!r.contradiction.empty()) {
            return {Phase::unknown, r.contradiction};
        }
        return {Phase::waiting_for_argocd,
                fmt::format("Application {} does not exist yet", s.targets.application)};
    }
    if (auto why = degradation(s)) {
        return {Phase::degraded, *why};
    }
    if (unreadable(s.namespace_state)) {
        // Unreadable is not absent: "does not exist yet" would send the user the wrong way.
        return {Phase::unknown,
                fmt::format("cannot tell whether namespace {} exists: {}", s.targets.namespace_name,
                            s.namespace_state.error().message)};
    }
    // Ready means the PR head serves: the old commit answering 200 is not ready.
    if (r.stale()) {
        return {Phase::deploying, stale_reason(s, r.revision)};
    }
    if (auto why = missing_for_ready(s)) {
        return {Phase::deploying, *why};
    }
    if (auto why = unknown_for_ready(r)) {
        return {Phase::unknown, *why};
    }
    return {Phase::ready, "everything is up"};
}

}  // namespace

std::string_view piece_state_name(PieceState state) {
    switch (state) {
        case PieceState::ok:
            return "ok";
        case PieceState::pending:
            return "pending";
        case PieceState::failing:
            return "failing";
        case PieceState::absent:
            return "absent";
        case PieceState::unknown:
            return "unknown";
        case PieceState::not_gathered:
            return "not-gathered";
    }
    return "unknown";
}

bool not_gathered(const Error& error) {
    return error.not_gathered;  // typed: a server's reason string can never spell it
}

bool StatusReport::stale() const {
    return revision.verdict == RevisionVerdict::stale ||
           revision.verdict == RevisionVerdict::rolling;
}

StatusReport status_report_of(const Snapshot& s, const Profile& profile, PrStanding standing) {
    StatusReport r;
    r.revision = judge_revision(s, profile);
    r.verdicts = piece_verdicts(s, profile);
    for (const auto& v : r.verdicts) {
        if (v.state == PieceState::unknown) {
            r.unknowns.push_back(v);
        }
    }
    auto [phase, reason, failed] = phase_of_report(s, profile, standing, r);
    r.phase = phase;
    r.reason = std::move(reason);
    r.failed = failed;
    r.timeline = timeline_of(s, {s.targets.label, false});
    return r;
}

}  // namespace preview
