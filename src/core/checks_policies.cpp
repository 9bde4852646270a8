// The policies check: what Kyverno does for a preview namespace. Its generate rules create the
// ResourceQuota, LimitRange, ExternalSecrets and seed Job; its admission webhooks can reject any
// pod. Both fail far from where the symptom shows, so this check names them.

#include <algorithm>
#include <set>

#include "checks.hpp"
#include "contains.hpp"
#include <fmt/format.h>

#include "preview/core/follow_up.hpp"
#include "preview/core/k8s_names.hpp"

namespace preview::checks {
namespace {

// The text between the quotes that follow `prefix`, if `prefix` occurs.
std::optional<std::string> quoted_after(std::string_view text, std::string_view prefix) {
    const auto at = text.find(prefix);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    const auto rest = text.substr(at + prefix.size());
    const auto end = rest.find('"');
    return end == std::string_view::npos ? std::nullopt
                                         : std::optional<std::string>(rest.substr(0, end));
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == ':')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) {
        text.remove_suffix(1);
    }
    return text;
}

struct Rejection {
    const Event* event;
    WebhookRejection what;
};

std::vector<Rejection> rejections(const Snapshot& s) {
    std::vector<Rejection> out;
    if (!s.events.ok()) {
        return out;
    }
    for (const auto& e : *s.events) {
        if (e.reason != "FailedCreate") {
            continue;
        }
        if (auto r = webhook_rejection(e.message)) {
            out.push_back({&e, std::move(*r)});
        }
    }
    return out;
}

// Kyverno's pods and ClusterPolicies are on the workload cluster: without a kube context for it,
// its commands come behind the access they need (the argocd CLI shows neither).
Finding webhook_finding(const Snapshot& s, const std::vector<Rejection>& found) {
    std::vector<std::string> evidence;
    evidence.reserve(found.size());
    for (const auto& r : found) {
        evidence.push_back(fmt::format("event FailedCreate on {} {} (x{}): {}",
                                       r.event->object_kind, r.event->object_name, r.event->count,
                                       r.event->message));
    }
    const auto& first = found.front();
    const std::string who =
        fmt::format("{} {}", first.event->object_kind, first.event->object_name);
    if (!first.what.denied) {
        return fail(
            fmt::format("admission webhook {} is unreachable: {} cannot create its pods",
                        first.what.webhook, who),
            evidence,
            fmt::format("the API server cannot call admission webhook \"{}\" (Kyverno's pods down "
                        "or not ready?) and the webhook fails closed (failurePolicy: Fail). This "
                        "is cluster-wide: every namespace's creates are rejected, not only this "
                        "preview's",
                        first.what.webhook),
            needs_workload_kube(s, shell_command({"kubectl", "-n", std::string(kKyvernoNamespace),
                                                  "get", "pods"})));
    }
    const std::string policy = first.what.policies.empty() ? "a policy" : first.what.policies;
    return fail(
        fmt::format("admission webhook {} denies {}: policy {}", first.what.webhook, who, policy),
        evidence,
        fmt::format("Kyverno policy {} rejects the object (see its rule message above). It is a "
                    "cluster-wide policy: change the chart to satisfy it, or ask the platform "
                    "team for an exception",
                    policy),
        needs_workload_kube(
            s, first.what.policies.empty()
                   ? shell_command({"kubectl", "get", "clusterpolicies"})
                   : shell_command({"kubectl", "describe", "clusterpolicy", first.what.policies})));
}

// The resource an RBAC denial names ("externalsecrets"), if the message is one.
std::optional<std::string> denied_resource(std::string_view message) {
    if (auto r = quoted_after(message, "cannot create resource \"")) {
        return r;
    }
    if (auto r = quoted_after(message, "permissions to 'create' resource ")) {
        return r;
    }
    if (contains(message, "forbidden") || contains(message, "does not have permissions")) {
        return std::string();
    }
    return std::nullopt;
}

struct Cause {
    std::string text;
    std::string fix;
};

Cause request_cause(const Context& c, const UpdateRequest& ur) {
    const std::string regen = regen_command(c.s);
    if (contains(ur.message, "no matches for kind") && contains(ur.message, "v1beta1")) {
        return {fmt::format("policy {} still generates external-secrets.io/v1beta1, which External "
                            "Secrets (since v0.17) no longer serves",
                            ur.policy),
                fmt::format("update the policy's apiVersion to external-secrets.io/v1 "
                            "({}), then re-trigger: {}",
                            needs_workload_kube(c.s, shell_command({"kubectl", "edit",
                                                                    "clusterpolicy", ur.policy})),
                            regen)};
    }
    if (auto resource = denied_resource(ur.message)) {
        const std::string what = resource->empty() ? std::string("the generated kind") : *resource;
        return {fmt::format("Kyverno's background controller may not create {}: an RBAC gap", what),
                fmt::format("grant kyverno-background-controller create on {} via the "
                            "aggregate-to-background-controller ClusterRole, then re-trigger: {}",
                            what, regen)};
    }
    return {fmt::format("Kyverno's generate request for policy {} is {} (its message above says "
                        "why; a guess beyond that is not possible from here)",
                        ur.policy, ur.state),
            fmt::format("fix what the message names, then re-trigger: {}", regen)};
}

