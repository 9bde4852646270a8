#include "preview/render/yaml.hpp"

#include <yaml-cpp/yaml.h>

namespace preview {
namespace {

void emit(YAML::Emitter& out, const nlohmann::ordered_json& value) {
    switch (value.type()) {
        case nlohmann::ordered_json::value_t::object:
            out << YAML::BeginMap;
            for (const auto& [key, item] : value.items()) {
                out << YAML::Key << key << YAML::Value;
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
    std::string text = out.c_str();
    text += '\n';
    return text;
}

std::string render_json(const nlohmann::ordered_json& document) {
    // Replace invalid UTF-8 from servers rather than throwing.
    return document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace preview
