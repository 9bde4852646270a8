#pragma once

// Readers of the parts every Kubernetes object shares (metadata, status conditions), for the
// parsers of kube_json, gateway_json and policy_json.

#include <string_view>
#include <vector>

#include "json_fields.hpp"

#include "preview/core/snapshot.hpp"

namespace preview::api_detail {

/// The ObjectMeta at `metadata` (name, namespace, timestamps, labels, owners, ...).
ObjectMeta read_meta(Fields& f, const Node& metadata);

/// The conditions array at `path` below `at` ("status.conditions").
std::vector<Condition> read_conditions(Fields& f, const Node& at, std::string_view path);

}  // namespace preview::api_detail
