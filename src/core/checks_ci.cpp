// The `ci` check: the required check runs for the head SHA, and why there are none or why they
// cannot help (failure-modes A1 merge conflicts, A2 forks, Dependabot and approvals, A3 names).

#include <algorithm>

#include "checks.hpp"
#include <fmt/format.h>

namespace preview::checks {
namespace {

/// How many check-run names A3 lists before "and N more".
constexpr std::size_t kListedRuns = 8;

std::string pr_checks(const Context& c) {
    return shell_command({"gh", "pr", "checks", std::to_string(c.s.ref.number)}) + repo_flag(c.s);
}

std::string run_line(const CheckRun& run) {
    const std::string state = run.status == "completed" ? run.conclusion : run.status;
    return run.html_url.empty() ? fmt::format("{}: {}", run.name, state)
                                : fmt::format("{}: {} {}", run.name, state, run.html_url);
}

std::string merge_fix(const PullRequest& pr) {
    const std::string base = pr.base_ref.empty() ? "main" : pr.base_ref;
    return fmt::format(
        "merge or rebase {} into the branch and push ({} && {}, resolve, then "
        "git push)",
        base, shell_command({"gh", "pr", "checkout", std::to_string(pr.number)}),
        shell_command({"git", "pull", "origin", base}));
}

Finding merge_conflicts(const Context& c, const std::vector<std::string>& missing,
                        std::vector<std::string> evidence) {
    const PullRequest& pr = *c.pr();
    const std::string base = pr.base_ref.empty() ? "main" : pr.base_ref;
    evidence.insert(evidence.begin(),
                    fmt::format("PR #{}: mergeable_state {}", pr.number, pr.mergeable_state));
    return fail(fmt::format("PR #{} has merge conflicts; no check run for {}", pr.number,
                            join(missing, ", ")),
                evidence,
                fmt::format("PR #{} has merge conflicts with {} (mergeable_state=dirty). GitHub "
                            "does not run pull_request workflows for it, so no pr-{}-{} image or "
                            "kustomize OCI will be built",
                            pr.number, base, pr.number, pr.head_sha.substr(0, 8)),
                merge_fix(pr));
}

// A3: the head has check runs, but none whose name starts with a required prefix.
Finding unmatched_names(const Context& c, const std::vector<std::string>& missing,
                        std::vector<std::string> evidence) {
    const auto& runs = *c.s.checks;
    std::vector<std::string> names;
    for (const auto& run : runs) {
        if (names.size() == kListedRuns) {
            names.push_back(fmt::format("and {} more", runs.size() - kListedRuns));
            break;
        }
        names.push_back("`" + run.name + "`");
    }
    const bool settled = std::all_of(runs.begin(), runs.end(),
                                     [](const CheckRun& r) { return r.status == "completed"; });
    std::vector<std::string> quoted;
    quoted.reserve(missing.size());
    for (const auto& prefix : missing) {
        quoted.push_back("`" + prefix + "`");
    }
    evidence.push_back(
        fmt::format("check runs for {}: {}", c.pr()->head_sha.substr(0, 8), join(names, ", ")));
    const std::string cause = fmt::format(
        "no check run starts with {}; the head SHA has: {}; set github.requiredChecks (in "
        ".preview.yaml) to the prefixes of the build's check names (a reusable workflow reports "
        "as `<caller-job> / <called-job>`){}",
        join(quoted, ", "), join(names, ", "),
        settled ? "" : ", unless that workflow has not started yet");
    const std::string summary = fmt::format("no check run named {}", join(missing, ", "));
    return settled ? fail(summary, evidence, cause, pr_checks(c))
                   : warn(summary, evidence, cause, pr_checks(c));
}

Finding missing_ci(const Context& c, const std::vector<std::string>& missing,
                   std::vector<std::string> evidence) {
    const PullRequest& pr = *c.pr();
    if (pr.mergeable_state == "dirty") {
        return merge_conflicts(c, missing, std::move(evidence));
    }
    if (!c.s.checks->empty()) {
        return unmatched_names(c, missing, std::move(evidence));
    }
    if (restricted_pr(pr)) {
        evidence.push_back(restricted_line(pr));
    }
    return warn(fmt::format("no check run for {} yet", join(missing, ", ")), evidence,
                restricted_pr(pr)
                    ? "CI has not started for the head commit; a workflow of a fork or "
                      "first-time contributor waits for a maintainer to approve it (Actions tab "
                      "→ Approve and run)"
                    : "CI has not started for the head commit yet (the head SHA has no check "
                      "run at all)",
                pr_checks(c));
}

// The failed required runs' lines and the first one's "name concluded x".
std::vector<const CheckRun*> failed_runs(const std::vector<RequiredCheck>& required) {
    std::vector<const CheckRun*> runs;
    for (const auto& req : required) {
        for (const auto* run : req.runs) {
            if (check_run_failed(*run)) {
                runs.push_back(run);
            }
        }
    }
    return runs;
}

}  // namespace

const Finding* earlier_finding(const Context& c, std::string_view id) {
    for (const auto& f : c.done) {
        if (f.id == id) {
            return &f;
        }
    }
    return nullptr;
}

bool restricted_pr(const PullRequest& pr) {
    return pr.from_fork || pr.author == "dependabot[bot]";
}

std::string restricted_line(const PullRequest& pr) {
    if (pr.author == "dependabot[bot]") {
        return fmt::format("PR #{}: opened by dependabot[bot]", pr.number);
    }
    return pr.head_repo.empty()
               ? fmt::format("PR #{}: head repository deleted (head.repo is null)", pr.number)
               : fmt::format("PR #{}: head from the fork {}", pr.number, pr.head_repo);
}

std::string restricted_cause(const PullRequest& pr) {
    return fmt::format("CI cannot push to ghcr.io from a {} PR: no secrets, read-only token",
                       pr.author == "dependabot[bot]" ? "Dependabot" : "fork");
}

std::string restricted_fix() {
    return "push the branch to the main repository and open the PR from there (or a reviewed "
           "pull_request_target design)";
}

namespace {

Finding failed_ci(const Context& c, const std::vector<RequiredCheck>& required,
                  const std::vector<std::string>& failed) {
    const PullRequest& pr = *c.pr();
    const std::string head = pr.head_sha.substr(0, 8);
    const auto runs = failed_runs(required);
    std::vector<std::string> evidence;
    evidence.reserve(runs.size());
    for (const auto* run : runs) {
        evidence.push_back(run_line(*run));
    }
    const bool approval =
        std::all_of(required.begin(), required.end(), [](const RequiredCheck& check) {
            return check.state != CheckState::failed || check_awaits_approval(check);
        });
    const bool restricted = restricted_pr(pr);
    if (restricted) {
        evidence.push_back(restricted_line(pr));
    }
    if (approval) {
        const std::string waits = fmt::format(
            "{} for head {} concluded action_required: the workflow waits for a "
            "maintainer to approve it (Actions tab → Approve and run); it is not a "
            "failed build",
            runs.front()->name, head);
        return fail(fmt::format("{} waits for approval", join(failed, ", ")), evidence,
                    restricted ? waits + ". Even approved, " + restricted_cause(pr) : waits,
                    restricted ? restricted_fix()
                    : runs.front()->html_url.empty()
                        ? pr_checks(c)
                        : "approve and run it: " + runs.front()->html_url);
    }
    const std::string first =
        runs.empty() ? std::string("a required check")
                     : fmt::format("{} concluded {}", runs.front()->name, runs.front()->conclusion);
    if (restricted) {
        return fail(
            fmt::format("{} failed", join(failed, ", ")), evidence,
            fmt::format("{}; required check {} for head {}", restricted_cause(pr), first, head),
            restricted_fix());
    }
    return fail(fmt::format("{} failed", join(failed, ", ")), evidence,
                fmt::format("required check {} for head {}, so its image/kustomize artifact "
                            "is not published; fix the code and push, or re-run it",
                            first, head),
                rebuild_command(c));
}

}  // namespace

Finding check_ci(const Context& c) {
    if (auto gate = requested_gate(c)) {
        return skip(*gate);
    }
    if (!c.s.checks.ok()) {
        return skip(unreadable("the check runs", c.s.checks.error()));
    }
    if (c.profile.required_checks.empty()) {
        return skip("the profile names no required checks");
    }
    const auto required = required_checks_of(*c.s.checks, c.profile);
    const std::string head = c.pr()->head_sha.substr(0, 8);
    std::vector<std::string> evidence;
    std::vector<std::string> failed;
    std::vector<std::string> running;
    std::vector<std::string> missing;
    for (const auto& req : required) {
        if (req.runs.empty()) {
            evidence.push_back(fmt::format("{}: no check run for {} yet", req.prefix, head));
        }
        for (const auto* run : req.runs) {
            evidence.push_back(run_line(*run));
        }
        switch (req.state) {
            case CheckState::failed:
                failed.push_back(req.prefix);
                break;
            case CheckState::running:
                running.push_back(req.prefix);
                break;
            case CheckState::missing:
                missing.push_back(req.prefix);
                break;
            case CheckState::passed:
                break;
        }
    }
    if (!failed.empty()) {
        return failed_ci(c, required, failed);
    }
    if (!running.empty()) {
        return warn(fmt::format("{} still running", join(running, ", ")), evidence,
                    "CI is still building the head commit; the preview follows once every "
                    "required check is green",
                    pr_checks(c) + " --watch");
    }
    if (!missing.empty()) {
        return missing_ci(c, missing, std::move(evidence));
    }
    std::vector<std::string> prefixes(c.profile.required_checks.begin(),
                                      c.profile.required_checks.end());
    return pass(fmt::format("{} green", join(prefixes, ", ")), evidence);
}

}  // namespace preview::checks
