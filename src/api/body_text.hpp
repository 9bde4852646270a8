#pragma once

// Internal to the api layer: describing a response body that is not the JSON we wanted, without
// dumping it.

#include <optional>
#include <string>
#include <string_view>

namespace preview::api_detail {

/// What kind of text a response body is.
enum class BodyKind { empty, html, truncated_json, too_deep, not_json, json_object, json_other };

struct BodyShape {
    BodyKind kind = BodyKind::empty;
    std::string description;  ///< "an HTML page titled \"502 Bad Gateway\"", "truncated JSON", ...
};

/// Classifies `body` and describes it in a few words, quoting at most a short excerpt.
BodyShape describe_body(std::string_view body);

/// Whether the body looks like an HTML page (a proxy, load balancer or login page).
bool looks_like_html(std::string_view body);

/// The page's <title>, trimmed, single-line and at most 80 characters; nullopt when absent.
std::optional<std::string> html_title(std::string_view body);

/// The first line of `body`, trimmed, printable ASCII only, cut to `max_chars` with "...".
std::string excerpt(std::string_view body, std::size_t max_chars = 80);

/// Whether `text` contains `needle`, ignoring ASCII case.
bool contains_nocase(std::string_view text, std::string_view needle);

/// Whether `a` equals `b`, ignoring ASCII case.
bool equals_nocase(std::string_view a, std::string_view b);

/// `text` without leading and trailing ASCII whitespace.
std::string_view trim(std::string_view text);

/// "cannot <what>: " or "" when `what` is empty.
std::string cannot(std::string_view what);

}  // namespace preview::api_detail
