#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/pr_ref.hpp"
#include "preview/core/profile.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/core/status.hpp"
#include "preview/core/status_report.hpp"

/// `preview list`: every preview of a repository at one moment, joined by PR number. Pure.
namespace preview {

/// What `list` reads: a few lists, whatever the number of previews.
struct ListSnapshot {
    PrRef repo;            ///< owner and repo; number unused
    std::int64_t now = 0;  ///< Unix seconds
    /// Open PRs with their head commits; the join keeps those carrying the gate label.
    Observed<std::vector<PullRequest>> pulls = Snapshot::not_read();
    Observed<std::vector<Application>> applications =
        Snapshot::not_read();                                            ///< carrying the PR label
    Observed<std::vector<Namespace>> namespaces = Snapshot::not_read();  ///< every namespace
    /// The pods of each namespace list_pod_namespaces() names, by namespace name; a preview
    /// whose namespace is not here had its pods not gathered.
    std::map<std::string, Observed<std::vector<Pod>>> pods;
};

/// The namespaces whose pods `list` reads, sorted: those of the previews with an Application
/// that is not Synced and Healthy (only then can a pod change the judgement: a crash loop is
/// degraded, not deploying), less those the namespace list shows absent. So the cost grows with
/// the unhealthy previews, not with the cluster, and needs no cluster-wide pod access.
std::vector<std::string> list_pod_namespaces(const ListSnapshot& snapshot, const Profile& profile);

/// This repository's Applications among those carrying the PR label key, which other components
/// share (homerun2's eight use one key): those the profile's ApplicationSet owns, and unowned
/// ones (an app-of-apps parent's children) named after this repository's Application. One that
/// another ApplicationSet owns is another repository's preview, not an orphan of this one.
std::vector<Application> own_applications(std::vector<Application> apps, const Profile& profile,
                                          const PrRef& repo);

/// Something that exists without the thing that should come with it.
enum class OrphanKind {
    namespace_without_pr,           ///< a preview namespace, but no open PR with the label
    pr_without_application,         ///< a labelled PR, but Argo CD made no Application
    application_without_namespace,  ///< an Application, but its namespace does not exist
    application_without_pr,         ///< an Application, but no open PR with the label
};

/// "namespace-without-pr", ...
std::string_view orphan_kind_name(OrphanKind kind);

struct Orphan {
    OrphanKind kind;
    std::string message;  ///< one sentence with the names involved and what usually explains it
};

/// One preview: whatever exists for one PR number.
struct ListedPreview {
    int number = 0;
    std::optional<PullRequest> pr;          ///< set when the PR is open and carries the label
    std::vector<Application> applications;  ///< the profile's Application first, then by name
    std::optional<Namespace> namespace_state;
    std::string namespace_name;  ///< rendered from the profile
    std::string url;             ///< rendered from the profile; empty when it has none
    std::string sha;  ///< the commit the Applications deploy (a 40-hex revision); may be empty
    std::optional<std::int64_t> age_seconds;  ///< of the namespace, else the oldest Application
    Phase phase = Phase::unknown;             ///< report.phase
    std::string reason;                       ///< report.reason: why the phase is what it is
    /// The same judgement `status` makes, over what `list` read (design §4): phase, reason, the
    /// head and running commits. Pieces `list` does not read are not-gathered, never guessed.
    StatusReport report;
    std::vector<Orphan> orphans;
};

/// A list that could not be read: "pulls", "applications", "namespaces" or "pods" (one entry per
/// namespace whose pods could not be read).
struct ListError {
    std::string source;
    Error error;
};

struct PreviewList {
    std::vector<ListedPreview> previews;  ///< by PR number, newest (highest) first
    std::vector<ListError> errors;
};

/// Joins the three lists. A namespace belongs to a PR when its name is what the profile's
/// cluster.namespace template renders for that number; an Application by its PR label (else its
/// name). Orphans are only claimed when both lists involved were read: an unreadable list never
/// makes the other side look orphaned.
PreviewList join_previews(const ListSnapshot& snapshot, const Profile& profile);

/// A 40-hex commit SHA inside an Application's source revision ("pr-42-<sha>", "<sha>"), as an
/// ApplicationSet renders {{.head_sha}}; empty when there is none.
std::string revision_sha(std::string_view revision);

}  // namespace preview
