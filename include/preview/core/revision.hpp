#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/profile.hpp"
#include "preview/core/snapshot.hpp"

/// Head-commit truth: which commit the preview runs, judged from every piece of the snapshot that
/// names one, against the PR's head. Pure; shared by the phase, the `revision` check, `status` and
/// the follow of `up`.
namespace preview {

/// Where a piece of evidence came from. `asked` sources say what Argo CD was told to deploy;
/// `runs` sources what actually serves.
enum class RevisionSource {
    helm_values,      ///< the parent Application's rendered helm values (asked)
    target_revision,  ///< a child Application's spec.source.targetRevision (asked)
    summary_images,   ///< a child Application's status.summary.images (asked, as synced)
    pod_image,        ///< a pod's container image (runs)
    app_health,       ///< the app's own health answer: `version`, else `commit` (runs)
};

/// "helm-values", "target-revision", "summary-images", "pod-image", "app-health".
std::string_view revision_source_name(RevisionSource source);

/// One place that names a commit.
struct RevisionEvidence {
    RevisionSource source = RevisionSource::pod_image;
    std::string object;    ///< "Application homerun2-core-catcher-pr-42", "pod x", the health URL
    std::string field;     ///< "valuesObject.coreCatcher.version", "image", "commit", ...
    std::string value;     ///< the field's text
    std::string sha;       ///< the commit it names (full or short)
    bool head = false;     ///< sha is the PR's head commit
    bool serving = false;  ///< pod_image: the pod is Running and Ready; app_health: always
};

enum class RevisionVerdict {
    head,     ///< what serves is the PR head
    rolling,  ///< Argo CD was told to deploy the head; the rollout has not finished
    stale,    ///< the preview runs another commit and nothing asks for the head yet
    unknown,  ///< no evidence names a commit, or the head is unknown: cannot tell, never "head"
};

/// "head", "rolling", "stale", "unknown".
std::string_view revision_verdict_name(RevisionVerdict verdict);

struct RevisionJudgement {
    RevisionVerdict verdict = RevisionVerdict::unknown;
    std::string head_sha;
    /// The commit that serves: the head when verdict is head, the older one when stale or
    /// rolling; empty when unknown.
    std::string running_sha;
    std::vector<RevisionEvidence> evidence;
    std::string why_unknown;  ///< for unknown: why it cannot tell
};

RevisionJudgement judge_revision(const Snapshot& snapshot, const Profile& profile);

/// True when both are hex commit names and one is a prefix (≥ 7 digits) of the other.
bool same_commit(std::string_view a, std::string_view b);

/// The first 8 digits of a commit, as {short_sha} and the status header show it.
std::string short_commit(std::string_view sha);

/// The commit in `text` after "pr-<number>-" (≥ 7 hex digits), e.g. in `pr-42-<sha>`.
std::optional<std::string> pr_tag_sha(std::string_view text, int number);

/// Why a stale or rolling preview does not run the head yet, one clause: "the ApplicationSet has
/// not picked up the push yet", "Application X cannot sync: ...", "rolling out def5678".
enum class StaleCause { appset_not_polled, appset_error, sync_policy, sync_failed, rolling_out };
struct StaleExplanation {
    StaleCause cause = StaleCause::appset_not_polled;
    std::string text;
};
StaleExplanation explain_stale(const Snapshot& snapshot, const RevisionJudgement& judgement);

/// The phase reason of a stale or rolling preview: "runs abc1234, PR head is def5678: <why>".
std::string stale_reason(const Snapshot& snapshot, const RevisionJudgement& judgement);

}  // namespace preview
