#pragma once

// One live object of the preview namespace through the Argo CD API server (design §8):
// `GET /api/v1/applications/{app}/resource` names it by the Application whose resource tree
// shows it; the answer's manifest becomes a one-item list document the Kubernetes parsers read.

#include <string>
#include <vector>

#include "gather/fetch_rounds.hpp"

#include "preview/core/profile.hpp"
#include "preview/gather/object_reads.hpp"
#include "preview/io/argocd_endpoint.hpp"

namespace preview {

/// The request for `kind`/`name` (of `version` and `group`) through the Application `app`.
HttpRequest live_request(const ArgocdEndpoint& ep, const Targets& t, const std::string& app,
                         const std::string& kind, const std::string& name,
                         const std::string& version, const std::string& group);

/// Its answer as a one-item list document, or why not (`what`: the read, for the error).
Result<std::string> live_answer(const HttpOutcome& o, const std::string& what,
                                const std::string& kind, const std::string& name);

/// One `/resource` GET per route of `refs`: its live object as a one-item list document (or why
/// not) into `out`, in the order of `refs`. `out` must outlive the rounds.
void add_live_route_reads(FetchRounds& rounds, const ArgocdEndpoint& ep, const Targets& t,
                          const std::vector<ApiRouteRef>& refs,
                          std::vector<Result<std::string>>& out);

}  // namespace preview
