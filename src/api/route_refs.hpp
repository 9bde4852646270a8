#pragma once

// Internal to the api layer: the spec references of an HTTPRoute, for kube_json's route reader.

#include "json_fields.hpp"

#include "preview/core/snapshot.hpp"

namespace preview::api_detail {

/// Fills route.parent_refs and route.backend_refs from spec.parentRefs and
/// spec.rules[].backendRefs; namespaces default to the route's (meta must be read first).
void read_route_refs(Fields& f, const Node& route_object, HttpRoute& route);

}  // namespace preview::api_detail
