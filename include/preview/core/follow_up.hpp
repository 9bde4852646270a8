#pragma once

// Which reads a snapshot's symptoms ask for. The healthy path asks for none: each read here
// follows from an upstream symptom (generated objects missing, an ExternalSecret failing).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/snapshot.hpp"

namespace preview {

/// Where Kyverno keeps its UpdateRequests.
inline constexpr std::string_view kKyvernoNamespace = "kyverno";

/// A (Cluster)SecretStore an ExternalSecret references.
struct StoreRef {
    std::string kind;  ///< ClusterSecretStore or SecretStore
    std::string name;
    /// "ClusterSecretStore/vault-homerun2-pr": the key of FollowUpReads::stores.
    std::string key() const { return kind + "/" + name; }
};

/// The store `es` reads from (ESO's default kind is the namespaced SecretStore).
StoreRef store_ref(const ExternalSecret& es);
/// Why `ref` is not read (design §7: a server's name reaches a request path only when valid):
/// a kind other than the two stores, a name that is not a DNS-1123 subdomain. nullopt if valid.
std::optional<std::string> store_ref_problem(const StoreRef& ref);

/// Objects the platform's Kyverno policies generate ("ExternalSecret redis-stack-auth", "Job
/// seed-test-events", "LimitRange") that are missing from a namespace old enough to have them.
/// A LimitRange counts as missing when pods are rejected with `must specify limits`.
std::vector<std::string> missing_generated(const Snapshot& s);

/// The label selector of the UpdateRequests a namespace triggered (Kyverno's own labels).
std::string update_request_selector(std::string_view namespace_name);
/// Whether `ur` was triggered by namespace `namespace_name` (spec.resource).
bool triggered_by(const UpdateRequest& ur, std::string_view namespace_name);
/// Whether `ur` is a generate request that has not completed (Failed or Pending).
bool unfinished(const UpdateRequest& ur);
/// The policies the unfinished requests of `namespace_name` name, each once; only valid names
/// (DNS-1123 subdomains), the others are never requested.
std::vector<std::string> policies_to_read(const std::vector<UpdateRequest>& requests,
                                          std::string_view namespace_name);

/// The stores referenced by ExternalSecrets whose Ready condition is False, each once; a ref with
/// a store_ref_problem is left out (never requested).
std::vector<StoreRef> failing_stores(const Snapshot& s);

}  // namespace preview
