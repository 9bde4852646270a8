#include "preview/api/leftovers.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "preview/api/json_parse.hpp"

namespace preview {

std::vector<GroupResource> remaining_resources(std::string_view message) {
    std::vector<GroupResource> out;
    const auto colon = message.find(':');
    if (colon == std::string_view::npos) {
        return out;
    }
    std::string_view rest = message.substr(colon + 1);
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') {
            item.remove_prefix(1);
        }
        const auto space = item.find(" has ");
        if (space == std::string_view::npos) {
            continue;
        }
        const std::string_view name = item.substr(0, space);  // "resource.group" or "pods."
        const auto dot = name.find('.');
        if (dot == std::string_view::npos || dot == 0) {
            continue;
        }
        out.push_back({std::string(name.substr(0, dot)), std::string(name.substr(dot + 1))});
    }
    return out;
}

Result<std::string> parse_preferred_version(std::string_view body) {
    auto doc = parse_json(body);
    if (doc.is_object() && doc.contains("preferredVersion") &&
        doc["preferredVersion"].is_object()) {
        const auto& pv = doc["preferredVersion"];
        if (pv.contains("groupVersion") && pv["groupVersion"].is_string()) {
            return pv["groupVersion"].get<std::string>();
        }
    }
    return Error(ErrorKind::api, "the API group document has no preferredVersion.groupVersion");
}

Result<std::vector<Leftover>> parse_leftover_list(std::string_view body) {
    auto doc = parse_json(body);
    if (!doc.is_object() || !doc.contains("items") ||
        !(doc["items"].is_array() || doc["items"].is_null())) {
        return Error(ErrorKind::api, "expected a Kubernetes list with items");
    }
    std::string kind = doc.value("kind", std::string());
    if (kind.ends_with("List")) {
        kind.resize(kind.size() - 4);
    }
    const std::string api_version = doc.value("apiVersion", std::string());
    std::vector<Leftover> out;
    if (doc["items"].is_null()) {
        return out;
    }
    for (const auto& item : doc["items"]) {
        if (!item.is_object() || !item.contains("metadata") || !item["metadata"].is_object()) {
            continue;
        }
        const auto& meta = item["metadata"];
        Leftover left;
        left.api_version = item.value("apiVersion", api_version);
        left.kind = item.value("kind", kind);
        if (meta.contains("name") && meta["name"].is_string()) {
            left.name = meta["name"].get<std::string>();
        }
        if (meta.contains("finalizers") && meta["finalizers"].is_array()) {
            for (const auto& f : meta["finalizers"]) {
                if (f.is_string()) {
                    left.finalizers.push_back(f.get<std::string>());
                }
            }
        }
        out.push_back(std::move(left));
    }
    return out;
}

}  // namespace preview
