#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "gather/fetch_rounds.hpp"

#include "preview/api/oci_reference.hpp"
#include "preview/api/www_authenticate.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/gather/gather.hpp"

namespace preview {

/// Registry challenges learnt early, by host, so artifact checks skip a round; and the gate that
/// holds artifact checks back until the challenges sent at the start have answered, so the checks
/// go straight to the learnt token endpoint instead of discovering it with a 401.
struct RegistryState {
    std::map<std::string, BearerChallenge> challenges;
    int pending = 0;  ///< challenge requests not answered yet
    std::vector<std::function<void(FetchRounds&)>> waiting;
};

/// Checks that `reference` exists with a manifest HEAD, following the distribution spec's token
/// flow (401 + WWW-Authenticate: Bearer -> token endpoint -> HEAD again). Anonymous first; for
/// ghcr.io the GitHub token is offered as Basic credentials when an anonymous token is refused.
Fetch fetch_artifact(const Sources& src, const std::string& reference,
                     Observed<ArtifactProbe>& out);

/// Asks a registry's /v2/ for its token challenge (realm, service) and records it in
/// src.registry_state, so artifact checks can go straight to the token endpoint.
/// Counts itself in src.registry_state (when set) and releases the waiting checks once the last
/// challenge has answered, whatever the answer.
Fetch fetch_registry_challenge(const Sources& src, const std::string& registry);

/// Runs `schedule` now when no registry challenge is outstanding, else when the last answers.
void after_registry_challenges(const Sources& src, FetchRounds& rounds,
                               std::function<void(FetchRounds&)> schedule);

}  // namespace preview
