#include "preview/api/smoke_json.hpp"

#include "preview/api/json_parse.hpp"

namespace preview {
namespace {

constexpr std::size_t kMessageBytes = 200;

bool field_is(const nlohmann::json& item, std::string_view field, std::string_view text) {
    const nlohmann::json* at = &item;
    for (std::size_t pos = 0; pos <= field.size();) {
        const auto dot = field.find('.', pos);
        const auto key = field.substr(pos, dot == std::string_view::npos ? dot : dot - pos);
        if (!at->is_object()) {
            return false;
        }
        const auto found = at->find(std::string(key));
        if (found == at->end()) {
            return false;
        }
        at = &*found;
        if (dot == std::string_view::npos) {
            break;
        }
        pos = dot + 1;
    }
    return at->is_string() && at->get_ref<const std::string&>() == text;
}

}  // namespace

SmokeErrorAnswer parse_smoke_error(std::string_view body) {
    SmokeErrorAnswer answer;
    const auto doc = parse_json(body);
    if (doc.is_object()) {
        const auto status = doc.find("status");
        const auto message = doc.find("message");
        if (status != doc.end() && status->is_string() && *status == "error" &&
            message != doc.end() && message->is_string()) {
            answer.json_error = true;
            answer.message = message->get<std::string>().substr(0, kMessageBytes);
            return answer;
        }
    }
    const auto line = body.substr(0, body.find('\n'));
    answer.message = std::string(line.substr(0, kMessageBytes));
    return answer;
}

bool smoke_answer_has(std::string_view body, std::string_view text, std::string_view field) {
    if (field.empty()) {
        return !text.empty() && body.find(text) != std::string_view::npos;
    }
    const auto doc = parse_json(body);
    if (doc.is_array()) {
        for (const auto& item : doc) {
            if (field_is(item, field, text)) {
                return true;
            }
        }
        return false;
    }
    return field_is(doc, field, text);
}

}  // namespace preview
