#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

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
/// if it cannot be parsed: two URLs with the same origin may share credentials.
std::string url_origin(std::string_view url);

}  // namespace preview
