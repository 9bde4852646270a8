#pragma once

#include <string>

#include "gather/fetch_rounds.hpp"

#include "preview/api/oci_reference.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/gather/gather.hpp"

namespace preview {

/// Checks that `reference` exists with a manifest HEAD, following the distribution spec's token
/// flow (401 + WWW-Authenticate: Bearer -> token endpoint -> HEAD again). Anonymous first; for
/// ghcr.io the GitHub token is offered as Basic credentials when an anonymous token is refused.
Fetch fetch_artifact(const Sources& src, const std::string& reference,
                     Observed<ArtifactProbe>& out);

/// Asks a registry's /v2/ for its token challenge (realm, service) and records it in
/// src.registry_challenges, so artifact checks can go straight to the token endpoint.
/// Counts itself in src.challenge_gate (when set) and releases the waiting checks once the last
/// challenge has answered, whatever the answer.
Fetch fetch_registry_challenge(const Sources& src, const std::string& registry);

/// Runs `schedule` now when no registry challenge is outstanding, else when the last answers.
void after_registry_challenges(const Sources& src, FetchRounds& rounds,
                               std::function<void(FetchRounds&)> schedule);

}  // namespace preview
