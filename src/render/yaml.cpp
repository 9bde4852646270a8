#include "preview/render/yaml.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace preview {
namespace {

/// The escape for the control code point whose UTF-8 starts at text[i] (DEL, C1, a bidi
/// control), with its length in bytes; {"", 0} for anything else. Both emitters escape C0
/// themselves; nlohmann leaves DEL, C1 and bidi raw, yaml-cpp leaves DEL and bidi raw.
std::pair<std::string, std::size_t> control_escape(std::string_view text, std::size_t i,
                                                   std::string_view c1_prefix) {
    const auto at = [&](std::size_t k) {
        return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
    };
    if (at(0) == 0x7F) {
        return {fmt::format("{}7f", c1_prefix), 1};
    }
    if (at(0) == 0xC2 && at(1) >= 0x80 && at(1) <= 0x9F) {
        return {fmt::format("{}{:02x}", c1_prefix, at(1)), 2};
    }
    if (at(0) == 0xE2 && ((at(1) == 0x80 && at(2) >= 0xAA && at(2) <= 0xAE) ||
                          (at(1) == 0x81 && at(2) >= 0xA6 && at(2) <= 0xA9))) {
        const unsigned cp = 0x2000u | ((at(1) & 0x3Fu) << 6) | (at(2) & 0x3Fu);
        return {fmt::format("\\u{:04x}", cp), 3};
    }
    return {"", 0};
}

/// Escapes DEL, C1 and bidi controls in emitted JSON or YAML. Only valid where every string
/// holding them is a quoted scalar that takes `\u` escapes (JSON strings; YAML double-quoted).
/// The emitters' output is valid UTF-8, so these byte sequences are always whole code points.
std::string escape_controls(std::string text, std::string_view c1_prefix) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        auto [escape, len] = control_escape(text, i, c1_prefix);
        if (len == 0) {
            out += text[i++];
        } else {
            out += escape;
            i += len;
        }
    }
    return out;
}

/// True when a key is plain ASCII, which yaml-cpp may emit unquoted.
bool plain_key(std::string_view key) {
    for (const char c : key) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7F) {
            return false;
        }
    }
    return true;
}

void emit(YAML::Emitter& out, const nlohmann::ordered_json& value) {
    switch (value.type()) {
        case nlohmann::ordered_json::value_t::object:
            out << YAML::BeginMap;
            for (const auto& [key, item] : value.items()) {
                // A key from data may hold controls: quote it so escapes are allowed there.
                out << YAML::Key;
                if (!plain_key(key)) {
                    out << YAML::DoubleQuoted;
                }
                out << key << YAML::Value;
                emit(out, item);
            }
            out << YAML::EndMap;
            break;
        case nlohmann::ordered_json::value_t::array:
            out << YAML::BeginSeq;
            for (const auto& item : value) {
                emit(out, item);
            }
            out << YAML::EndSeq;
            break;
        case nlohmann::ordered_json::value_t::string:
            // Quote strings that YAML would otherwise read as another type ("true", "42", "").
            out << YAML::DoubleQuoted << value.get<std::string>();
            break;
        case nlohmann::ordered_json::value_t::boolean:
            out << value.get<bool>();
            break;
        case nlohmann::ordered_json::value_t::number_integer:
            out << value.get<std::int64_t>();
            break;
        case nlohmann::ordered_json::value_t::number_unsigned:
            out << value.get<std::uint64_t>();
            break;
        case nlohmann::ordered_json::value_t::number_float:
            out << value.get<double>();
            break;
        case nlohmann::ordered_json::value_t::null:
        case nlohmann::ordered_json::value_t::binary:
        case nlohmann::ordered_json::value_t::discarded:
            out << YAML::Null;
            break;
    }
}

}  // namespace

std::string render_yaml(const nlohmann::ordered_json& document) {
    YAML::Emitter out;
    out.SetIndent(2);
    emit(out, document);
    std::string text = escape_controls(out.c_str(), "\\x");
    text += '\n';
    return text;
}

std::string render_json(const nlohmann::ordered_json& document) {
    // Replace invalid UTF-8 from servers rather than throwing.
    return escape_controls(
               document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
               "\\u00") +
           "\n";
}

std::string render_json_line(const nlohmann::ordered_json& document) {
    return escape_controls(
               document.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
               "\\u00") +
           "\n";
}

}  // namespace preview
