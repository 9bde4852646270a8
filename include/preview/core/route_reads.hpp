#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "preview/core/snapshot.hpp"

/// Which extra objects a route's status asks for. Pure: gather asks these before it reads the
/// Gateway or the Services behind a route, so the healthy path sends no extra request.
namespace preview {

/// How long a route may go without any parent status before the Gateway behind it is read: a
/// gateway controller reports within seconds, so after this the silence means something.
inline constexpr std::int64_t kRouteReportGrace = 60;

/// "namespace/name" of the Gateway a parentRef names.
std::string gateway_key(const RouteParentRef& ref);

/// The Gateways (deduplicated, in route order) named by a route that has no parent status and is
/// older than kRouteReportGrace, or that some parent does not accept. Only parentRefs of kind
/// Gateway. Empty when every route is accepted.
std::vector<RouteParentRef> gateways_to_read(const std::vector<HttpRoute>& routes,
                                             std::int64_t now);

/// Whether some route reports ResolvedRefs False, so its backend Services are worth reading.
bool backends_to_read(const std::vector<HttpRoute>& routes);

}  // namespace preview
