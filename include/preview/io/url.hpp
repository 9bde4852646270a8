#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "preview/core/result.hpp"

namespace preview {

/// Percent-encodes one path segment or query value (libcurl's escaping: everything but
/// unreserved characters).
std::string url_escape(std::string_view text);

/// base + "?" + k=v&... with every key and value escaped; pairs with empty values are kept.
std::string with_query(std::string base,
                       const std::vector<std::pair<std::string, std::string>>& query);

/// The host (and port, if given) of an absolute URL, or "" if it cannot be parsed.
std::string url_host(std::string_view url);

/// "scheme://host:port" of an absolute URL, lower-case with the default port filled in, or ""
/// if it cannot be parsed. User information is ignored here: use same_origin() to decide
/// where a credential may go.
std::string url_origin(std::string_view url);

/// `reference` (an absolute URL, or a relative reference such as "/x?page=2", "//host/x",
/// "@host/x") resolved against the absolute URL `base` as RFC 3986 §5 says, by libcurl's URL
/// API, and normalised. An error when either cannot be parsed, or when the result carries user
/// information ("https://api.github.com@evil.example/"): a server-supplied URL never needs it,
/// and it is how a URL disguises its real host.
Result<std::string> resolve_url(std::string_view base, std::string_view reference);

/// True when both are absolute URLs without user information whose scheme, host and port
/// (default port filled in, case folded, as libcurl normalises them) are equal: the only case in
/// which a credential meant for one may go to the other.
bool same_origin(std::string_view a, std::string_view b);

}  // namespace preview
