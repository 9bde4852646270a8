#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/profile.hpp"
#include "preview/core/snapshot.hpp"

/// The status model: pure judgements over a Snapshot, shared by status, doctor, up and down.
namespace preview {

/// Design §5. `unknown` only when the pull request itself could not be read.
enum class Phase {
    not_requested,
    building,
    waiting_for_argocd,
    deploying,
    ready,
    degraded,
    tearing_down,
    gone,
    unknown,
};

/// "not-requested", "waiting-for-argocd", ...
std::string_view phase_name(Phase phase);

/// The phase, and one sentence on why it is not further along.
struct PhaseResult {
    Phase phase = Phase::unknown;
    std::string reason;
    /// A step failed and waiting does not advance the phase (a required CI check failed): shown
    /// with a failure mark although the phase itself (building) is in progress.
    bool failed = false;
};

/// Where the preview stands, judged from everything observed.
PhaseResult phase_of(const Snapshot& snapshot, const Profile& profile);

/// The state of one required check (a check-run name prefix from the profile).
enum class CheckState { passed, running, missing, failed };
std::string_view check_state_name(CheckState state);

struct RequiredCheck {
    std::string prefix;
    CheckState state = CheckState::missing;
    std::vector<const CheckRun*> runs;  ///< the runs whose name starts with the prefix
};

/// One entry per profile.required_checks, in profile order.
std::vector<RequiredCheck> required_checks_of(const std::vector<CheckRun>& runs,
                                              const Profile& profile);

/// The worst state among the required checks (passed when there are none).
CheckState overall_check_state(const std::vector<RequiredCheck>& checks);

bool is_required_check(const CheckRun& run, const Profile& profile);

/// A run that finished unsuccessfully (failure, timed_out, cancelled, action_required, ...).
bool check_run_failed(const CheckRun& run);

/// A failed required check whose every failed run waits for a maintainer's approval
/// (action_required, A2): GitHub calls it failed, yet no build ran. Shared by the ci check, the
/// phase and the follow of `up`.
bool check_awaits_approval(const RequiredCheck& check);

/// The required check that stops the build: the first that failed for real, else the first held
/// for approval; nullptr when none failed.
const RequiredCheck* stopping_check(const std::vector<RequiredCheck>& required);

bool has_label(const PullRequest& pr, std::string_view label);

/// The parent Application (by the profile's name), when observed.
const Application* parent_application(const Snapshot& snapshot);

/// An Application condition that reports an error (ComparisonError, SyncError, ...).
const Condition* application_error(const Application& app);

/// The condition of this type, or nullptr.
const Condition* find_condition(const std::vector<Condition>& conditions, std::string_view type);

/// True when the workload has all desired replicas updated and available.
bool workload_available(const Workload& workload);

/// A pod's problem that will not go away by waiting a few seconds.
struct PodProblem {
    std::string container;
    std::string reason;  ///< CrashLoopBackOff, ImagePullBackOff, Unschedulable, ...
    std::string message;
    std::string image;
};
std::optional<PodProblem> pod_problem(const Pod& pod);

bool external_secret_ready(const ExternalSecret& secret);

enum class JobState { running, complete, failed };
JobState job_state(const Job& job);
std::string_view job_state_name(JobState state);

/// An HTTPRoute is serving when every parent reports Accepted and ResolvedRefs True.
struct RouteState {
    bool accepted = false;
    bool resolved_refs = false;
    bool reported = false;  ///< some controller has written status for it
    std::string message;    ///< the first non-True condition's reason and message
};
RouteState route_state(const HttpRoute& route);

bool url_healthy(const UrlProbe& probe);

/// The age in seconds of an RFC 3339 timestamp relative to snapshot.now (nullopt if unparsable).
std::optional<std::int64_t> age_of(const Snapshot& snapshot, std::string_view timestamp);

}  // namespace preview
