#include "preview/api/watch_json.hpp"

#include <nlohmann/json.hpp>

#include "preview/api/json_parse.hpp"

namespace preview {
namespace {

std::string string_at(const nlohmann::json& doc, const nlohmann::json::json_pointer& at) {
    if (!doc.contains(at)) {
        return {};
    }
    const auto& value = doc.at(at);
    return value.is_string() ? value.get<std::string>() : std::string();
}

Error malformed(std::string why) {
    return Error(ErrorKind::api, "the watch stream sent " + std::move(why),
                 "the API server or a proxy in between does not speak the watch protocol", 0,
                 "BadWatchEvent");
}

}  // namespace

Result<WatchEvent> parse_watch_event(std::string_view line) {
    const nlohmann::json doc = parse_json(line);
    if (!doc.is_object()) {
        return malformed("a line that is not a JSON object");
    }
    WatchEvent event;
    event.type = string_at(doc, nlohmann::json::json_pointer("/type"));
    if (event.type.empty()) {
        return malformed("an event without a type");
    }
    if (!doc.contains("object") || !doc.at("object").is_object()) {
        return malformed("a " + event.type + " event without an object");
    }
    const auto& object = doc.at("object");
    if (event.type == "ERROR") {
        if (object.contains("code") && object.at("code").is_number_integer()) {
            event.code = object.at("code").get<long>();
        }
        event.message = string_at(object, nlohmann::json::json_pointer("/message"));
        return event;
    }
    event.resource_version =
        string_at(object, nlohmann::json::json_pointer("/metadata/resourceVersion"));
    return event;
}

std::string list_resource_version(std::string_view body) {
    const nlohmann::json doc = parse_json(body);
    if (!doc.is_object()) {
        return {};
    }
    return string_at(doc, nlohmann::json::json_pointer("/metadata/resourceVersion"));
}

}  // namespace preview
