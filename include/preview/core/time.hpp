#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace preview {

/// Parses an RFC 3339 timestamp ("2026-11-23T20:00:00Z", fractional seconds and offsets allowed)
/// into Unix seconds.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

/// Formats Unix seconds as "2026-11-23T20:00:00Z".
std::string format_rfc3339(std::int64_t unix_seconds);

/// A short human age, kubectl style: "45s", "12m", "3h", "5d".
std::string format_age(std::int64_t seconds);

/// A duration with two units at most: "45s", "2m05s", "1h02m".
std::string format_duration(std::int64_t seconds);

}  // namespace preview
