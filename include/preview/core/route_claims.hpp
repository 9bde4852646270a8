#pragma once

// Hostname collisions between HTTPRoutes (failure-modes F5). When two routes on one Gateway
// claim the same hostname and match, Gateway API gives the traffic to the older route (by
// creationTimestamp, then "namespace/name") and both still report Accepted=True: no condition
// shows it, only the cluster's other routes do.

#include <string>
#include <vector>

#include "preview/core/snapshot.hpp"

namespace preview {

/// Which of two competing routes the Gateway sends the traffic to.
enum class ClaimWinner { ours, theirs, unknown };

/// Another route that claims one of a preview route's hostnames with the same path match on the
/// same Gateway.
struct RouteClaim {
    std::string route;          ///< the preview's route (name)
    std::string other;          ///< the competing route, "namespace/name"
    std::string other_created;  ///< its creationTimestamp as the server sent it
    std::string hostname;
    RoutePathMatch path;
    std::string gateway;  ///< "namespace/name"
    ClaimWinner winner = ClaimWinner::unknown;
};

/// Every competing claim on `ours` among `cluster` (which may include `ours` themselves), for
/// what the URL probe sends (a plain GET). Only exact hostnames compete (an exact hostname wins
/// over a wildcard), only the same path match ties (a match that needs headers or query
/// parameters the probe lacks takes none of it; one that names the GET method beats one that
/// does not), only on listeners that can be the same (sectionName, port), and only a route its
/// Gateway accepted receives traffic.
std::vector<RouteClaim> competing_claims(const std::vector<HttpRoute>& ours,
                                         const std::vector<HttpRoute>& cluster);

/// Whether the cluster's routes are worth one LIST: every preview route is accepted with its
/// references resolved, yet the URL answers an HTTP error or a health commit that is not the PR
/// head. The healthy path never asks.
bool route_claims_to_read(const Snapshot& s);

}  // namespace preview
