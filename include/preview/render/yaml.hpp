#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace preview {

/// Renders a JSON document as block-style YAML (yaml-cpp's emitter), so `-o yaml` carries exactly
/// the fields of `-o json`. Every string is double-quoted; controls and bidi controls are escaped.
std::string render_yaml(const nlohmann::ordered_json& document);

/// Renders JSON as pretty-printed text with a trailing newline. Invalid UTF-8 becomes U+FFFD;
/// control characters (C0, DEL, C1) and bidi controls are `\u` escapes, never raw (design §7).
std::string render_json(const nlohmann::ordered_json& document);

/// As render_json, on one line (for a stream of JSON objects, one per line).
std::string render_json_line(const nlohmann::ordered_json& document);

}  // namespace preview
