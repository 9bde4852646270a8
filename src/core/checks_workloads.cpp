// The workloads check: Deployments and StatefulSets that are not available, and why.

#include <algorithm>
#include <optional>
#include <string_view>

#include "checks.hpp"
#include "contains.hpp"
#include <fmt/format.h>

namespace preview::checks {
namespace {

/// Why a workload is not available, most specific first.
enum class Trouble { none, explained, quota, deadline, crash, unschedulable, other };

struct Diagnosis {
    const Workload* workload = nullptr;
    Trouble trouble = Trouble::none;
    std::vector<std::string> evidence;
    std::string cause;
    std::string fix;
    std::string explained_by;  ///< the check that reports its pods' trouble
    bool transient = false;    ///< a fresh namespace's start-up race: warn, do not fail
};

/// A namespace younger than this may still be propagating its network identity (Cilium).
constexpr std::int64_t kFreshNamespace = 3 * 60;

bool pod_of(const Workload& w, const Pod& pod) {
    if (!w.selector.empty()) {
        return std::all_of(w.selector.begin(), w.selector.end(), [&](const auto& kv) {
            const auto it = pod.meta.labels.find(kv.first);
            return it != pod.meta.labels.end() && it->second == kv.second;
        });
    }
    return pod.meta.name.starts_with(w.meta.name + "-");
}

std::string scheduling_cause(std::string_view message) {
    if (contains(message, "Insufficient")) {
        return "the scheduler finds no node with enough free CPU/memory for the pod";
    }
    if (contains(message, "persistentvolumeclaim") || contains(message, "PersistentVolumeClaim")) {
        return "the pod waits for a PersistentVolumeClaim that is not bound";
    }
    if (contains(message, "taint") || contains(message, "affinity") ||
        contains(message, "selector")) {
        return "no node matches the pod's node selector, affinity or tolerations";
    }
    return "the scheduler cannot place the pod";
}

std::string last_exit(const ContainerStatus& ct) {
    if (ct.last_exit_code == 0 && ct.last_reason.empty()) {
        return {};
    }
    return fmt::format("last exit {}{}", ct.last_exit_code,
                       ct.last_reason.empty() ? "" : " (" + ct.last_reason + ")");
}

void add_crash(const Context& c, Diagnosis& d, const Pod& pod, const ContainerStatus& ct) {
    const auto exit = last_exit(ct);
    d.evidence.push_back(fmt::format("pod {} container {}: CrashLoopBackOff, {} restarts{}",
                                     pod.meta.name, ct.name, ct.restart_count,
                                     exit.empty() ? "" : ", " + exit));
    const auto it = c.s.logs.find(pod.meta.name + "/" + ct.name);
    if (it == c.s.logs.end()) {
        d.evidence.emplace_back("  previous log: not read");
    } else if (!it->second.ok()) {
        d.evidence.push_back("  previous log: " + it->second.error().message);
    } else {
        d.evidence.emplace_back("  last log lines:");
        auto tail = log_tail(*it->second, "  | ");
        d.evidence.insert(d.evidence.end(), tail.begin(), tail.end());
    }
    if (d.trouble == Trouble::none || d.trouble == Trouble::explained) {
        d.trouble = Trouble::crash;
        d.cause = fmt::format("container {} keeps crashing{}; its previous log says why", ct.name,
                              exit.empty() ? "" : " (" + exit + ")");
        if (c.troubled("secrets")) {
            d.cause +=
                "; the secrets check also fails, and a container without its password "
                "crash-loops until its Secret is synced";
        }
        const auto* app = tree_app(c.s, "Pod", pod.meta.name);
        auto api_log =
            !c.s.sources.workload_kube && app != nullptr
                ? c.argocd().tree_previous_log(c.argocd_ns(), *app, pod.meta.name, ct.name)
                : std::nullopt;
        d.fix = api_log ? std::move(*api_log)
                        : kubectl_ns(c.s, {"logs", pod.meta.name, "-c", ct.name, "--previous"});
        const auto age = c.ns_age();
        if (it != c.s.logs.end() && it->second.ok() &&
            contains(*it->second, "connection refused") && age && *age < kFreshNamespace) {
            d.transient = true;
            d.cause = fmt::format(
                "container {} cannot connect yet (connection refused) in a namespace created {} "
                "ago: a fresh namespace's network identity and policies take a moment to "
                "propagate; usually transient, wait a minute and look again",
                ct.name, age_text(*age));
        }
    }
}

void add_pod(const Context& c, Diagnosis& d, const Pod& pod) {
    if (const auto other = explained_by(c.s, pod)) {
        if (d.trouble == Trouble::none) {
            d.trouble = Trouble::explained;
        }
        d.explained_by = *other;
        return;
    }
    const auto problem = pod_problem(pod);
    if (!problem) {
        return;
    }
    if (problem->reason == "CrashLoopBackOff") {
        for (const auto& ct : pod.containers) {
            if (ct.reason == "CrashLoopBackOff") {
                add_crash(c, d, pod, ct);
            }
        }
        return;
    }
    const bool pending = problem->container.empty();
    d.evidence.push_back(pending
                             ? fmt::format("pod {}: {} {}: {}", pod.meta.name, pod.phase,
                                           problem->reason, problem->message)
                             : fmt::format("pod {} container {}: {}: {}", pod.meta.name,
                                           problem->container, problem->reason, problem->message));
    if (d.trouble == Trouble::none || d.trouble == Trouble::explained) {
        d.trouble = pending && pod.phase == "Pending" ? Trouble::unschedulable : Trouble::other;
        d.cause = d.trouble == Trouble::unschedulable
                      ? scheduling_cause(problem->message)
                      : fmt::format("container {} is {}", problem->container, problem->reason);
        d.fix = kubectl_ns(c.s, {"describe", "pod", pod.meta.name});
    }
}

// FailedCreate events of the workload's ReplicaSets: quota rules, or an admission webhook (which
// the policies check reports).
void add_quota(const Context& c, Diagnosis& d) {
    if (!c.s.events.ok()) {
        return;
    }
    for (const auto& e : *c.s.events) {
        if (e.reason != "FailedCreate" || !e.object_name.starts_with(d.workload->meta.name)) {
            continue;
        }
        const std::string line = fmt::format("event {} on {} {} (x{}): {}", e.reason, e.object_kind,
                                             e.object_name, e.count, e.message);
        if (webhook_rejection(e.message)) {
            d.evidence.push_back(line);
            if (d.trouble == Trouble::none || d.trouble == Trouble::explained) {
                d.trouble = Trouble::explained;
                d.explained_by = "policies";
            }
            continue;
        }
        if (contains(e.message, "failed quota") && contains(e.message, "must specify")) {
            d.evidence.push_back(line);
            d.trouble = Trouble::quota;
            d.cause =
                "the ResourceQuota requires requests and limits on every container, and no "
                "LimitRange supplies defaults (did the LimitRange policy fire? see the "
                "policies check)";
            d.fix = kubectl_ns(c.s, {"get", "resourcequota,limitrange"});
        } else if (contains(e.message, "exceeded quota")) {
            const auto& w = *d.workload;
            d.evidence.push_back(line);
            d.trouble = Trouble::quota;
            d.fix = kubectl_ns(c.s, {"describe", "resourcequota"});
            if (w.desired > 0 && w.available >= w.desired && w.updated < w.desired) {
                // The old pods still serve: only the rollout's extra (surge) pod is refused.
                d.cause =
                    "the rollout is stuck: the quota leaves no room for its surge pod, so "
                    "the old pods keep serving the previous revision";
                d.fix += "  # raise the quota, or set the Deployment's maxSurge to 0";
            } else {
                d.cause =
                    "the namespace's ResourceQuota is exhausted, so no pod can be created for it";
            }
        }
    }
}

// An available Deployment whose rollout cannot create its surge pod under the quota.
std::optional<Diagnosis> surge_blocked(const Context& c, const Workload& w) {
    if (w.kind != "Deployment" || w.updated >= w.desired) {
        return std::nullopt;
    }
    Diagnosis d;
    d.workload = &w;
    add_quota(c, d);
    if (d.trouble != Trouble::quota) {
        return std::nullopt;
    }
    d.evidence.insert(d.evidence.begin(),
                      fmt::format("{} {}: {}/{} available, only {} updated to the new revision",
                                  w.kind, w.meta.name, w.available, w.desired, w.updated));
    d.cause =
        "the rollout is stuck: the quota leaves no room for its surge pod, so the old pods "
        "keep serving the previous revision";
    d.fix = kubectl_ns(c.s, {"describe", "resourcequota"}) +
            "  # raise the quota, or set the Deployment's strategy.rollingUpdate.maxSurge to 0";
    return d;
}

Diagnosis diagnose_workload(const Context& c, const Workload& w) {
    Diagnosis d;
    d.workload = &w;
    d.evidence.push_back(
        fmt::format("{} {}: {}/{} available", w.kind, w.meta.name, w.available, w.desired));
    if (c.s.pods.ok()) {
        for (const auto& pod : *c.s.pods) {
            if (pod_of(w, pod)) {
                add_pod(c, d, pod);
            }
        }
    }
    add_quota(c, d);
    if (const auto* p = find_condition(w.conditions, "Progressing");
        p != nullptr && p->reason == "ProgressDeadlineExceeded") {
        d.evidence.push_back(fmt::format("{} {}: Progressing=False ProgressDeadlineExceeded: {}",
                                         w.kind, w.meta.name, p->message));
        if (d.trouble == Trouble::none || d.trouble == Trouble::explained) {
            d.trouble = Trouble::deadline;
            d.cause = "the rollout exceeded its progress deadline";
            d.fix = kubectl_ns(c.s, {"describe", "deployment", w.meta.name});
        }
    }
    return d;
}

// The events read cover only some objects (the Argo CD API lists no namespace events): why the
// quota was not checked for a workload none of whose objects' events were read.
std::optional<std::string> quota_unchecked(const Snapshot& s, const Workload& w) {
    if (!s.events.ok() || s.sources.events_namespace_wide) {
        return std::nullopt;
    }
    auto of_w = [&w](const std::string& key) {
        // The workload itself, or a ReplicaSet it names ("<deployment>-<hash>").
        const auto slash = key.find('/');
        if (slash == std::string::npos) {
            return false;
        }
        const std::string_view name = std::string_view(key).substr(slash + 1);
        return name == w.meta.name ||
               (name.size() > w.meta.name.size() + 1 && name.starts_with(w.meta.name) &&
                name[w.meta.name.size()] == '-' &&
                name.find('-', w.meta.name.size() + 1) == std::string_view::npos);
    };
    const auto& read = s.sources.events_of;
    if (std::any_of(read.begin(), read.end(), of_w)) {
        return std::nullopt;
    }
    for (const auto& [key, why] : s.sources.events_unread) {
        if (of_w(key)) {
            return fmt::format("quota not checked for {} {}: the events of {} were not read: {}",
                               w.kind, w.meta.name, key, why);
        }
    }
    return fmt::format("quota not checked for {} {}: the events of none of its objects were read",
                       w.kind, w.meta.name);
}

bool own_trouble(const Diagnosis& d) {
    return d.trouble != Trouble::none && d.trouble != Trouble::explained;
}

Finding no_workloads(const Context& c) {
    if (c.troubled("application")) {
        return skip("no workloads yet; follows from the application check");
    }
    if (c.status_of("namespace") == CheckStatus::fail) {
        return skip("no workloads yet; follows from the namespace check");
    }
    const auto age = c.ns_age();
    const std::vector<std::string> evidence{
        fmt::format("namespace {}: no Deployment or StatefulSet", c.s.targets.namespace_name)};
    if (!age) {
        return skip(fmt::format("no Deployment or StatefulSet yet; cannot tell whether that is "
                                "late: {}",
                                c.ns_age_unknown()),
                    evidence);
    }
    if (*age < kSettle) {
        return warn("no Deployment or StatefulSet yet", evidence,
                    "Argo CD has not synced the workloads yet; the namespace is new");
    }
    return fail(fmt::format("no Deployment or StatefulSet in {}", c.s.targets.namespace_name),
                evidence, "the namespace exists but nothing was deployed into it",
                c.argocd().list_applications(
                    c.argocd_ns(), c.s.targets.pr_label + "=" + c.s.targets.pr_label_value));
}

}  // namespace

Finding check_workloads(const Context& c) {
    if (auto gate = namespace_gate(c)) {
        return skip(*gate);
    }
    if (!c.s.workloads.ok()) {
        return skip(unreadable("the Deployments and StatefulSets", c.s.workloads.error()));
    }
    const auto& all = *c.s.workloads;
    if (all.empty()) {
        return no_workloads(c);
    }
    std::vector<Diagnosis> down;
    std::vector<std::string> available;
    for (const auto& w : all) {
        if (auto blocked = workload_available(w) ? surge_blocked(c, w) : std::nullopt) {
            down.push_back(std::move(*blocked));
        } else if (workload_available(w)) {
            available.push_back(
                fmt::format("{} {}: {}/{} available", w.kind, w.meta.name, w.available, w.desired));
        } else {
            down.push_back(diagnose_workload(c, w));
        }
    }
    if (down.empty()) {
        return pass(fmt::format("{} workloads available", all.size()), available);
    }
    std::vector<std::string> evidence;
    std::vector<std::string> names;
    for (const auto& d : down) {
        evidence.insert(evidence.end(), d.evidence.begin(), d.evidence.end());
        names.push_back(d.workload->meta.name);
    }
    const auto culprit = std::find_if(down.begin(), down.end(), own_trouble);
    if (culprit != down.end()) {
        const auto& w = *culprit->workload;
        const std::string summary =
            workload_available(w)
                ? fmt::format("{} {}: its rollout is blocked", w.kind, w.meta.name)
                : fmt::format("{} {} is not available", w.kind, w.meta.name);
        if (culprit->transient) {
            return warn(summary, evidence, culprit->cause, culprit->fix);
        }
        return fail(summary, evidence, culprit->cause, culprit->fix);
    }
    if (std::all_of(down.begin(), down.end(),
                    [](const Diagnosis& d) { return d.trouble == Trouble::explained; })) {
        std::vector<std::string> others;
        for (const auto& d : down) {
            if (std::find(others.begin(), others.end(), d.explained_by) == others.end()) {
                others.push_back(d.explained_by);
            }
        }
        return skip(fmt::format("{} not available; follows from the {} check", join(names, ", "),
                                join(others, "/")),
                    evidence);
    }
    if (!c.s.events.ok()) {
        evidence.push_back("quota not checked: " + c.s.events.error().message);
    }
    for (const auto& d : down) {
        if (auto line = quota_unchecked(c.s, *d.workload)) {
            evidence.push_back(std::move(*line));
        }
    }
    if (!c.s.pods.ok()) {
        evidence.push_back(unreadable("the pods", c.s.pods.error()));
    }
    return warn(fmt::format("{} not available yet", join(names, ", ")), evidence,
                "its pods are still starting; no pod reports a problem",
                kubectl_ns(c.s, {"get", "pods"}));
}

}  // namespace preview::checks
