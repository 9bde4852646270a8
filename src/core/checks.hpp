#pragma once

// Private to the doctor checklist: the context every check sees and the helpers they share.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/join.hpp"

#include "preview/core/argocd_commands.hpp"
#include "preview/core/diagnosis.hpp"
#include "preview/core/shell_quote.hpp"
#include "preview/core/status.hpp"

namespace preview::checks {

/// How long after it finishes the seed Job is deleted (ttlSecondsAfterFinished).
inline constexpr std::int64_t kSeedJobTtl = 3600;
/// The seed Job waits up to 60 x 5 s for omni-pitcher /health; a little more is still normal.
inline constexpr std::int64_t kSeedJobNormal = 6 * 60;
/// A seed Job still running after this is stuck.
inline constexpr std::int64_t kSeedJobStuck = 10 * 60;
/// How long freshly created objects may take to settle before their absence is a failure.
inline constexpr std::int64_t kSettle = 5 * 60;
/// Log lines quoted as evidence.
inline constexpr std::size_t kLogLines = 5;

/// The snapshot, the profile and the findings of the checks that ran before.
struct Context {
    const Snapshot& s;
    const Profile& profile;
    std::vector<Finding> done;

    /// The status of an earlier check (skip when it has not run).
    CheckStatus status_of(std::string_view id) const;
    /// True when an earlier check failed or warned.
    bool troubled(std::string_view id) const;

    /// The Argo CD commands the fixes print (the snapshot's, else default_argocd_commands).
    const ArgocdCommands& argocd() const { return argocd_commands(s.sources); }
    /// Where the Applications and the ApplicationSet live.
    std::string_view argocd_ns() const { return s.targets.argocd_namespace; }

