#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace preview {

/// Renders a JSON document as block-style YAML (yaml-cpp's emitter), so `-o yaml` carries exactly
/// the fields of `-o json`.
std::string render_yaml(const nlohmann::ordered_json& document);

/// Renders JSON as pretty-printed text with a trailing newline.
std::string render_json(const nlohmann::ordered_json& document);

}  // namespace preview
