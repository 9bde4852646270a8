#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/appset_error.hpp"
#include "preview/core/preview_list.hpp"
#include "preview/core/profile.hpp"
#include "preview/core/snapshot.hpp"

/// `preview list --all`: every repository an ApplicationSet's PullRequest generator polls, each
/// with its previews as `preview list` judges them. Pure.
namespace preview {

/// What `list --all` reads: three cluster lists, and one PR list per GitHub repository.
struct ListAllSnapshot {
    std::int64_t now = 0;          ///< Unix seconds
    std::string argocd_namespace;  ///< where the ApplicationSets and Applications live
    /// The commands the fixes print, as the Argo CD source spells them (it outlives the
    /// snapshot). Null: those of a snapshot read through Kubernetes (default_argocd_commands).
    const ArgocdCommands* argocd_commands = nullptr;
    Observed<std::vector<ApplicationSet>> application_sets = Snapshot::not_read();
    /// The Application lists, by the label key each selects on (list_all_application_selectors);
    /// "" is one unfiltered list, read when that gives no keys, and holds every repository's.
    /// Each repository rests on its own keys' lists: one that could not be read leaves the other
    /// repositories' Applications read.
    std::map<std::string, Observed<std::vector<Application>>> applications;
    Observed<std::vector<Namespace>> namespaces = Snapshot::not_read();
    /// The open PRs of each repository, by "owner/repo" as repository_key() spells it.
    std::map<std::string, Observed<std::vector<PullRequest>>> pulls;
    /// The pods of each namespace list_all_pod_namespaces() names.
    std::map<std::string, Observed<std::vector<Pod>>> pods;
    /// The GitHub API preview reads (and sends its token to): a generator that polls another
    /// GitHub (Enterprise) is not shown, never looked up here.
    std::string github_api;
};

/// A GitHub repository and the ApplicationSets whose PullRequest generators poll it.
struct RepoGenerators {
    PrRef repo;  ///< owner and repo as the first generator spells them
    std::vector<std::string> application_sets;            ///< names, sorted
    std::vector<std::vector<std::string>> label_filters;  ///< one per generator; {} = every PR
};

/// A PullRequest generator `list --all` does not show: preview reads pull requests from GitHub
/// only, so a GitLab, Gitea, Bitbucket or Azure DevOps generator is named, not listed.
struct SkippedGenerator {
    std::string application_set;
    std::string scm;     ///< "gitlab", ...
    std::string repo;    ///< "owner/repo", or the project, as the generator names it
    std::string reason;  ///< why it is not shown
};

struct RepoGrouping {
    std::vector<RepoGenerators> repos;  ///< by repository key
    std::vector<SkippedGenerator> skipped;
};

/// "owner/repo" in lower case: GitHub names are case-insensitive.
std::string repository_key(const PrRef& repo);

/// Groups the ApplicationSets that have a PullRequest generator (also nested in a matrix or
/// merge) by the GitHub repository it names; the others are left out.
RepoGrouping group_by_repository(const std::vector<ApplicationSet>& sets,
                                 std::string_view github_api);

/// An ApplicationSet template written with Go or fasttemplate placeholders as a profile
/// template: `{{ .number }}` -> {number}, `{{.head_sha}}` -> {sha}, `{{head_short_sha}}` ->
/// {short_sha}; empty when it uses anything else (a branch, a cluster name) or lacks {number}.
std::string profile_template_of(std::string_view text);

/// The PR label key of an ApplicationSet's template: the first label whose value is the PR
/// number placeholder alone (`{{ .number }}`); empty when none is.
std::string template_pr_label(const ApplicationSet& set);

/// The names for one repository: `file` when it is that repository's profile, else its built-in
/// profile, else what its ApplicationSets say (the gate label is the generator's first label,
/// the Application name, namespace and PR label key come from the template; no URL, no CI, no
/// artifacts). Names the objects do not give stay empty, never guessed.
Profile repository_profile(const RepoGenerators& repo, const std::vector<ApplicationSet>& sets,
                           const Profile* file);

/// One ApplicationSet condition that says generation failed: ErrorOccurred True, or
/// ParametersGenerated / ResourcesUpToDate False.
struct AppSetProblem {
    std::string type;
    std::string reason;
    std::string message;
    std::string cause;  ///< for ErrorOccurred: explain_appset_error's cause; else empty
    std::string fix;
};

struct AppSetListing {
    std::string name;
    std::vector<AppSetProblem> problems;
};

/// One repository's previews, judged exactly as `preview list` judges them.
struct RepoListing {
    RepoGenerators generators;
    Profile profile;
    ListSnapshot snapshot;  ///< this repository's share of the lists
    PreviewList list;
    std::vector<AppSetListing> application_sets;
};

struct PreviewListAll {
    std::vector<RepoListing> repositories;  ///< by repository key
    std::vector<SkippedGenerator> skipped;
    /// The ApplicationSet list could not be read: nothing can be grouped.
    std::vector<ListError> errors;
};

/// The generation problems of one ApplicationSet, in condition order.
std::vector<AppSetProblem> appset_problems(const ApplicationSet& set, ArgocdAccess access);

/// Repository `repo`'s share of the lists: its open PRs carrying every label of one of its
/// generators; the Applications its ApplicationSets own (metadata.ownerReferences) plus their
/// children (the parent's PR label value, named `<parent>-...`); every namespace.
ListSnapshot repository_snapshot(const ListAllSnapshot& all, const RepoGenerators& repo,
                                 const Profile& profile);

/// Groups, then joins each repository as join_previews does (same orphan rules: a list that
/// could not be read never makes the other side look orphaned).
PreviewListAll join_all(const ListAllSnapshot& all, const Profile* file);

/// The label keys `list --all` selects the Applications by (`key` exists: those the shown
/// ApplicationSets generate carry their template's PR label; app-of-apps children carry the
/// profile's), sorted, each once. nullopt when one of those ApplicationSets has no valid PR label
/// key in its template: its Applications carry no label to select, so all are read unfiltered.
std::optional<std::vector<std::string>> list_all_application_selectors(
    const std::vector<ApplicationSet>& sets, std::string_view github_api, const Profile* file);

/// The namespaces whose pods `list --all` reads: list_pod_namespaces over every repository.
std::vector<std::string> list_all_pod_namespaces(const ListAllSnapshot& all, const Profile* file);

}  // namespace preview
