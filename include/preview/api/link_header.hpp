#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace preview {

/// The target of the first link with relation "next" in an HTTP Link header (RFC 8288, as GitHub
/// sends it: `<url>; rel="next", <url>; rel="last"`). Relation names are case-insensitive and a
/// rel may list several (`rel="next last"`); quoted parameter values may contain commas and
/// semicolons. nullopt when there is no next link or the header is malformed there.
std::optional<std::string> next_link(std::string_view link_header);

}  // namespace preview
