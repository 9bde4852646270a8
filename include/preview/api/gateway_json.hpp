#pragma once

#include <string_view>
#include <vector>

#include "preview/core/result.hpp"
#include "preview/core/snapshot.hpp"

/// Wire JSON of what stands behind an HTTPRoute: its Gateway and the namespace's Services. Pure
/// and exception-free, like kube_json.
namespace preview {

/// A gateway.networking.k8s.io Gateway: status.conditions and status.addresses[].value.
Result<Gateway> parse_gateway(std::string_view body);

/// A core/v1 ServiceList: each Service's name and spec.ports[] (name, port).
Result<std::vector<Service>> parse_service_list(std::string_view body);

}  // namespace preview
