#include "preview/api/health_json.hpp"

#include "json_fields.hpp"
#include <nlohmann/json.hpp>

namespace preview {

HealthRevision parse_health_revision(std::string_view body) {
    constexpr std::size_t kMaxBody = 64u << 10u;
    HealthRevision out;
    if (body.size() > kMaxBody || body.find('{') == std::string_view::npos) {
        return out;
    }
    auto doc = api_detail::parse_object(body, "read the health answer");
    if (!doc.ok()) {
        return out;
    }
    auto text = [&](const char* key) -> std::string {
        const auto it = doc->find(key);
        return it != doc->end() && it->is_string() ? it->get<std::string>() : std::string{};
    };
    for (const char* key : {"commit", "sha", "gitCommit"}) {
        if (out.commit = text(key); !out.commit.empty()) {
            break;
        }
    }
    out.version = text("version");
    return out;
}

}  // namespace preview
