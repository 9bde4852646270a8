// Why an ExternalSecret is not Ready, and whether a force-sync can help. The Ready condition only
// says "could not get secret data from provider"; the provider's own words are in the
// ExternalSecret's UpdateFailed event and in the store's Ready condition.

#include <algorithm>

#include "checks.hpp"
#include "contains.hpp"
#include <fmt/format.h>

#include "preview/core/follow_up.hpp"

namespace preview::checks {
namespace {

// The newest UpdateFailed Warning event of the ExternalSecret, if any.
const Event* last_update_failed(const Snapshot& s, const std::string& name) {
    if (!s.events.ok()) {
        return nullptr;
    }
    const Event* last = nullptr;
    for (const auto& e : *s.events) {
        if (e.object_kind == "ExternalSecret" && e.object_name == name &&
            e.reason == "UpdateFailed" &&
            (last == nullptr || e.last_timestamp > last->last_timestamp)) {
            last = &e;
        }
    }
    return last;
}

// What a Vault/ESO provider error means, in the user's terms; empty when not recognised.
std::string provider_cause(std::string_view message) {
    if (contains(message, "unable to log in") || contains(message, "login")) {
        return "Vault denies the Kubernetes-auth login: the store's Vault role does not bind "
               "this service account, or its policy is missing";
    }
    if (contains(message, "/data/data/")) {
        return "the Vault KV-v2 path is doubled (…/data/data/…): the store's path or version is "
               "wrong";
    }
    if (contains(message, "cannot find secret data for key")) {
        return "the Vault secret has no such property: remoteRef.property names a key that is "
               "not in the secret";
    }
    if (contains(message, "Secret does not exist") || contains(message, "secret not found")) {
        return "the Vault secret (remoteRef.key) does not exist at that path";
    }
    if (contains(message, "permission denied") || contains(message, "Code: 403")) {
        return "Vault denies reading the secret: the role's policy does not cover this path";
    }
    return {};
}

const Observed<std::optional<PolicyObject>>* store_of(const Snapshot& s, const ExternalSecret& es) {
    const auto it = s.follow_up.stores.find(store_ref(es).key());
    return it == s.follow_up.stores.end() ? nullptr : &it->second;
}

// The stores are External Secrets' objects on the workload cluster (the platform's, not in an
// Application's tree): without a kube context for it, the command behind the access it needs.
std::string describe_store(const Snapshot& s, const ExternalSecret& es) {
    return needs_workload_kube(
        s, es.store_kind == "ClusterSecretStore"
               ? shell_command({"kubectl", "describe", "clustersecretstore", es.store_name})
               : shell_command({"kubectl", "-n", es.meta.namespace_name, "describe", "secretstore",
                                es.store_name}));
}

// When `es` names a store preview refuses to read (design §7: it was never requested), says so
// in `v` and returns true: no store can have that name, so no sync can succeed.
bool refuse_store(const Context& c, const ExternalSecret& es, SecretVerdict& v) {
    const StoreRef ref = store_ref(es);
    const auto problem = store_ref_problem(ref);
    if (!problem || ref.name.empty()) {
        return false;
    }
    v.evidence.push_back(
        fmt::format("ExternalSecret {}: spec.secretStoreRef names {} \"{}\", which is not read: {}",
                    es.meta.name, ref.kind, ref.name, *problem));
    v.cause = fmt::format(
        "ExternalSecret {} references a store that cannot exist ({}): no sync can succeed until "
        "its spec.secretStoreRef is fixed (in the policy or chart that generates it)",
        es.meta.name, *problem);
    v.fix = kubectl_ns(c.s, {"get", "externalsecret", es.meta.name, "-o", "yaml"});
    v.force_sync = false;
    return true;
}

}  // namespace

SecretVerdict secret_verdict(const Context& c, const std::vector<std::string>& names,
                             std::string fallback_cause) {
    SecretVerdict v;
    v.cause = std::move(fallback_cause);
    v.force_sync = true;
    const ExternalSecret* es = nullptr;
    for (const auto& candidate : *c.s.external_secrets) {
        const auto* ready = find_condition(candidate.conditions, "Ready");
        if (ready != nullptr && ready->status == "False" &&
            std::find(names.begin(), names.end(), candidate.meta.name) != names.end()) {
            es = &candidate;
            break;
        }
    }
    if (es == nullptr) {
        return v;  // none has failed yet: they have not synced, a force-sync asks ESO now
    }
    const auto* ready = find_condition(es->conditions, "Ready");
    const Event* event = last_update_failed(c.s, es->meta.name);
    std::string when = ready->last_transition_time;
    if (event != nullptr) {
        v.evidence.push_back(fmt::format("ExternalSecret {}: latest UpdateFailed event (x{}): {}",
                                         es->meta.name, event->count, event->message));
        when = std::max(when, event->last_timestamp);
    }
    if (refuse_store(c, *es, v)) {
        return v;
    }
    const auto since = age_of(c.s, when);
    const std::string provider = event != nullptr ? provider_cause(event->message) : "";
    const StoreRef ref = store_ref(*es);
    const std::string store_name = fmt::format("{} {}", ref.kind, ref.name);
    const auto* store = store_of(c.s, *es);
    if (store == nullptr || !store->ok()) {
        if (store != nullptr) {
            v.evidence.push_back(unreadable(store_name, store->error()));
        }
    } else if (!store->value().has_value()) {
        v.evidence.push_back(fmt::format("{}: does not exist", store_name));
        v.cause = fmt::format(
            "ExternalSecret {} reads from {}, which does not exist on this "
            "cluster: no sync can succeed until it does",
            es->meta.name, store_name);
        v.fix = needs_workload_kube(
            c.s, shell_command({"kubectl", "get", "clustersecretstores,secretstores", "-A"}));
        v.force_sync = false;
        return v;
    } else {
        const auto* store_ready = find_condition((*store)->value().conditions, "Ready");
        const bool ok = store_ready != nullptr && store_ready->status == "True";
        v.evidence.push_back(store_ready == nullptr
                                 ? fmt::format("{}: no Ready condition", store_name)
                                 : fmt::format("{}: Ready={} {}: {}", store_name,
                                               store_ready->status, store_ready->reason,
                                               store_ready->message));
        if (!ok) {
            v.cause = fmt::format(
                "{} is not Ready{}: every ExternalSecret that reads from it "
                "fails, in every preview, until the store is fixed",
                store_name, provider.empty() ? "" : ": " + provider);
            v.fix = describe_store(c.s, *es);
            v.force_sync = false;
            return v;
        }
    }
    const bool recent = event != nullptr && since && *since < kSettle;
    if (recent) {
        v.cause = provider.empty() ? fmt::format("the provider rejects ExternalSecret {}: {}",
                                                 es->meta.name, event->message)
                                   : fmt::format("{} (ExternalSecret {})", provider, es->meta.name);
        v.fix = kubectl_ns(c.s, {"describe", "externalsecret", es->meta.name});
        v.force_sync = false;
        return v;
    }
    if (store != nullptr && store->ok()) {
        v.cause = fmt::format(
            "{} is Ready now, but ExternalSecret {} last failed at {}{}; External Secrets does "
            "not retry before its next refresh, so a force-sync makes it try now. If Kyverno "
            "(synchronize: true) reverts or denies the annotation, delete the ExternalSecret and "
            "let Kyverno regenerate it",
            store_name, es->meta.name, when.empty() ? "an unknown time" : when,
            provider.empty() ? "" : " (" + provider + ")");
    }
    return v;
}

}  // namespace preview::checks
