#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace preview {

/// A Bearer challenge from a WWW-Authenticate header, as OCI registries send it to point at
/// their token endpoint.
struct BearerChallenge {
    std::string realm;    ///< token endpoint URL
    std::string service;  ///< may be empty
    std::string scope;    ///< may be empty; several scope parameters are joined with a space
    std::string error;    ///< e.g. "invalid_token" (RFC 6750); usually empty
};

/// The Bearer challenge in a WWW-Authenticate header value (RFC 9110 §11.6.1): scheme and
/// parameter names are case-insensitive, values may be tokens or quoted strings with escapes and
/// commas, and the header may carry other challenges (Basic, ...) too. nullopt when there is no
/// Bearer challenge with a realm.
std::optional<BearerChallenge> parse_bearer_challenge(std::string_view header);

}  // namespace preview
