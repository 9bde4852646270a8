#pragma once

// Helpers shared by the profile translation units; not part of the public interface.

#include <optional>
#include <string>
#include <string_view>

#include "core/join.hpp"

#include "preview/core/result.hpp"

namespace preview::profile_detail {

/// An ErrorKind::config error.
Error config_error(std::string message, std::string hint = {});

/// Unwinds from deep inside the reader or the target renderer to the public entry point, which
/// turns it back into a Result.
struct ProfileProblem {
    Error error;
};

/// "30s", "2m", "1h" or a plain number of seconds; nullopt when it is none of these.
std::optional<int> parse_seconds(std::string_view text);

/// "https://x" or "http://x": a scheme followed by something that is not another '/'.
bool is_http_url(std::string_view url);

}  // namespace preview::profile_detail