void add_policy_lines(const Context& c, std::vector<std::string>& evidence) {
    for (const auto& [name, policy] : c.s.follow_up.policies) {
        if (!policy.ok()) {
            evidence.push_back(unreadable("ClusterPolicy " + name, policy.error()));
        } else if (!policy->has_value()) {
            evidence.push_back(fmt::format("ClusterPolicy {}: does not exist", name));
        } else if (const auto* ready = find_condition((*policy)->conditions, "Ready")) {
            evidence.push_back(fmt::format("ClusterPolicy {}: Ready={} {}: {}", name, ready->status,
                                           ready->reason, ready->message));
        }
    }
}

Finding generated_finding(const Context& c, const std::vector<std::string>& missing) {
    const auto& ns = c.s.targets.namespace_name;
    std::vector<std::string> evidence{
        fmt::format("namespace {} was created {} ago but has no {} (generated by the Kyverno "
                    "policies)",
                    ns, age_text(c.ns_age().value_or(0)), join(missing, ", "))};
    const std::string summary = fmt::format("Kyverno has not generated {}", join(missing, ", "));
    const auto& urs = c.s.follow_up.update_requests;
    if (!urs.ok()) {
        const bool forbidden = urs.error().http_status == 403;
        evidence.push_back(unreadable("the UpdateRequests", urs.error()));
        return fail(summary, evidence,
                    forbidden ? fmt::format("Kyverno's generate requests could not be read: that "
                                            "needs list on updaterequests.kyverno.io in namespace "
                                            "{}; the generate policies did not fire or failed",
                                            kKyvernoNamespace)
                              : "the generate policies did not fire or failed; their requests "
                                "could not be read",
                    regen_command(c.s));
    }
    const UpdateRequest* first = nullptr;
    std::set<std::string> refused;  // policy names never requested (design §7)
    for (const auto& ur : *urs) {
        if (!triggered_by(ur, ns) || !unfinished(ur)) {
            continue;
        }
        evidence.push_back(fmt::format("UpdateRequest {}/{} (policy {}, rule {}): {}: {}",
                                       kKyvernoNamespace, ur.meta.name, ur.policy, ur.rule,
                                       ur.state, ur.message));
        const auto problem = dns1123_subdomain_problem(ur.policy);
        if (problem && !ur.policy.empty() && refused.insert(ur.policy).second) {
            evidence.push_back(
                fmt::format("ClusterPolicy \"{}\": not read, the name {}", ur.policy, *problem));
        }
        if (first == nullptr || (first->state != "Failed" && ur.state == "Failed")) {
            first = &ur;
        }
    }
    add_policy_lines(c, evidence);
    if (first == nullptr) {
        evidence.push_back(fmt::format("no Failed or Pending UpdateRequest for namespace {} in {}",
                                       ns, kKyvernoNamespace));
        return fail(summary, evidence,
                    "Kyverno missed the namespace's creation (it was down, or the policy was not "
                    "installed yet) or gave up after its retries and removed the request; "
                    "generate rules also match UPDATE, so relabelling the namespace re-triggers "
                    "them",
                    regen_command(c.s));
    }
    const auto cause = request_cause(c, *first);
    return fail(summary, evidence, cause.text, cause.fix);
}

}  // namespace

std::optional<WebhookRejection> webhook_rejection(std::string_view message) {
    if (auto name = quoted_after(message, "failed calling webhook \"")) {
        return WebhookRejection{*name, false, {}};
    }
    auto name = quoted_after(message, "admission webhook \"");
    if (!name || !contains(message, "denied the request")) {
        return std::nullopt;
    }
    WebhookRejection out{*name, true, {}};
    constexpr std::string_view kPolicies = "blocked due to the following policies";
    if (const auto at = message.find(kPolicies); at != std::string_view::npos) {
        auto rest = trim(message.substr(at + kPolicies.size()));
        out.policies = std::string(rest.substr(0, rest.find_first_of(":\n ")));
    }
    return out;
}

std::string regen_kubectl(const Snapshot& s) {
    return shell_command({"kubectl", "label", "ns", s.targets.namespace_name,
                          fmt::format("preview.stuttgart-things/regen={}", s.now), "--overwrite"});
}

std::string regen_command(const Snapshot& s) {
    return needs_workload_kube(s, regen_kubectl(s));
}

Finding check_policies(const Context& c) {
    if (auto gate = namespace_gate(c)) {
        return skip(*gate);
    }
    // A rejection is in the events of what it refused, which a source that cannot show the
    // namespace may still have read (the Argo CD API: a workload short of pods).
    if (const auto found = rejections(c.s); !found.empty()) {
        return webhook_finding(c.s, found);
    }
    if (!c.s.namespace_state.ok()) {
        // Not shown by this source: what the platform generates is judged by the namespace's age.
        return skip(unreadable("the namespace", c.s.namespace_state.error()));
    }
    if (const auto missing = missing_generated(c.s); !missing.empty()) {
        return generated_finding(c, missing);
    }
    std::vector<std::string> evidence;
    if (!c.s.events.ok()) {
        evidence.push_back("admission webhooks not checked: " +
                           unreadable("the events", c.s.events.error()));
    }
    const auto age = c.ns_age();
    if (!age) {
        evidence.push_back(c.ns_age_unknown() + ": Kyverno's generated objects may still come");
    } else if (*age < kSettle) {
        evidence.emplace_back("the namespace is new: Kyverno's generated objects may still come");
    } else {
        evidence.emplace_back(
            "the profile's generated ExternalSecrets and seed Job are there (or "
            "the Job expired)");
    }
    return pass("no generate request failed, no admission webhook rejects", evidence);
}

}  // namespace preview::checks
