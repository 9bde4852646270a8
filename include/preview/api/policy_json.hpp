#pragma once

#include <string_view>
#include <vector>

#include "preview/core/result.hpp"
#include "preview/core/snapshot.hpp"

/// Kyverno and External Secrets objects read only after a symptom asks for them: UpdateRequests,
/// a ClusterPolicy, a (Cluster)SecretStore. Same contract as kube_json.hpp: a value, or an
/// ErrorKind::api error naming the object and the field.
namespace preview {

/// A kyverno.io/v2 UpdateRequestList.
Result<std::vector<UpdateRequest>> parse_update_request_list(std::string_view body);

/// One object of `kind` (ClusterPolicy, ClusterSecretStore, SecretStore): name and
/// status.conditions.
Result<PolicyObject> parse_policy_object(std::string_view body, std::string_view kind);

}  // namespace preview
