// Checks on the GitHub side: the pull request, its label, CI and the registry artifacts.

#include <algorithm>

#include "checks.hpp"
#include <fmt/format.h>

#include "preview/core/unowned.hpp"

namespace preview::checks {
namespace {

/// Applications may stay this long after the PR closed: the ApplicationSet drops the PR on its
/// next poll, then Argo CD prunes.
constexpr std::int64_t kTeardownGrace = 15 * 60;
/// The Kyverno sweep removes empty PR namespaces older than 1 h on a schedule.
constexpr std::int64_t kShellGrace = 2 * 3600;

std::string pr_checks(const Context& c) {
    return shell_command({"gh", "pr", "checks", std::to_string(c.s.ref.number)}) + repo_flag(c.s);
}

// The repository and image name of an OCI reference, without registry and tag.
std::string artifact_name(const std::string& reference) {
    auto name = reference.substr(0, reference.rfind(':'));
    const auto slash = name.rfind('/');
    return slash == std::string::npos ? name : name.substr(slash + 1);
}

struct Remains {
    std::vector<std::string> evidence;
    bool apps = false;
    bool ns = false;
    std::optional<std::string> unread;
};

// What of a closed PR's preview is still there.
Remains remains_of(const Context& c) {
    Remains r;
    if (!c.s.applications.ok()) {
        r.unread = unreadable("the Applications", c.s.applications.error());
    } else {
        for (const auto& app : *c.s.applications) {
            r.apps = true;
            r.evidence.push_back(fmt::format(
                "Application {}: {}", app.meta.name,
                app.meta.deletion_timestamp.empty() ? "still exists" : "being deleted"));
        }
    }
    if (!c.s.namespace_state.ok()) {
        r.unread = unreadable("the namespace", c.s.namespace_state.error());
    } else if (const auto* ns = c.ns()) {
        r.ns = true;
        r.evidence.push_back(fmt::format("namespace {}: {}", ns->meta.name, ns->phase));
    }
    return r;
}

Finding closed_pr(const Context& c) {
    const PullRequest& pr = *c.pr();
    const std::string state = pr.merged ? "merged" : "closed";
    const auto r = remains_of(c);
    const auto since =
        age_of(c.s, pr.merged && !pr.merged_at.empty() ? pr.merged_at : pr.closed_at);
    if (!r.apps && !r.ns) {
        if (r.unread) {
            return skip(fmt::format("PR is {}; {}", state, *r.unread));
        }
        return pass(
            fmt::format("PR #{} is {} and nothing of its preview is left", pr.number, state),
            {fmt::format("no Application {}", c.s.targets.application),
             fmt::format("namespace {}: does not exist", c.s.targets.namespace_name)});
    }
    auto evidence = r.evidence;
    if (since) {
        evidence.insert(evidence.begin(), fmt::format("PR {} {} ago", state, age_text(*since)));
    }
    if (c.ns_terminating()) {
        return warn(fmt::format("PR is {}; its preview is being torn down", state), evidence,
                    "the namespace is being deleted; the namespace check shows what it waits for");
    }
    if (r.apps) {
        if (!since || *since <= kTeardownGrace) {
            return with_auto_fix(
                warn(fmt::format("PR is {}; its Applications are not removed yet", state), evidence,
                     fmt::format("the ApplicationSet drops the PR on its next poll (every {} s), "
                                 "then Argo CD prunes the preview",
                                 appset_poll(c.s)),
                     refresh_command(c.s.targets)),
                FixKind::refresh_application_set, {c.s.targets.application_set});
        }
        return fail(
            fmt::format("PR is {} but its Applications still exist", state), evidence,
            "Argo CD has not pruned the preview: the ApplicationSet still lists the PR (see "
            "appset) "
            "or the Application's resources-finalizer cannot finish against the destination "
            "cluster",
            c.argocd().describe_application(c.argocd_ns(), c.s.targets.application));
    }
    if (auto unowned = unowned_namespace(c.s)) {
        // Argo CD prunes before an Application goes; with the Applications gone and the objects
        // still live, nothing will remove them, and the sweep only takes empty namespaces.
        evidence.insert(evidence.end(), unowned->evidence.begin(), unowned->evidence.end());
        return fail(fmt::format("PR is {} but namespace {} still runs {}", state,
                                c.s.targets.namespace_name, unowned->counts),
                    evidence,
                    "Argo CD did not prune the preview (its Application was deleted without the "
                    "resources finalizer, or by hand), so nothing owns these objects any more; "
                    "the Kyverno sweep removes only empty PR namespaces",
                    needs_workload_kube(c.s, shell_command({"kubectl", "delete", "namespace",
                                                            c.s.targets.namespace_name})));
    }
    if (!since || *since <= kShellGrace) {
        return warn(
            fmt::format("PR is {}; an empty namespace is left", state), evidence,
            "Argo CD does not delete namespaces it created; the Kyverno sweep removes empty "
            "PR namespaces once they are older than 1 h");
    }
    return fail(
        fmt::format("PR is {} but namespace {} is still there", state, c.s.targets.namespace_name),
        evidence,
        "the Kyverno sweep has not removed it: its cleanup controller may lack permission "
        "to delete Namespaces, or pods still run in it",
        needs_workload_kube(
            c.s, shell_command({"kubectl", "delete", "namespace", c.s.targets.namespace_name})));
}

std::string add_labels_command(const Context& c, const std::vector<std::string>& labels) {
    std::vector<std::string> words;
    for (const auto& l : labels) {
        words.emplace_back("--add-label");
        words.push_back(l);
    }
    return shell_command({"gh", "pr", "edit", std::to_string(c.s.ref.number)}) + repo_flag(c.s) +
           " " + shell_command(words);
}

Finding missing_labels(const Context& c, const std::vector<std::string>& missing,
                       std::vector<std::string> evidence, std::string cause) {
    if (c.s.bot_comment.ok() && !c.s.bot_comment->has_value()) {
        evidence.emplace_back("no preview-bot comment");
    }
    if (c.s.namespace_state.ok() && c.ns() == nullptr) {
        evidence.push_back(fmt::format("namespace {}: does not exist", c.s.targets.namespace_name));
    }
    std::vector<std::string> quoted;
    quoted.reserve(missing.size());
    for (const auto& l : missing) {
        quoted.push_back("\"" + l + "\"");
    }
    auto f = fail(fmt::format("PR #{} has no {} label", c.s.ref.number, join(quoted, ", ")),
                  std::move(evidence), std::move(cause), add_labels_command(c, missing));
    // --fix adds the profile's label only.
    if (missing == std::vector<std::string>{c.s.targets.label}) {
        return with_auto_fix(std::move(f), FixKind::add_label, missing);
    }
    return f;
}

// The label filters of the ApplicationSet's pullRequest generators, when it was read and has any.
const std::vector<std::vector<std::string>>* appset_label_filters(const Snapshot& s) {
    if (!s.application_set.ok() || !s.application_set->has_value() ||
        (*s.application_set)->pr_label_filters.empty()) {
        return nullptr;
    }
    return &(*s.application_set)->pr_label_filters;
}

// The generator matches a PR carrying every one of its labels, exactly (case-sensitive).
Finding generator_labels(const Context& c, const std::vector<std::vector<std::string>>& filters,
                         std::vector<std::string> evidence) {
    const PullRequest& pr = *c.pr();
    const std::vector<std::string>* closest = nullptr;
    std::vector<std::string> closest_missing;
    for (const auto& filter : filters) {
        std::vector<std::string> missing;
        for (const auto& l : filter) {
            if (!has_label(pr, l)) {
                missing.push_back(l);
            }
        }
        if (closest == nullptr || missing.size() < closest_missing.size()) {
            closest = &filter;
            closest_missing = std::move(missing);
        }
    }
    evidence.push_back(fmt::format("ApplicationSet {} generator labels: {} (all of them, exact)",
                                   c.s.targets.application_set, join(*closest, ", ")));
    if (closest_missing.empty()) {
        return pass(fmt::format("PR carries the ApplicationSet's label{} {}",
                                closest->size() == 1 ? "" : "s", join(*closest, ", ")),
                    std::move(evidence));
    }
    const auto& label = c.s.targets.label;
    const bool profile_listed =
        std::find(closest->begin(), closest->end(), label) != closest->end();
    return missing_labels(
        c, closest_missing, std::move(evidence),
        profile_listed
            ? fmt::format("the ApplicationSet only creates previews for open PRs carrying all of "
                          "its labels ({})",
                          join(*closest, ", "))
            : fmt::format("the ApplicationSet's generator filters on {} (exact, all of them), "
                          "not on the profile's \"{}\" label: add those labels, or fix the "
                          "profile's label to match",
                          join(*closest, ", "), label));
}

}  // namespace

Finding check_pr_open(const Context& c) {
    if (!c.s.pr.ok()) {
        const Error& e = c.s.pr.error();
        if (e.kind == ErrorKind::not_found) {
            return fail(
                fmt::format("PR #{} does not exist in {}", c.s.ref.number, c.s.ref.repo_slug()),
                {e.message}, "there is no pull request with this number in the repository",
                "gh pr list" + repo_flag(c.s));
        }
        return skip(unreadable("the pull request", e));
    }
    if (c.pr_open()) {
        const PullRequest& pr = *c.pr();
        return pass(fmt::format("PR #{} is open{}", pr.number, pr.draft ? " (draft)" : ""),
                    {fmt::format("PR #{}: open, head {}", pr.number, pr.head_sha)});
    }
    return closed_pr(c);
}

Finding check_label(const Context& c) {
    if (!c.s.pr.ok()) {
        return skip(unreadable("the pull request", c.s.pr.error()));
    }
    if (c.pr_closed()) {
        return skip(c.pr()->merged ? "PR is merged" : "PR is closed");
    }
    const PullRequest& pr = *c.pr();
    const std::string& label = c.s.targets.label;
    std::vector<std::string> evidence{
        fmt::format("labels: {}", pr.labels.empty() ? "none" : join(pr.labels, ", "))};
    const auto* filters = appset_label_filters(c.s);
    if (filters != nullptr) {
        return generator_labels(c, *filters, std::move(evidence));
    }
    if (c.labelled()) {
        return pass(fmt::format("PR carries the \"{}\" label", label), evidence);
    }
    return missing_labels(c, {label}, std::move(evidence),
                          fmt::format("the ApplicationSet only creates previews for open PRs "
                                      "carrying the \"{}\" label",
                                      label));
}

Finding check_artifacts(const Context& c) {
    if (auto gate = requested_gate(c)) {
        return skip(*gate);
    }
    if (c.profile.artifacts.empty()) {
        return skip("the profile lists no artifacts");
    }
    if (c.s.artifacts.empty()) {
        return skip("the artifacts were not checked");
    }
    std::vector<std::string> evidence;
    std::vector<std::string> missing;
    std::vector<std::string> unread;
    for (std::size_t i = 0; i < c.s.artifacts.size(); ++i) {
        const auto& a = c.s.artifacts[i];
        const std::string ref = i < c.s.targets.artifacts.size() ? c.s.targets.artifacts[i]
                                : a.ok()                         ? a->reference
                                                                 : "artifact";
        if (!a.ok()) {
            unread.push_back(fmt::format("{} ({})", artifact_name(ref), a.error().message));
            evidence.push_back(fmt::format("{}: not checked: {}", ref, a.error().message));
        } else if (!a->exists) {
            missing.push_back(artifact_name(ref));
            evidence.push_back(fmt::format("{}: not in the registry", ref));
        } else {
            evidence.push_back(a->digest.empty()
                                   ? fmt::format("{}: in the registry", ref)
                                   : fmt::format("{}: in the registry ({})", ref, a->digest));
        }
    }
    if (!missing.empty()) {
        const auto ci = ci_state(c);
        const std::string what = join(missing, ", ");
        if (ci == CheckState::failed) {
            return skip("follows from the failed CI check", evidence);
        }
        if (c.status_of("ci") == CheckStatus::fail) {
            // No build runs for the head (merge conflicts, unmatched names): ci says why.
            return skip("follows from the ci check", evidence);
        }
        if (ci == CheckState::passed && restricted_pr(*c.pr())) {
            evidence.push_back(restricted_line(*c.pr()));
            return fail(fmt::format("{} missing for the head SHA", what), evidence,
                        restricted_cause(*c.pr()) + ", so CI passed without pushing the tags",
                        restricted_fix());
        }
        if (ci == CheckState::running || ci == CheckState::missing) {
            return warn(fmt::format("{} not pushed yet", what), evidence,
                        "CI is still building; the tags appear when the required checks finish",
                        pr_checks(c) + " --watch");
        }
        return fail(fmt::format("{} missing for the head SHA", what), evidence,
                    ci == CheckState::passed
                        ? "CI passed but the tag for the head SHA is not in the registry: the "
                          "build may have tagged another commit (the merge commit), or the "
                          "cleanup workflow deleted the PR's packages when it was closed; "
                          "re-running the build pushes it again"
                        : "the tag for the head SHA is not in the registry (the CI state could "
                          "not be read)",
                    rebuild_command(c));
    }
    if (!unread.empty()) {
        return skip(fmt::format("could not check {}", join(unread, ", ")), evidence);
    }
    return pass(fmt::format("{} artifacts tagged for head {}", c.s.artifacts.size(),
                            c.pr()->head_sha.substr(0, 8)),
                evidence);
}

}  // namespace preview::checks
