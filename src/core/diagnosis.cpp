#include "preview/core/diagnosis.hpp"

#include <algorithm>
#include <set>

#include "checks.hpp"
#include <fmt/format.h>

namespace preview {
namespace {

struct Entry {
    const char* id;
    const char* title;
    const char* checks;
    Finding (*run)(const checks::Context&);
};

constexpr Entry kChecklist[] = {
    {"pr-open", "Pull request is open",
     "the PR exists and is open; once closed, nothing of its preview is left",
     checks::check_pr_open},
    {"label", "Preview label is set",
     "the open PR carries every label the ApplicationSet's generator filters on (the profile's "
     "gate label when the ApplicationSet was not read)",
     checks::check_label},
    {"ci", "Required CI checks are green",
     "the head commit's check runs named by the profile's requiredChecks", checks::check_ci},
    {"artifacts", "Artifacts are in the registry",
     "every profile artifact (image, kustomize OCI) is tagged for the head SHA",
     checks::check_artifacts},
    {"appset", "ApplicationSet is healthy",
     "the ApplicationSet exists and reports no ErrorOccurred condition (its cause named); what "
     "its spec implies (poll interval, applicationsSync, continueOnRepoNotFoundError)",
     checks::check_appset},
    {"application", "Argo CD Applications are synced",
     "the parent Application exists; no Application of the PR reports errors or is Degraded",
     checks::check_application},
    {"revision", "Preview runs the PR head",
     "the pods' images, the Applications' source revision and the app's /health name the PR's "
     "head commit",
     checks::check_revision},
    {"namespace", "Namespace is active",
     "the namespace exists once the Application does and is not stuck Terminating",
     checks::check_namespace},
    {"policies", "Kyverno policies did their part",
     "Kyverno's generate requests for the namespace did not fail, its generated objects are "
     "there, and no admission webhook rejects the preview's pods",
     checks::check_policies},
    {"image-pull", "Images can be pulled",
     "no pod waits in ImagePullBackOff/ErrImagePull; whether the image tag exists",
     checks::check_image_pull},
    {"secrets", "Secrets are synced",
     "every ExternalSecret exists and is Ready; no container crash-loops with WRONGPASS",
     checks::check_secrets},
    {"workloads", "Workloads are available",
     "every Deployment/StatefulSet is available (crash loops, quota, scheduling)",
     checks::check_workloads},
    {"gateway", "Gateway is programmed",
     "the Gateway the HTTPRoutes name exists on the workload cluster and is Accepted and "
     "Programmed (read only when a route's status asks for it)",
     checks::check_gateway},
    {"route", "HTTPRoute is accepted",
     "every HTTPRoute is Accepted by its Gateway and has ResolvedRefs True", checks::check_route},
    {"seed", "Seed Job has run",
     "the seed Job completed, is within its normal run time, or is gone because its TTL expired",
     checks::check_seed},
    {"url", "Preview URL answers", "the URL's health path answers 2xx", checks::check_url},
};

std::string known_ids() {
    std::string out;
    for (const auto& e : kChecklist) {
        out += (out.empty() ? "" : ", ") + std::string(e.id);
    }
    return out;
}

struct FinalizerOwner {
    std::string_view match;
    bool prefix;  ///< prefix match; otherwise the finalizer must contain `match`
    std::string_view owner;
};

constexpr FinalizerOwner kFinalizerOwners[] = {
    {"resources-finalizer.argocd.argoproj.io", true, "Argo CD application controller"},
    {"post-delete-finalizer.argocd.argoproj.io", true, "Argo CD application controller"},
    {"argoproj.io", false, "Argo CD"},
    {"external-secrets.io", false, "External Secrets Operator"},
    {"kyverno.io", false, "Kyverno"},
    {"kubernetes.io/pvc-protection", true,
     "the volume protection controller, once no pod uses the volume"},
    {"kubernetes.io/pv-protection", true, "the volume protection controller"},
    {"batch.kubernetes.io/job-tracking", true, "the Job controller"},
    {"gateway.networking.k8s.io", false, "the Gateway API controller"},
};

void add_condition_lines(std::vector<std::string>& lines, const Namespace& ns) {
    // Status True means a problem for every namespace deletion condition.
    for (const auto& c : ns.conditions) {
        if (c.status == "True" && c.type.starts_with("Namespace")) {
            lines.push_back(fmt::format("namespace condition {}: {}", c.type, c.message));
        }
    }
}

std::string with_owners(const std::vector<std::string>& finalizers) {
    std::vector<std::string> parts;
    parts.reserve(finalizers.size());
    for (const auto& f : finalizers) {
        parts.push_back(fmt::format("{} (removed by {})", f, finalizer_owner(f)));
    }
    return join(parts, ", ");
}

}  // namespace

std::string_view check_status_name(CheckStatus status) {
    switch (status) {
        case CheckStatus::pass:
            return "pass";
        case CheckStatus::fail:
            return "fail";
        case CheckStatus::warn:
            return "warn";
        case CheckStatus::skip:
            return "skip";
    }
    return "skip";
}

std::vector<CheckInfo> list_checks() {
    std::vector<CheckInfo> out;
    for (const auto& e : kChecklist) {
        out.push_back({e.id, e.title, e.checks});
    }
    return out;
}

std::vector<Finding> diagnose(const Snapshot& snapshot, const Profile& profile) {
    checks::Context context{snapshot, profile, {}};
    for (const auto& e : kChecklist) {
        Finding f = e.run(context);
        f.id = e.id;
        f.title = e.title;
        f.auto_fix = f.fix_kind != FixKind::none;
        context.done.push_back(std::move(f));
    }
    return std::move(context.done);
}

Status validate_check_ids(const std::vector<std::string>& ids) {
    for (const auto& id : ids) {
        const bool known = std::any_of(std::begin(kChecklist), std::end(kChecklist),
                                       [&](const Entry& e) { return id == e.id; });
        if (!known) {
            return Error{ErrorKind::usage,
                         fmt::format("unknown check \"{}\"; the checks are: {}", id, known_ids()),
                         "preview doctor --list-checks describes each one"};
        }
    }
    return ok_status();
}

Result<std::vector<Finding>> select_findings(std::vector<Finding> findings,
                                             const std::vector<std::string>& ids) {
    if (auto valid = validate_check_ids(ids); !valid.ok()) {
        return valid.error();
    }
    if (ids.empty()) {
        return findings;
    }
    const std::set<std::string> wanted(ids.begin(), ids.end());
    std::erase_if(findings, [&](const Finding& f) { return !wanted.contains(f.id); });
    return findings;
}

Summary summarize_findings(const std::vector<Finding>& findings) {
    Summary s;
    for (const auto& f : findings) {
        switch (f.status) {
            case CheckStatus::pass:
                ++s.pass;
                break;
            case CheckStatus::fail:
                ++s.fail;
                break;
            case CheckStatus::warn:
                ++s.warn;
                break;
            case CheckStatus::skip:
                ++s.skip;
                break;
        }
    }
    return s;
}

std::string finalizer_owner(std::string_view finalizer) {
    if (finalizer == "kubernetes") {
        return "the Kubernetes namespace controller";
    }
    if (finalizer == "foregroundDeletion" || finalizer == "orphan") {
        return "the Kubernetes garbage collector";
    }
    for (const auto& known : kFinalizerOwners) {
        const bool hit = known.prefix ? finalizer.starts_with(known.match)
                                      : finalizer.find(known.match) != std::string_view::npos;
        if (hit) {
            return std::string(known.owner);
        }
    }
    return "the controller that added it";
}

std::vector<std::string> namespace_blockers(const Snapshot& s) {
    std::vector<std::string> lines;
    if (!s.namespace_state.ok() || !s.namespace_state->has_value()) {
        return lines;
    }
    const Namespace& ns = **s.namespace_state;
    if (!s.leftovers.ok()) {
        lines.push_back(
            checks::unreadable("the objects left in the namespace", s.leftovers.error()));
    } else {
        for (const auto& left : *s.leftovers) {
            lines.push_back(left.finalizers.empty()
                                ? fmt::format("{} {} ({}): no finalizers, waiting to be deleted",
                                              left.kind, left.name, left.api_version)
                                : fmt::format("{} {} ({}): finalizers {}", left.kind, left.name,
                                              left.api_version, with_owners(left.finalizers)));
        }
    }
    if (!ns.meta.finalizers.empty()) {
        lines.push_back(fmt::format("namespace {} metadata.finalizers: {}", ns.meta.name,
                                    with_owners(ns.meta.finalizers)));
    }
    if (!ns.spec_finalizers.empty()) {
        lines.push_back(fmt::format("namespace {} spec.finalizers: {}", ns.meta.name,
                                    with_owners(ns.spec_finalizers)));
    }
    add_condition_lines(lines, ns);
    return lines;
}

}  // namespace preview
