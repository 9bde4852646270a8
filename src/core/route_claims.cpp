#include "preview/core/route_claims.hpp"

#include <algorithm>
#include <cctype>

#include "preview/core/ascii.hpp"
#include "preview/core/revision.hpp"
#include "preview/core/route_reads.hpp"
#include "preview/core/status.hpp"
#include "preview/core/time.hpp"

namespace preview {
namespace {

bool looks_like_commit(std::string_view text) {
    return text.size() >= 7 && text.size() <= 64 &&
           std::all_of(text.begin(), text.end(),
                       [](unsigned char c) { return std::isxdigit(c) != 0; });
}

// A route without rules matches every path (Gateway API's default rule: PathPrefix "/").
std::vector<RoutePathMatch> paths_of(const HttpRoute& route) {
    return route.paths.empty() ? std::vector<RoutePathMatch>{{"PathPrefix", "/", "", 0, 0}}
                               : route.paths;
}

std::string route_key(const HttpRoute& route) {
    return route.meta.namespace_name + "/" + route.meta.name;
}

// The parents (Gateway listeners) that accepted `route`.
std::vector<const RouteParentStatus*> accepting_parents(const HttpRoute& route) {
    std::vector<const RouteParentStatus*> out;
    for (const auto& parent : route.parents) {
        const auto* accepted = find_condition(parent.conditions, "Accepted");
        if (accepted != nullptr && accepted->status == "True") {
            out.push_back(&parent);
        }
    }
    return out;
}

// One Gateway, and listeners that can be the same one: a parentRef without sectionName or port
// attaches to every listener.
bool same_listener(const RouteParentStatus& a, const RouteParentStatus& b) {
    return a.parent_namespace == b.parent_namespace && a.parent_name == b.parent_name &&
           (a.section_name.empty() || b.section_name.empty() || a.section_name == b.section_name) &&
           (a.port == 0 || b.port == 0 || a.port == b.port);
}

// Whether the probe, a plain GET without extra headers or query, can take this match.
bool takes_a_plain_get(const RoutePathMatch& m) {
    return m.header_matches == 0 && m.query_matches == 0 && (m.method.empty() || m.method == "GET");
}

// Gateway API's precedence between matches of the same path: one that names the method beats
// one that does not; then the oldest route, then "namespace/name". A timestamp that does not
// parse leaves it open.
ClaimWinner winner(const HttpRoute& ours, const RoutePathMatch& our_match, const HttpRoute& theirs,
                   const RoutePathMatch& their_match) {
    if (our_match.method.empty() != their_match.method.empty()) {
        return our_match.method.empty() ? ClaimWinner::theirs : ClaimWinner::ours;
    }
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

// The strongest of `matches` that takes the probe on `like`'s path, by Gateway API's precedence
// within one path: a named method beats none (header and query matches cannot take a plain
// GET); a tie goes to the first in list order, as the rules' order breaks it.
const RoutePathMatch* strongest_match(const RoutePathMatch& like,
                                      const std::vector<RoutePathMatch>& matches) {
    const RoutePathMatch* best = nullptr;
    for (const auto& m : matches) {
        if (m.type != like.type || m.value != like.value || !takes_a_plain_get(m)) {
            continue;
        }
        if (best == nullptr || (best->method.empty() && !m.method.empty())) {
            best = &m;
        }
    }
    return best;
}

void add_claims(const HttpRoute& route, const HttpRoute& other, std::vector<RouteClaim>& out) {
    const auto theirs = accepting_parents(other);
    for (const auto* parent : accepting_parents(route)) {
        if (std::none_of(theirs.begin(), theirs.end(),
                         [&](const auto* p) { return same_listener(*parent, *p); })) {
            continue;
        }
        for (const auto& host : route.hostnames) {
            const bool shared = std::any_of(
                other.hostnames.begin(), other.hostnames.end(),
                [&](const std::string& h) { return ascii_lower(h) == ascii_lower(host); });
            if (!shared || host.empty() || host.front() == '*') {
                continue;
            }
            const auto our_paths = paths_of(route);
            const auto other_paths = paths_of(other);
            for (const auto& path : our_paths) {
                const RoutePathMatch* mine = strongest_match(path, our_paths);
                const RoutePathMatch* rival = strongest_match(path, other_paths);
                if (mine == nullptr || rival == nullptr) {
                    continue;
                }
                out.push_back({route.meta.name, route_key(other), other.meta.creation_timestamp,
                               host, *mine, parent->parent_namespace + "/" + parent->parent_name,
                               winner(route, *mine, other, *rival)});
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
    // While the workloads still come up, an error answer is the rollout, not a rival route: the
    // cluster-wide LIST waits until they are available (a follow re-judges every change).
    const bool up = s.workloads.ok() && !s.workloads->empty() &&
                    std::all_of(s.workloads->begin(), s.workloads->end(),
                                [](const Workload& w) { return workload_available(w); });
    if (!up) {
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
