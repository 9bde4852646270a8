#include "preview/api/argocd_stream_json.hpp"

#include <charconv>
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "preview/api/json_parse.hpp"
#include "preview/core/k8s_names.hpp"

namespace preview {
namespace {

std::string string_at(const nlohmann::json& doc, const char* pointer) {
    const nlohmann::json::json_pointer at(pointer);
    if (!doc.contains(at)) {
        return {};
    }
    const auto& value = doc.at(at);
    return value.is_string() ? value.get<std::string>() : std::string();
}

long long_at(const nlohmann::json& doc, const char* key) {
    if (!doc.contains(key) || !doc.at(key).is_number_integer()) {
        return 0;
    }
    return doc.at(key).get<long>();
}

Error malformed(const std::string& why) {
    return Error(ErrorKind::api, "the Argo CD application stream sent " + why,
                 "the Argo CD API server or a proxy in between does not speak its stream "
                 "protocol",
                 0, "BadWatchEvent");
}

std::optional<std::uint64_t> number_of(std::string_view text) {
    std::uint64_t value = 0;
    const auto* end = text.data() + text.size();
    auto [at, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || at != end) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

Result<ArgocdStreamEvent> parse_argocd_stream_event(std::string_view line) {
    const nlohmann::json doc = parse_json(line);
    if (!doc.is_object()) {
        return malformed("a line that is not a JSON object");
    }
    ArgocdStreamEvent event;
    if (doc.contains("error")) {
        const auto& error = doc.at("error");
        if (!error.is_object()) {
            return malformed("an error that is not an object");
        }
        event.http_code = long_at(error, "http_code");
        event.grpc_code = long_at(error, "grpc_code");
        event.message = string_at(error, "/message");
        return event;
    }
    if (!doc.contains("result") || !doc.at("result").is_object()) {
        return malformed("a line with neither a result nor an error");
    }
    const auto& result = doc.at("result");
    event.type = string_at(result, "/type");
    if (event.type != "ADDED" && event.type != "MODIFIED" && event.type != "DELETED") {
        return malformed("an event of an unknown type");
    }
    if (!result.contains("application") || !result.at("application").is_object()) {
        return malformed("a " + event.type + " event without an application");
    }
    const auto& app = result.at("application");
    event.name = string_at(app, "/metadata/name");
    if (auto problem = dns1123_subdomain_problem(event.name)) {
        return malformed("an Application whose name " + *problem);
    }
    event.resource_version = string_at(app, "/metadata/resourceVersion");
    return event;
}

bool is_news(const ArgocdStreamEvent& event, std::string_view since) {
    if (event.type == "DELETED") {
        return true;
    }
    const auto known = number_of(since);
    const auto version = number_of(event.resource_version);
    return !known || !version || *version > *known;
}

}  // namespace preview