    const PullRequest* pr() const { return s.pr.ok() ? &*s.pr : nullptr; }
    bool pr_open() const { return pr() != nullptr && pr()->state == "open"; }
    bool pr_closed() const { return pr() != nullptr && pr()->state != "open"; }
    bool labelled() const { return pr() != nullptr && has_label(*pr(), s.targets.label); }
    /// The namespace when it was read and exists.
    const Namespace* ns() const;
    bool ns_terminating() const;
    /// Seconds since the namespace was created, when known.
    std::optional<std::int64_t> ns_age() const;
    /// Why ns_age() is unknown: "the age of namespace X is unknown (<why>)". Unknown is never
    /// "new": a source that cannot show the Namespace (the Argo CD API) leaves it unknown.
    std::string ns_age_unknown() const;
};

Finding pass(std::string summary, std::vector<std::string> evidence = {});
Finding warn(std::string summary, std::vector<std::string> evidence, std::string cause,
             std::string fix = {});
Finding fail(std::string summary, std::vector<std::string> evidence, std::string cause,
             std::string fix = {});
Finding skip(std::string reason, std::vector<std::string> evidence = {});
/// Marks `f` as one of the safe fixes `--fix` may apply.
Finding with_auto_fix(Finding f, FixKind kind, std::vector<std::string> targets);

/// Why a check that needs an open PR carrying the label cannot run; nullopt when it can.
std::optional<std::string> requested_gate(const Context& c);
/// Why a check of the namespace's contents cannot run; nullopt when it can.
std::optional<std::string> namespace_gate(const Context& c);
/// "could not read X: message".
std::string unreadable(std::string_view what, const Error& e);

/// The last `kLogLines` non-empty lines of a log, each prefixed for evidence.
std::vector<std::string> log_tail(std::string_view log, std::string_view prefix);
/// The pod/container log of the snapshot, when read.
const std::string* previous_log(const Snapshot& s, const std::string& pod,
                                const std::string& container);
/// The WRONGPASS line of a container's previous log, if it has one.
std::optional<std::string> wrongpass_line(const Snapshot& s, const Pod& pod,
                                          const ContainerStatus& container);

bool is_image_pull_reason(std::string_view reason);
/// The check that reports the pod's trouble ("image-pull" or "secrets"), if one does.
std::optional<std::string_view> explained_by(const Snapshot& s, const Pod& pod);
/// The Secret a CreateContainerConfigError message names (`secret "x" not found`), if any.
std::optional<std::string> missing_secret_in(std::string_view message);

/// The state of the required CI checks; nullopt when they could not be read.
std::optional<CheckState> ci_state(const Context& c);
/// A fork PR (or one whose fork is gone) or a Dependabot PR: its workflows get no secrets and a
/// read-only token, so they cannot push to ghcr.io (failure-modes A2).
bool restricted_pr(const PullRequest& pr);
/// Evidence naming why the PR is restricted.
std::string restricted_line(const PullRequest& pr);
/// "CI cannot push to ghcr.io from a fork PR: no secrets, read-only token".
std::string restricted_cause(const PullRequest& pr);
/// The fix for a restricted PR: push the branch to the main repository.
std::string restricted_fix();
/// The ci check's finding when it ran before, for checks whose fix is the CI fix.
const Finding* earlier_finding(const Context& c, std::string_view id);

/// Refs of profile artifacts observed missing from the registry.
std::vector<std::string> missing_artifacts(const Snapshot& s);
/// The unfinished upstream step (CI running, failed or not started for the head commit, or its
/// artifacts missing) that explains why the preview is not deployed yet; nullopt when none.
std::optional<std::string> unfinished_upstream(const Context& c);
/// A command that re-runs the build (the required check's workflow run when its URL names one).
std::string rebuild_command(const Context& c);

std::string age_text(std::int64_t seconds);
/// `kubectl -n <preview namespace> <args>`, every word shell-quoted; without a kube context for
/// the workload cluster, that command behind the access it needs (needs_workload_kube).
std::string kubectl_ns(const Snapshot& s, std::initializer_list<std::string_view> args);

// Fixes the user can run with the access the snapshot was read with (design §8): kubectl for the
// workload cluster only where a kube context reaches it, else the access it needs; the Argo CD
// commands as the Argo CD source spells them (Context::argocd()). Never a command the user cannot
// run presented as the fix.

/// `command` (for the workload cluster) as is, or "needs a kube context for the workload
/// cluster (pass --context NAME): command" when none reaches it.
std::string needs_workload_kube(const Snapshot& s, const std::string& command);
/// The Application whose resource tree showed Kind/name (Argo CD API reads), or null.
const std::string* tree_app(const Snapshot& s, std::string_view kind, std::string_view name);
/// Whether `--fix` can apply a change to the workload cluster (a kube context reaches it).
bool workload_fixable(const Snapshot& s);

/// No kube context for the workload cluster, the Argo CD access annotates objects in an
/// Application's resource tree, and every one of `names` (of `kind`) is in one: `--fix` can
/// annotate them through the Argo CD API (a resource patch).
bool api_fixable(const Context& c, std::string_view kind, const std::vector<std::string>& names);
/// Seconds between the ApplicationSet's polls: its requeueAfterSeconds, Argo CD's 1800 s default
/// when absent or when the ApplicationSet was not read.
std::int64_t appset_poll(const Snapshot& s);
/// The command that re-triggers Kyverno's generate rules for the namespace (they match UPDATE
/// too): `kubectl label ns <ns> preview.stuttgart-things/regen=<now> --overwrite`, behind the
/// access it needs (needs_workload_kube).
std::string regen_command(const Snapshot& s);
/// That kubectl command alone, for joining to other workload-cluster commands.
std::string regen_kubectl(const Snapshot& s);
/// An admission webhook named by a `FailedCreate` event's message, if the message is one.
struct WebhookRejection {
    std::string webhook;
    bool denied = false;   ///< denied the request; otherwise the webhook could not be called
    std::string policies;  ///< for a Kyverno denial: the policies named after "policies"
};
std::optional<WebhookRejection> webhook_rejection(std::string_view message);
/// Why the named ExternalSecrets are not Ready (the UpdateFailed event, the store's condition) and
/// whether a force-sync can help; `fallback_cause` stands when nothing more is known.
struct SecretVerdict {
    std::vector<std::string> evidence;
    std::string cause;
    std::string fix;  ///< empty: the force-sync command when force_sync is true
    bool force_sync = true;
};
SecretVerdict secret_verdict(const Context& c, const std::vector<std::string>& names,
                             std::string fallback_cause);
/// The command that makes the ApplicationSet re-poll now.
std::string refresh_command(const Targets& t);
/// The command that bumps the reconcile annotation of the preview's HTTPRoutes.
std::string bump_route_command(const Targets& t, const std::vector<std::string>& routes);
/// " --repo <owner/repo>" (quoted), or empty when the repository is not known.
std::string repo_flag(const Snapshot& s);

// The checks, in checklist order.
Finding check_pr_open(const Context& c);
Finding check_label(const Context& c);
Finding check_ci(const Context& c);
Finding check_artifacts(const Context& c);
Finding check_appset(const Context& c);
Finding check_application(const Context& c);
Finding check_revision(const Context& c);
Finding check_namespace(const Context& c);
Finding check_policies(const Context& c);
Finding check_image_pull(const Context& c);
Finding check_secrets(const Context& c);
Finding check_workloads(const Context& c);
Finding check_gateway(const Context& c);
Finding check_route(const Context& c);
/// A hostname of the preview's routes that an older route on the same Gateway claims (fail),
/// or that another claims when it cannot tell which is older (warn); nullopt otherwise. Adds
/// what it read about the cluster's routes to `evidence` either way.
std::optional<Finding> route_claim_finding(const Context& c, std::vector<std::string>& evidence);
Finding check_seed(const Context& c);
Finding check_url(const Context& c);

}  // namespace preview::checks
