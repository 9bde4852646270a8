// The route check's view of the cluster's other routes: a hostname another route claims with
// the same path goes to the older route, while both report Accepted=True (failure-modes F5).

#include "checks.hpp"
#include <fmt/format.h>

#include "preview/core/revision.hpp"
#include "preview/core/route_claims.hpp"
#include "preview/core/shell_quote.hpp"

namespace preview::checks {
namespace {

std::string claim_line(const RouteClaim& claim) {
    return fmt::format("HTTPRoute {} also claims {} {} {} on Gateway {} (created {})", claim.other,
                       claim.hostname, claim.path.type, claim.path.value, claim.gateway,
                       claim.other_created.empty() ? "at an unknown time" : claim.other_created);
}

// What the URL answered that made the cluster's routes worth reading.
std::string url_line(const Snapshot& s) {
    if (!s.url.ok()) {
        return {};
    }
    if (s.url->http_status < 200 || s.url->http_status > 299) {
        return fmt::format("{} answered HTTP {}", s.url->url, s.url->http_status);
    }
    const std::string head = s.pr.ok() ? short_commit(s.pr->head_sha) : "unknown";
    return fmt::format("{} reports commit {}, the PR head is {}", s.url->url,
                       short_commit(s.url->commit), head);
}

std::string other_command(const Snapshot& s, const RouteClaim& claim) {
    const auto slash = claim.other.find('/');
    return needs_workload_kube(
        s, shell_command({"kubectl", "-n", claim.other.substr(0, slash), "get", "httproute",
                          claim.other.substr(slash + 1), "-o", "yaml"}));
}

}  // namespace

std::optional<Finding> route_claim_finding(const Context& c, std::vector<std::string>& evidence) {
    const auto& all = c.s.follow_up.cluster_routes;
    if (!all.ok()) {
        if (!all.error().not_gathered) {
            evidence.push_back(unreadable(
                "the cluster's HTTPRoutes (to look for a hostname collision)", all.error()));
        }
        return std::nullopt;
    }
    const auto claims = competing_claims(*c.s.routes, *all);
    const RouteClaim* lost = nullptr;
    const RouteClaim* open = nullptr;
    for (const auto& claim : claims) {
        evidence.push_back(claim_line(claim));
        if (claim.winner == ClaimWinner::theirs && lost == nullptr) {
            lost = &claim;
        } else if (claim.winner == ClaimWinner::unknown && open == nullptr) {
            open = &claim;
        }
    }
    if (lost == nullptr && open == nullptr) {
        return std::nullopt;
    }
    if (auto line = url_line(c.s); !line.empty()) {
        evidence.push_back(line);
    }
    if (lost != nullptr) {
        return fail(
            fmt::format("hostname {} is also claimed by HTTPRoute {} (older), which receives the "
                        "traffic",
                        lost->hostname, lost->other),
            evidence,
            fmt::format("HTTPRoute {} and HTTPRoute {} claim {} with the same path on Gateway {}; "
                        "Gateway API gives the traffic to the older route (creationTimestamp, "
                        "then namespace/name) and both report Accepted=True, so this preview's "
                        "route receives none. A bump will not help: the other claim must go (a "
                        "leftover of a closed preview can be deleted) or the hostnames must "
                        "differ (the chart's hostname template must include the PR number)",
                        lost->route, lost->other, lost->hostname, lost->gateway),
            other_command(c.s, *lost) + "   # then delete it if it is a leftover");
    }
    return warn(
        fmt::format("hostname {} is also claimed by HTTPRoute {}", open->hostname, open->other),
        evidence,
        "two routes claim the same hostname and path; the older one receives the "
        "traffic, and a creationTimestamp that does not parse leaves open which",
        other_command(c.s, *open));
}

}  // namespace preview::checks
