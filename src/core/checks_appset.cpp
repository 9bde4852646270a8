// The `appset` check: the ApplicationSet's error condition, explained per cause (failure-modes
// B1-B7), and what its own spec implies for this PR.

#include <algorithm>

#include "checks.hpp"
#include <fmt/format.h>

#include "preview/core/appset_error.hpp"

namespace preview::checks {
namespace {

constexpr std::string_view kAppSetRefreshAnnotation = "argocd.argoproj.io/application-set-refresh";

std::string poll_line(const ApplicationSet& set) {
    std::string last;
    for (const auto& cond : set.conditions) {
        last = std::max(last, cond.last_transition_time);  // RFC 3339 UTC sorts as text
    }
    const auto seconds = appset_poll_seconds(set);
    return fmt::format("next poll within {} s ({}{})", seconds,
                       set.requeue_after_seconds > 0
                           ? fmt::format("requeueAfterSeconds: {}", seconds)
                           : std::string("requeueAfterSeconds not set: Argo CD's 30 min default"),
                       last.empty() ? "" : "; last condition change " + last);
}

Finding appset_error_finding(const Context& c, const ApplicationSet& set, const Condition& err) {
    const auto why = explain_appset_error(err, set, {c.argocd_ns(), c.argocd()}, c.s.ref.number);
    std::vector<std::string> evidence{
        fmt::format("ApplicationSet {}: {}", set.meta.name, appset_error_line(set))};
    if (!err.last_transition_time.empty()) {
        evidence.push_back(fmt::format("  since {}", err.last_transition_time));
    }
    if (set.meta.annotations.count(std::string(kAppSetRefreshAnnotation)) > 0) {
        evidence.emplace_back(
            "the refresh annotation stays set: the controller removes it only after generation "
            "succeeds, so a refresh cannot complete until the error clears");
    }
    return fail(fmt::format("ApplicationSet {} reports an error", set.meta.name), evidence,
                why.cause, why.fix);
}

// B7: a PR that is closed or lost its label keeps its Applications because the policy forbids
// deletes; nullopt when that is not the picture.
std::optional<Finding> kept_by_sync_policy(const Context& c) {
    if (c.pr() == nullptr || (c.pr_open() && c.labelled()) || !c.s.application_set.ok() ||
        !c.s.application_set->has_value()) {
        return std::nullopt;
    }
    const ApplicationSet& set = **c.s.application_set;
    const auto forbids = applications_sync_forbids(set.applications_sync);
    const auto* parent = parent_application(c.s);
    if (forbids.find("deletes") == std::string::npos || parent == nullptr) {
        return std::nullopt;
    }
    const std::string gone = c.pr_closed() ? "is closed" : "no longer carries the label";
    return fail(
        fmt::format("ApplicationSet {} never deletes previews (applicationsSync: {})",
                    set.meta.name, set.applications_sync),
        {fmt::format("ApplicationSet {}: spec.syncPolicy.applicationsSync: {}", set.meta.name,
                     set.applications_sync),
         fmt::format("PR #{} {}; Application {} still exists", c.s.ref.number, gone,
                     parent->meta.name)},
        fmt::format("the ApplicationSet's applicationsSync policy {} forbids {}, so it keeps "
                    "PR #{}'s Applications although the PR {}; Argo CD prunes nothing",
                    set.applications_sync, forbids, c.s.ref.number, gone),
        c.argocd().delete_application(c.argocd_ns(), parent->meta.name));
}

// B3: a labelled open PR without an Application while continueOnRepoNotFoundError turns a lost
// repository (404) into "no pull requests", which deletes every preview.
std::optional<Finding> repo_not_found_risk(const Context& c, const ApplicationSet& set) {
    if (!set.continue_on_repo_not_found || !c.s.applications.ok() ||
        parent_application(c.s) != nullptr) {
        return std::nullopt;
    }
    return warn(
        fmt::format("PR #{} is labelled but ApplicationSet {} owns no Application for it",
                    c.s.ref.number, set.meta.name),
        {fmt::format("ApplicationSet {}: no error condition, "
                     "spec.generators[].pullRequest.continueOnRepoNotFoundError: true",
                     set.meta.name),
         fmt::format("Application {}/{}: not found", c.s.targets.argocd_namespace,
                     c.s.targets.application),
         poll_line(set)},
        "the generator may be answering 'repository not found' (its token lost access to the "
        "repository) and continueOnRepoNotFoundError turns that into 'no pull requests', which "
        "deletes all previews; or it has not polled since the label was added",
        "grant the token access to the repository (a fine-grained PAT needs \"Pull requests: "
        "read\"); then " +
            refresh_command(c.s.targets));
}

}  // namespace

std::int64_t appset_poll(const Snapshot& s) {
    return s.application_set.ok() && s.application_set->has_value()
               ? appset_poll_seconds(**s.application_set)
               : kDefaultPullRequestRequeue;
}

Finding check_appset(const Context& c) {
    if (auto gate = requested_gate(c)) {
        if (auto kept = kept_by_sync_policy(c)) {
            return *kept;
        }
        return skip(*gate);
    }
    const auto& t = c.s.targets;
    if (!c.s.application_set.ok()) {
        return skip(unreadable("the ApplicationSet", c.s.application_set.error()));
    }
    const std::string describe =
        c.argocd().describe_application_set(t.argocd_namespace, t.application_set);
    if (!c.s.application_set->has_value()) {
        return fail(
            fmt::format("ApplicationSet {} not found", t.application_set),
            {fmt::format("ApplicationSet {}/{}: not found", t.argocd_namespace, t.application_set)},
            "the ApplicationSet is not installed on the Argo CD cluster, or "
            "argocd.applicationSet / --argocd-context point elsewhere",
            c.argocd().list_application_sets(t.argocd_namespace));
    }
    const ApplicationSet& set = **c.s.application_set;
    if (const auto* err = appset_error_condition(set)) {
        return appset_error_finding(c, set, *err);
    }
    for (const char* type : {"ParametersGenerated", "ResourcesUpToDate"}) {
        if (const auto* cond = find_condition(set.conditions, type);
            cond != nullptr && cond->status == "False") {
            return warn(fmt::format("ApplicationSet {}: {} is False", set.meta.name, type),
                        {fmt::format("ApplicationSet {}: {}=False {}: {}", set.meta.name, type,
                                     cond->reason, cond->message)},
                        "the controller did not finish its last run", describe);
        }
    }
    if (auto deleting = repo_not_found_risk(c, set)) {
        return *deleting;
    }
    std::vector<std::string> evidence{
        fmt::format("ApplicationSet {}: no error condition", set.meta.name)};
    if (set.meta.annotations.count(std::string(kAppSetRefreshAnnotation)) > 0) {
        evidence.emplace_back("a refresh is requested and not picked up yet");
    }
    evidence.push_back(poll_line(set));
    if (const auto forbids = applications_sync_forbids(set.applications_sync); !forbids.empty()) {
        evidence.push_back(fmt::format("spec.syncPolicy.applicationsSync: {} (forbids {})",
                                       set.applications_sync, forbids));
    }
    return pass(fmt::format("ApplicationSet {} is healthy", set.meta.name), evidence);
}

}  // namespace preview::checks
