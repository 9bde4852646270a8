#include "preview/core/route_reads.hpp"

#include <algorithm>

#include "preview/core/status.hpp"
#include "preview/core/time.hpp"

namespace preview {
namespace {

bool some_parent_refuses(const HttpRoute& route) {
    return std::any_of(route.parents.begin(), route.parents.end(), [](const auto& parent) {
        const auto* accepted = find_condition(parent.conditions, "Accepted");
        return accepted == nullptr || accepted->status != "True";
    });
}

bool silent_too_long(const HttpRoute& route, std::int64_t now) {
    if (!route.parents.empty()) {
        return false;
    }
    const auto created = parse_rfc3339(route.meta.creation_timestamp);
    return !created || now - *created >= kRouteReportGrace;
}

}  // namespace

std::string gateway_key(const RouteParentRef& ref) {
    return ref.namespace_name + "/" + ref.name;
}

std::vector<RouteParentRef> gateways_to_read(const std::vector<HttpRoute>& routes,
                                             std::int64_t now) {
    std::vector<RouteParentRef> out;
    for (const auto& route : routes) {
        if (!silent_too_long(route, now) && !some_parent_refuses(route)) {
            continue;
        }
        for (const auto& ref : route.parent_refs) {
            const bool known = std::any_of(out.begin(), out.end(), [&](const auto& seen) {
                return gateway_key(seen) == gateway_key(ref);
            });
            if (ref.kind == "Gateway" && !ref.name.empty() && !known) {
                out.push_back(ref);
            }
        }
    }
    return out;
}

bool backends_to_read(const std::vector<HttpRoute>& routes) {
    return std::any_of(routes.begin(), routes.end(), [](const HttpRoute& route) {
        return std::any_of(route.parents.begin(), route.parents.end(), [](const auto& parent) {
            const auto* resolved = find_condition(parent.conditions, "ResolvedRefs");
            return resolved != nullptr && resolved->status == "False";
        });
    });
}

}  // namespace preview
