#include "preview/core/route_claims.hpp"

#include <algorithm>
#include <cctype>

#include "preview/core/revision.hpp"
#include "preview/core/route_reads.hpp"
#include "preview/core/status.hpp"
#include "preview/core/time.hpp"

namespace preview {
namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool looks_like_commit(std::string_view text) {
    return text.size() >= 7 && text.size() <= 64 &&
           std::all_of(text.begin(), text.end(),
                       [](unsigned char c) { return std::isxdigit(c) != 0; });
}

// A route without rules matches every path (Gateway API's default rule: PathPrefix "/").
std::vector<RoutePathMatch> paths_of(const HttpRoute& route) {
    return route.paths.empty() ? std::vector<RoutePathMatch>{{"PathPrefix", "/"}} : route.paths;
}

std::string route_key(const HttpRoute& route) {
    return route.meta.namespace_name + "/" + route.meta.name;
}

// The Gateways ("namespace/name") that accepted `route`.
std::vector<std::string> accepting_gateways(const HttpRoute& route) {
    std::vector<std::string> out;
    for (const auto& parent : route.parents) {
        const auto* accepted = find_condition(parent.conditions, "Accepted");
        if (accepted != nullptr && accepted->status == "True") {
            out.push_back(parent.parent_namespace + "/" + parent.parent_name);
        }
    }
    return out;
}

// Gateway API's tie-break between routes with the same match: the oldest, then by
// "namespace/name". A timestamp that does not parse leaves it open.
ClaimWinner winner(const HttpRoute& ours, const HttpRoute& theirs) {
    const auto a = parse_rfc3339(ours.meta.creation_timestamp);
    const auto b = parse_rfc3339(theirs.meta.creation_timestamp);
    if (!a || !b) {
        return ClaimWinner::unknown;
    }
    if (*a != *b) {
        return *a < *b ? ClaimWinner::ours : ClaimWinner::theirs;
    }
    return route_key(ours) < route_key(theirs) ? ClaimWinner::ours : ClaimWinner::theirs;
}

void add_claims(const HttpRoute& route, const HttpRoute& other, std::vector<RouteClaim>& out) {
    const auto ours = accepting_gateways(route);
    const auto theirs = accepting_gateways(other);
    for (const auto& gateway : ours) {
        if (std::find(theirs.begin(), theirs.end(), gateway) == theirs.end()) {
            continue;
        }
        for (const auto& host : route.hostnames) {
            const bool shared =
                std::any_of(other.hostnames.begin(), other.hostnames.end(),
                            [&](const std::string& h) { return lower(h) == lower(host); });
            if (!shared || host.empty() || host.front() == '*') {
                continue;
            }
            const auto other_paths = paths_of(other);
            for (const auto& path : paths_of(route)) {
                if (std::find(other_paths.begin(), other_paths.end(), path) == other_paths.end()) {
                    continue;
                }
                out.push_back({route.meta.name, route_key(other), other.meta.creation_timestamp,
                               host, path, gateway, winner(route, other)});
                return;  // one claim per pair of routes says it
            }
        }
    }
}

}  // namespace

std::vector<RouteClaim> competing_claims(const std::vector<HttpRoute>& ours,
                                         const std::vector<HttpRoute>& cluster) {
    std::vector<RouteClaim> out;
    for (const auto& route : ours) {
        for (const auto& other : cluster) {
            if (route_key(other) != route_key(route)) {
                add_claims(route, other, out);
            }
        }
    }
    return out;
}

bool route_claims_to_read(const Snapshot& s) {
    if (!s.routes.ok() || s.routes->empty() || !s.url.ok()) {
        return false;
    }
    const bool all_accepted = std::all_of(s.routes->begin(), s.routes->end(), [](const auto& r) {
        const auto state = route_state(r);
        return state.accepted && state.resolved_refs;
    });
    if (!all_accepted) {
        return false;
    }
    const UrlProbe& probe = *s.url;
    if (probe.http_status == 0) {
        return false;  // no HTTP answer (DNS, TLS, connect): not a question of which route wins
    }
    if (probe.http_status < 200 || probe.http_status > 299) {
        return true;
    }
    return s.pr.ok() && looks_like_commit(probe.commit) && !s.pr->head_sha.empty() &&
           !same_commit(probe.commit, s.pr->head_sha);
}

}  // namespace preview
