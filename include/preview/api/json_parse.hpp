#pragma once

// The one way wire JSON is parsed: bounded nesting, no exceptions.

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

namespace preview {

/// Deepest nesting of arrays and objects any parsed document may have (design §7). Kubernetes
/// objects nest a few dozen levels; a deeper document is hostile or broken.
inline constexpr std::size_t kMaxJsonDepth = 512;

/// Whether the arrays and objects of `text` nest deeper than `limit`. A scan of the bytes that
/// skips strings and stops at the first bracket past the limit: no allocation, so a body of
/// nothing but `[` costs nothing. Malformed text is left to the parser.
bool json_too_deep(std::string_view text, std::size_t limit = kMaxJsonDepth);

/// Parses `text` as JSON; a discarded value (is_discarded()) when it is not JSON or nests deeper
/// than kMaxJsonDepth. The depth is checked before the parser builds anything, so memory stays
/// proportional to the (already size-capped) body.
nlohmann::json parse_json(std::string_view text);

}  // namespace preview
