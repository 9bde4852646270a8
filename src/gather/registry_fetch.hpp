#pragma once

#include <string>

#include "gather/fetch_rounds.hpp"

#include "preview/core/snapshot.hpp"
#include "preview/gather/gather.hpp"

namespace preview {

/// An OCI reference split into its parts: registry host, repository path and tag.
struct OciReference {
    std::string registry;    ///< "ghcr.io", "127.0.0.1:5000"
    std::string repository;  ///< "stuttgart-things/homerun2-core-catcher"
    std::string tag;
};

/// Parses "host/path:tag"; references without a registry host mean Docker Hub.
Result<OciReference> parse_oci_reference(std::string_view reference);

/// Checks that `reference` exists with a manifest HEAD, following the distribution spec's token
/// flow (401 + WWW-Authenticate: Bearer -> token endpoint -> HEAD again). Anonymous first; for
/// ghcr.io the GitHub token is offered as Basic credentials when an anonymous token is refused.
Fetch fetch_artifact(const Sources& src, const std::string& reference,
                     Observed<ArtifactProbe>& out);

}  // namespace preview
