// Checks on the Argo CD side and the namespace it deploys into.

#include <algorithm>
#include <set>

#include "checks.hpp"
#include "checks_sync.hpp"
#include "contains.hpp"
#include <fmt/format.h>

#include "preview/core/argo_sync.hpp"

namespace preview::checks {
namespace {

std::string app_state(const Application& app) {
    return fmt::format("{}/{}", app.sync_status.empty() ? "Unknown" : app.sync_status,
                       app.health_status.empty() ? "Unknown" : app.health_status);
}

// Error conditions and failed operations of every Application of the PR, verbatim.
std::vector<std::string> application_errors(const std::vector<Application>& apps,
                                            std::vector<const Application*>& failing) {
    std::vector<std::string> lines;
    for (const auto& app : apps) {
        const auto* err = application_error(app);
        const bool op_failed = app.operation_phase == "Failed" || app.operation_phase == "Error";
        if (err != nullptr) {
            lines.push_back(
                fmt::format("Application {}: {}: {}", app.meta.name, err->type, err->message));
        }
        if (op_failed && !app.operation_message.empty() &&
            (err == nullptr || err->message != app.operation_message)) {
            lines.push_back(fmt::format("Application {}: sync operation {}: {}", app.meta.name,
                                        app.operation_phase, app.operation_message));
        }
        if (err != nullptr || op_failed) {
            failing.push_back(&app);
        }
    }
    return lines;
}

// A message about fetching the source; a missing namespace ("namespaces \"x\" not found") is
// the destination's, not the source's.
bool mentions_pull(std::string_view message) {
    return contains(message, "oci") || contains(message, "repository not found") ||
           contains(message, "failed to load") || contains(message, "manifest unknown") ||
           (contains(message, "not found") && !contains(message, "namespaces \""));
}

Finding application_error_finding(const Context& c, const std::vector<std::string>& evidence,
                                  const Application& first) {
    const auto ci = ci_state(c);
    const auto missing = missing_artifacts(c.s);
    const std::string describe = c.argocd().describe_application(c.argocd_ns(), first.meta.name);
    const std::string summary = fmt::format("Application {} reports an error", first.meta.name);
    const std::string checks_cmd =
        shell_command({"gh", "pr", "checks", std::to_string(c.s.ref.number)}) + repo_flag(c.s);
    // While the build has not published the artifacts, the error follows from it. The ci check
    // ran before and names why: still running, failed, merge conflicts (A1), waiting for approval
    // (A2); its fix is the fix here too.
    if (ci == CheckState::running) {
        return warn(summary, evidence,
                    "the image / kustomize OCI build is still running, so Argo CD cannot pull the "
                    "tag yet; it retries on its own",
                    checks_cmd);
    }
    if (ci == CheckState::failed || ci == CheckState::missing) {
        const auto* ci_finding = earlier_finding(c, "ci");
        const bool never = ci == CheckState::failed ||
                           (ci_finding != nullptr && ci_finding->status == CheckStatus::fail);
        const std::string why = ci_finding != nullptr && !ci_finding->summary.empty()
                                    ? ci_finding->summary
                                    : std::string(check_state_name(*ci));
        const std::string cause =
            never ? fmt::format(
                        "the image / kustomize OCI tag Argo CD pulls was never built: {} "
                        "(see ci)",
                        why)
                  : fmt::format(
                        "the image / kustomize OCI tag Argo CD pulls is not built yet: {} "
                        "(see ci); Argo CD retries on its own",
                        why);
        return warn(
            summary, evidence, cause,
            ci_finding != nullptr && !ci_finding->fix.empty() ? ci_finding->fix : checks_cmd);
    }
    if (!missing.empty()) {
        return warn(summary, evidence,
                    fmt::format("the image / kustomize OCI build has not published {} (see "
                                "artifacts)",
                                join(missing, ", ")),
                    checks_cmd);
    }
    const bool pull = std::any_of(evidence.begin(), evidence.end(),
                                  [](const std::string& line) { return mentions_pull(line); });
    if (pull && ci == CheckState::passed) {
        return fail(summary, evidence,
                    "the artifacts exist, yet Argo CD cannot fetch the source: a kustomize repoURL "
                    "without the oci:// prefix is treated as git (\"failed to list refs: "
                    "repository not found\"), registry credentials are missing, or Argo CD still "
                    "shows an error from before the push",
                    c.argocd().hard_refresh_application(c.argocd_ns(), first.meta.name));
    }
    return fail(summary, evidence,
                "Argo CD cannot render or sync the Application; its message above says why",
                describe);
}

std::string controller_check(const Context& c, const std::string& owner) {
    if (owner.starts_with("Argo CD")) {
        return c.argocd().kubectl(
            c.argocd_ns(),
            {"get", "pods", "-l", "app.kubernetes.io/name=argocd-application-controller"});
    }
    if (owner == "External Secrets Operator") {
        return needs_workload_kube(
            c.s, "kubectl get pods -A -l app.kubernetes.io/name=external-secrets");
    }
    if (owner == "Kyverno") {
        return needs_workload_kube(c.s, "kubectl get pods -A -l app.kubernetes.io/part-of=kyverno");
    }
    return {};
}

// "externalsecret.external-secrets.io" for kubectl get; core kinds without a group.
std::string resource_arg(const Leftover& left) {
    std::string kind;
    for (char ch : left.kind) {
        kind += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    }
    const auto slash = left.api_version.find('/');
    return slash == std::string::npos ? kind : kind + "." + left.api_version.substr(0, slash);
}

std::string terminating_cause(const Context& c) {
    const Namespace& ns = *c.ns();
    if (const auto* d = find_condition(ns.conditions, "NamespaceDeletionDiscoveryFailure");
        d != nullptr && d->status == "True") {
        return "an aggregated API is unavailable, so the namespace controller cannot list "
               "everything it must delete (kubectl get apiservices shows which)";
    }
    std::set<std::string> owners;
    if (c.s.leftovers.ok()) {
        for (const auto& left : *c.s.leftovers) {
            for (const auto& f : left.finalizers) {
                owners.insert(finalizer_owner(f));
            }
        }
    }
    for (const auto& f : ns.meta.finalizers) {
        owners.insert(finalizer_owner(f));
    }
    if (owners.empty()) {
        return "objects in the namespace still carry finalizers that only their controllers "
               "remove; the namespace controller waits for them. Do not strip finalizers by hand: "
               "that skips the cleanup they guard";
    }
    std::vector<std::string> checks;
    for (const auto& owner : owners) {
        if (auto cmd = controller_check(c, owner); !cmd.empty()) {
            checks.push_back(cmd);
        }
    }
    std::vector<std::string> names(owners.begin(), owners.end());
    return fmt::format(
        "the finalizers wait for {}: check that it is running and allowed (RBAC) to update these "
        "objects{}. Do not strip finalizers by hand: that skips the cleanup they guard",
        join(names, ", "), checks.empty() ? "" : " (" + join(checks, "; ") + ")");
}

std::string terminating_fix(const Context& c) {
    std::vector<std::string> kinds;
    if (c.s.leftovers.ok()) {
        for (const auto& left : *c.s.leftovers) {
            auto arg = resource_arg(left);
            if (std::find(kinds.begin(), kinds.end(), arg) == kinds.end()) {
                kinds.push_back(arg);
            }
        }
    }
    return needs_workload_kube(
        c.s, shell_command({"kubectl", "get",
                            kinds.empty() ? std::string("all,externalsecret") : join(kinds, ","),
                            "-n", c.s.targets.namespace_name}));
}

Finding terminating(const Context& c) {
    const Namespace& ns = *c.ns();
    const auto age = age_of(c.s, ns.meta.deletion_timestamp);
    auto evidence = namespace_blockers(c.s);
    const std::string since = age ? " for " + age_text(*age) : "";
    evidence.insert(evidence.begin(),
                    fmt::format("namespace {}: Terminating{}", ns.meta.name, since));
    if (age && *age < kSettle) {
        return warn(fmt::format("{} is being deleted", ns.meta.name), evidence,
                    "Kubernetes deletes the namespace's contents first; this normally takes a "
                    "minute or two",
                    terminating_fix(c));
    }
    return fail(fmt::format("{} is stuck Terminating{}", ns.meta.name, since), evidence,
                terminating_cause(c), terminating_fix(c));
}

Finding missing_namespace(const Context& c) {
    if (!c.s.applications.ok()) {
        return skip("cannot tell whether the namespace is due: " +
                    unreadable("the Applications", c.s.applications.error()));
    }
    const auto* parent = parent_application(c.s);
    if (parent == nullptr) {
        return skip("no Application yet, so no namespace yet");
    }
    if (auto root = namespace_sync_root(c)) {
        return *root;
    }
    if (c.troubled("application")) {
        return skip("no namespace yet; follows from the application check");
    }
    const std::vector<std::string> evidence{
        fmt::format("namespace {}: not found", c.s.targets.namespace_name),
        fmt::format("Application {}: {}, destination {} {}", parent->meta.name, app_state(*parent),
                    parent->destination_name.empty() ? parent->destination_server
                                                     : parent->destination_name,
                    parent->destination_namespace.empty() ? "(namespace: as the manifests say)"
                                                          : parent->destination_namespace)};
    const auto age = age_of(c.s, parent->meta.creation_timestamp);
    if (!age || *age < kSettle) {
        return warn(fmt::format("namespace {} not created yet", c.s.targets.namespace_name),
                    evidence,
                    "Argo CD creates it on the first sync (CreateNamespace=true); the Application "
                    "is new");
    }
    return fail(fmt::format("namespace {} does not exist", c.s.targets.namespace_name), evidence,
                "the Application exists but its sync has not created the namespace, or it deploys "
                "to another cluster than the one --context reads",
                c.argocd().describe_application(c.argocd_ns(), parent->meta.name));
}

}  // namespace

Finding check_application(const Context& c) {
    if (auto gate = requested_gate(c)) {
        return skip(*gate);
    }
    const auto& t = c.s.targets;
    if (!c.s.applications.ok()) {
        return skip(unreadable("the Applications", c.s.applications.error()));
    }
    const auto* parent = parent_application(c.s);
    if (parent == nullptr) {
        if (c.status_of("appset") == CheckStatus::fail) {
            return skip("no Application yet; follows from the appset check");
        }
        std::vector<std::string> evidence{
            fmt::format("Application {}/{}: not found", t.argocd_namespace, t.application)};
        if (c.s.application_set.ok() && c.s.application_set->has_value() &&
            (*c.s.application_set)
                    ->meta.annotations.count("argocd.argoproj.io/application-set-refresh") > 0) {
            evidence.emplace_back("a refresh of the ApplicationSet is requested and pending");
        }
        return with_auto_fix(
            fail(fmt::format("no Application {} yet", t.application), evidence,
                 fmt::format("the ApplicationSet has not polled yet (every {} s) since the label "
                             "was added",
                             appset_poll(c.s)),
                 refresh_command(t)),
            FixKind::refresh_application_set, {t.application_set});
    }
    const auto& apps = *c.s.applications;
    if (auto cause = application_sync_cause(c)) {
        return *cause;
    }
    std::vector<const Application*> failing;
    const auto errors = application_errors(apps, failing);
    if (!failing.empty()) {
        return application_error_finding(c, errors, *failing.front());
    }
    std::vector<std::string> evidence;
    const Application* degraded = nullptr;
    const Application* unsettled = nullptr;
    for (const auto& app : apps) {
        evidence.push_back(
            fmt::format("Application {}: {}{}", app.meta.name, app_state(app),
                        app.health_message.empty() ? "" : ": " + app.health_message));
        if (app.health_status == "Degraded" && degraded == nullptr) {
            degraded = &app;
        }
        if (((app.sync_status != "Synced" && !cosmetic_drift(app)) ||
             app.health_status != "Healthy") &&
            unsettled == nullptr) {
            unsettled = &app;
        }
    }
    if (!parent->meta.deletion_timestamp.empty()) {
        return warn(fmt::format("Application {} is being deleted", parent->meta.name), evidence,
                    "the ApplicationSet dropped it (label removed and re-added?); it is recreated "
                    "after the deletion finishes");
    }
    if (degraded != nullptr) {
        // Degraded is Argo CD's summary of the live objects; the namespace checks name the object.
        return warn(fmt::format("Application {} is Degraded", degraded->meta.name), evidence,
                    "Argo CD judges a deployed object unhealthy; the checks below name which one",
                    c.argocd().describe_application(c.argocd_ns(), degraded->meta.name));
    }
    if (auto cause = application_settled_cause(c)) {
        return *cause;
    }
    if (unsettled != nullptr) {
        return warn(
            fmt::format("Application {} is {}", unsettled->meta.name, app_state(*unsettled)),
            evidence, "Argo CD is still syncing the preview");
    }
    return pass(fmt::format("{} Applications Synced/Healthy", apps.size()), evidence);
}

Finding check_namespace(const Context& c) {
    if (!c.s.namespace_state.ok()) {
        // Unread (the Argo CD API does not show Namespaces), but a sync that found no namespace
        // and an Application that does not create it are Argo CD's own evidence.
        if (!requested_gate(c)) {
            if (auto root = namespace_sync_root(c)) {
                return *root;
            }
        }
        return skip(unreadable("the namespace", c.s.namespace_state.error()));
    }
    if (c.ns_terminating()) {
        if (auto recreated = namespace_recreated_while_terminating(c)) {
            return *recreated;
        }
        return terminating(c);
    }
    if (const auto* ns = c.ns()) {
        if (auto gate = requested_gate(c)) {
            return skip(c.pr_closed() ? *gate + "; what is left is reported by pr-open" : *gate);
        }
        const auto age = c.ns_age();
        return pass(fmt::format("{} is {}", ns->meta.name, ns->phase),
                    {fmt::format("namespace {}: {}{}", ns->meta.name, ns->phase,
                                 age ? ", " + age_text(*age) + " old" : "")});
    }
    if (c.pr_closed()) {
        return pass(fmt::format("namespace {} is gone", c.s.targets.namespace_name),
                    {fmt::format("namespace {}: does not exist", c.s.targets.namespace_name)});
    }
    if (auto gate = requested_gate(c)) {
        return skip(*gate);
    }
    return missing_namespace(c);
}

}  // namespace preview::checks
