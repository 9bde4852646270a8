#include "preview/core/status.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "preview/core/status_report.hpp"
#include "preview/core/time.hpp"

namespace preview {

std::string_view phase_name(Phase phase) {
    switch (phase) {
        case Phase::not_requested:
            return "not-requested";
        case Phase::building:
            return "building";
        case Phase::waiting_for_argocd:
            return "waiting-for-argocd";
        case Phase::deploying:
            return "deploying";
        case Phase::ready:
            return "ready";
        case Phase::degraded:
            return "degraded";
        case Phase::tearing_down:
            return "tearing-down";
        case Phase::gone:
            return "gone";
        case Phase::unknown:
            return "unknown";
    }
    return "unknown";
}

std::string_view check_state_name(CheckState state) {
    switch (state) {
        case CheckState::passed:
            return "passed";
        case CheckState::running:
            return "running";
        case CheckState::missing:
            return "missing";
        case CheckState::failed:
            return "failed";
    }
    return "missing";
}

bool check_run_failed(const CheckRun& run) {
    if (run.status != "completed") {
        return false;
    }
    return run.conclusion != "success" && run.conclusion != "neutral" &&
           run.conclusion != "skipped";
}

bool check_awaits_approval(const RequiredCheck& check) {
    return check.state == CheckState::failed &&
           std::all_of(check.runs.begin(), check.runs.end(), [](const CheckRun* run) {
               return !check_run_failed(*run) || run->conclusion == "action_required";
           });
}

const RequiredCheck* stopping_check(const std::vector<RequiredCheck>& required) {
    const RequiredCheck* held = nullptr;
    for (const auto& check : required) {
        if (check.state != CheckState::failed) {
            continue;
        }
        if (!check_awaits_approval(check)) {
            return &check;
        }
        held = held != nullptr ? held : &check;
    }
    return held;
}

bool is_required_check(const CheckRun& run, const Profile& profile) {
    return std::any_of(profile.required_checks.begin(), profile.required_checks.end(),
                       [&](const std::string& prefix) { return run.name.starts_with(prefix); });
}

std::vector<RequiredCheck> required_checks_of(const std::vector<CheckRun>& runs,
                                              const Profile& profile) {
    std::vector<RequiredCheck> result;
    for (const auto& prefix : profile.required_checks) {
        RequiredCheck check{prefix, CheckState::missing, {}};
        for (const auto& run : runs) {
            if (run.name.starts_with(prefix)) {
                check.runs.push_back(&run);
            }
        }
        if (!check.runs.empty()) {
            const bool failed = std::any_of(check.runs.begin(), check.runs.end(),
                                            [](const CheckRun* r) { return check_run_failed(*r); });
            const bool running =
                std::any_of(check.runs.begin(), check.runs.end(),
                            [](const CheckRun* r) { return r->status != "completed"; });
            check.state =
                failed ? CheckState::failed : (running ? CheckState::running : CheckState::passed);
        }
        result.push_back(std::move(check));
    }
    return result;
}

CheckState overall_check_state(const std::vector<RequiredCheck>& checks) {
    auto has = [&](CheckState s) {
        return std::any_of(checks.begin(), checks.end(),
                           [&](const RequiredCheck& c) { return c.state == s; });
    };
    if (has(CheckState::failed)) {
        return CheckState::failed;
    }
    if (has(CheckState::running)) {
        return CheckState::running;
    }
    if (has(CheckState::missing)) {
        return CheckState::missing;
    }
    return CheckState::passed;
}

bool has_label(const PullRequest& pr, std::string_view label) {
    // No gate label: a PullRequest generator without a label filter takes every open PR.
    return label.empty() || std::find(pr.labels.begin(), pr.labels.end(), label) != pr.labels.end();
}

const Application* parent_application(const Snapshot& snapshot) {
    if (!snapshot.applications.ok()) {
        return nullptr;
    }
    for (const auto& app : *snapshot.applications) {
        if (app.meta.name == snapshot.targets.application) {
            return &app;
        }
    }
    return nullptr;
}

const Condition* find_condition(const std::vector<Condition>& conditions, std::string_view type) {
    for (const auto& c : conditions) {
        if (c.type == type) {
            return &c;
        }
    }
    return nullptr;
}

const Condition* application_error(const Application& app) {
    for (const auto& c : app.conditions) {
        // Argo CD names every error condition "...Error"; warnings end in "Warning".
        if (c.type.ends_with("Error")) {
            return &c;
        }
    }
    return nullptr;
}

bool workload_available(const Workload& w) {
    if (w.observed_generation != 0 && w.observed_generation < w.meta.generation) {
        return false;
    }
    if (w.desired == 0) {
        return true;
    }
    if (w.kind == "StatefulSet") {
        return w.ready >= w.desired && w.available >= w.desired;
    }
    return w.available >= w.desired && w.updated >= w.desired;
}

std::optional<PodProblem> pod_problem(const Pod& pod) {
    static constexpr std::string_view kStuckReasons[] = {
        "CrashLoopBackOff",     "ImagePullBackOff",  "ErrImagePull",
        "InvalidImageName",     "ErrImageNeverPull", "CreateContainerConfigError",
        "CreateContainerError", "RunContainerError"};
    for (const auto& c : pod.containers) {
        if (c.state != "waiting") {
            continue;
        }
        if (std::find(std::begin(kStuckReasons), std::end(kStuckReasons), c.reason) !=
            std::end(kStuckReasons)) {
            return PodProblem{c.name, c.reason, c.message, c.image};
        }
    }
    if (pod.phase == "Pending") {
        if (const auto* sched = find_condition(pod.conditions, "PodScheduled");
            sched != nullptr && sched->status == "False") {
            return PodProblem{
                {}, sched->reason.empty() ? "Unschedulable" : sched->reason, sched->message, {}};
        }
    }
    if (pod.phase == "Failed") {
        return PodProblem{{}, "Failed", {}, {}};
    }
    return std::nullopt;
}

bool external_secret_ready(const ExternalSecret& secret) {
    const auto* ready = find_condition(secret.conditions, "Ready");
    return ready != nullptr && ready->status == "True";
}

JobState job_state(const Job& job) {
    for (const auto& c : job.conditions) {
        if (c.status != "True") {
            continue;
        }
        if (c.type == "Complete" || c.type == "SuccessCriteriaMet") {
            return JobState::complete;
        }
        if (c.type == "Failed" || c.type == "FailureTarget") {
            return JobState::failed;
        }
    }
    return JobState::running;
}

std::string_view job_state_name(JobState state) {
    switch (state) {
        case JobState::running:
            return "running";
        case JobState::complete:
            return "complete";
        case JobState::failed:
            return "failed";
    }
    return "running";
}

RouteState route_state(const HttpRoute& route) {
    RouteState state;
    state.reported = !route.parents.empty();
    state.accepted = state.reported;
    state.resolved_refs = state.reported;
    for (const auto& parent : route.parents) {
        const auto* accepted = find_condition(parent.conditions, "Accepted");
        const auto* resolved = find_condition(parent.conditions, "ResolvedRefs");
        const bool a = accepted != nullptr && accepted->status == "True";
        const bool r = resolved != nullptr && resolved->status == "True";
        state.accepted = state.accepted && a;
        state.resolved_refs = state.resolved_refs && r;
        const Condition* bad = !a ? accepted : (!r ? resolved : nullptr);
        if (state.message.empty() && bad != nullptr) {
            state.message = bad->message.empty()
                                ? fmt::format("{} {}", bad->type, bad->reason)
                                : fmt::format("{} {}: {}", bad->type, bad->reason, bad->message);
        }
    }
    if (!state.reported) {
        state.message = "no gateway controller has reported on it yet";
    }
    return state;
}

bool url_healthy(const UrlProbe& probe) {
    return probe.http_status >= 200 && probe.http_status < 300;
}

std::optional<std::int64_t> age_of(const Snapshot& snapshot, std::string_view timestamp) {
    const auto t = parse_rfc3339(timestamp);
    if (!t) {
        return std::nullopt;
    }
    return snapshot.now - *t;
}

PhaseResult phase_of(const Snapshot& s, const Profile& profile) {
    auto report = status_report_of(s, profile);
    return {report.phase, std::move(report.reason), report.failed};
}

}  // namespace preview
