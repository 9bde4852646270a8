#include "json_fields.hpp"

#include <limits>

#include "body_text.hpp"

#include "preview/api/api_errors.hpp"
#include "preview/api/json_parse.hpp"

namespace preview::api_detail {

std::string_view type_name(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null:
            return "null";
        case Json::value_t::object:
            return "an object";
        case Json::value_t::array:
            return "an array";
        case Json::value_t::string:
            return "a string";
        case Json::value_t::boolean:
            return "a boolean";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
            return "an integer";
        case Json::value_t::number_float:
            return "a number";
        default:
            return "an unexpected value";
    }
}

std::string join_path(std::string_view base, std::string_view rel) {
    std::string out(base);
    if (!out.empty() && !rel.empty() && rel.front() != '[') {
        out += '.';
    }
    out += rel;
    return out;
}

const Json* Fields::find(const Node& at, std::string_view path, std::string& full_path) {
    const Json* current = at.value;
    std::string walked(at.path);
    while (current != nullptr) {
        if (path.empty()) {
            break;
        }
        const std::size_t dot = path.find('.');
        const std::string_view key = path.substr(0, dot);
        path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
        if (!current->is_object()) {
            wrong_type(walked, *current, "an object");
            current = nullptr;
            break;
        }
        walked = join_path(walked, key);
        const auto it = current->find(key);
        current = (it == current->end() || it->is_null()) ? nullptr : &*it;
    }
    if (!path.empty()) {
        walked = join_path(walked, path);
    }
    full_path = std::move(walked);
    return current;
}

void Fields::wrong_type(const std::string& path, const Json& value, std::string_view expected) {
    if (failed()) {
        return;
    }
    failure_ = subject_ + ": field " + (path.empty() ? std::string("(top level)") : path) + " is " +
               std::string(type_name(value)) + ", expected " + std::string(expected);
}

void Fields::fail(const std::string& what) {
    if (!failed()) {
        failure_ = subject_ + ": " + what;
    }
}

bool Fields::has_key(const Node& at, std::string_view path) const {
    const Json* current = at.value;
    while (current != nullptr && current->is_object()) {
        const std::size_t dot = path.find('.');
        const auto it = current->find(path.substr(0, dot));
        if (it == current->end()) {
            return false;
        }
        if (dot == std::string_view::npos) {
            return true;
        }
        path = path.substr(dot + 1);
        current = &*it;
    }
    return false;
}

std::string Fields::str(const Node& at, std::string_view path) {
    std::string full;
    const Json* v = find(at, path, full);
    if (v == nullptr) {
        return {};
    }
    if (!v->is_string()) {
        wrong_type(full, *v, "a string");
        return {};
    }
    return v->get<std::string>();
}

std::int64_t Fields::int64(const Node& at, std::string_view path, std::int64_t fallback) {
    std::string full;
    const Json* v = find(at, path, full);
    if (v == nullptr) {
        return fallback;
    }
    if (v->is_number_integer() && !v->is_number_unsigned()) {
        return v->get<std::int64_t>();
    }
    if (v->is_number_unsigned()) {
        const auto u = v->get<std::uint64_t>();
        if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return static_cast<std::int64_t>(u);
        }
    }
    wrong_type(full, *v, "an integer");
    return fallback;
}

std::optional<int> Fields::opt_int32(const Node& at, std::string_view path) {
    std::string full;
    const Json* v = find(at, path, full);
    if (v == nullptr) {
        return std::nullopt;
    }
    if (v->is_number_integer()) {
        const bool fits = v->is_number_unsigned()
                              ? v->get<std::uint64_t>() <=
                                    static_cast<std::uint64_t>(std::numeric_limits<int>::max())
                              : (v->get<std::int64_t>() >= std::numeric_limits<int>::min() &&
                                 v->get<std::int64_t>() <= std::numeric_limits<int>::max());
        if (fits) {
            return v->is_number_unsigned() ? static_cast<int>(v->get<std::uint64_t>())
                                           : static_cast<int>(v->get<std::int64_t>());
        }
        if (!failed()) {
            failure_ = subject_ + ": field " + full + " is out of range";
        }
        return std::nullopt;
    }
    wrong_type(full, *v, "an integer");
    return std::nullopt;
}

int Fields::int32(const Node& at, std::string_view path, int fallback) {
    return opt_int32(at, path).value_or(fallback);
}

bool Fields::boolean(const Node& at, std::string_view path, bool fallback) {
    std::string full;
    const Json* v = find(at, path, full);
    if (v == nullptr) {
        return fallback;
    }
    if (!v->is_boolean()) {
        wrong_type(full, *v, "a boolean");
        return fallback;
    }
    return v->get<bool>();
}

Node Fields::object(const Node& at, std::string_view path) {
    std::string full;
    const Json* v = find(at, path, full);
    if (v != nullptr && !v->is_object()) {
        wrong_type(full, *v, "an object");
        v = nullptr;
    }
    return Node{v, std::move(full)};
}

std::vector<Node> Fields::objects(const Node& at, std::string_view path) {
    std::string full;
    const Json* v = find(at, path, full);
    std::vector<Node> out;
    if (v == nullptr) {
        return out;
    }
    if (!v->is_array()) {
        wrong_type(full, *v, "an array");
        return out;
    }
    out.reserve(v->size());
    std::size_t index = 0;
    for (const Json& element : *v) {
        std::string element_path = full + "[" + std::to_string(index++) + "]";
        if (!element.is_object()) {
            wrong_type(element_path, element, "an object");
            continue;
        }
        out.push_back(Node{&element, std::move(element_path)});
    }
    return out;
}

std::vector<std::string> Fields::strings(const Node& at, std::string_view path) {
    std::string full;
    const Json* v = find(at, path, full);
    std::vector<std::string> out;
    if (v == nullptr) {
        return out;
    }
    if (!v->is_array()) {
        wrong_type(full, *v, "an array");
        return out;
    }
    std::size_t index = 0;
    for (const Json& element : *v) {
        if (!element.is_string()) {
            wrong_type(full + "[" + std::to_string(index) + "]", element, "a string");
        } else {
            out.push_back(element.get<std::string>());
        }
        ++index;
    }
    return out;
}

std::map<std::string, std::string> Fields::string_map(const Node& at, std::string_view path) {
    std::string full;
    const Json* v = find(at, path, full);
    std::map<std::string, std::string> out;
    if (v == nullptr) {
        return out;
    }
    if (!v->is_object()) {
        wrong_type(full, *v, "an object");
        return out;
    }
    for (const auto& [key, value] : v->items()) {
        if (!value.is_string()) {
            wrong_type(full + "[\"" + key + "\"]", value, "a string");
            continue;
        }
        out.emplace(key, value.get<std::string>());
    }
    return out;
}

Result<Json> parse_object(std::string_view body, std::string_view what) {
    Json doc = parse_json(body);
    if (doc.is_discarded() || !doc.is_object()) {
        return unexpected_body(what, 0, body);
    }
    return doc;
}

Result<Json> parse_array(std::string_view body, std::string_view what) {
    Json doc = parse_json(body);
    if (doc.is_discarded() || !doc.is_array()) {
        return unexpected_body(what, 0, body);
    }
    return doc;
}

std::string quoted_subject(std::string_view kind, std::string_view name) {
    std::string out(kind);
    out += " \"";
    out += excerpt(name, 100);
    out += '"';
    return out;
}

Error shape_error(const std::string& failure) {
    Error e;
    e.kind = ErrorKind::api;
    e.message = "cannot read " + failure;
    e.hint =
        "the server answered with a shape preview does not understand; check that the URL "
        "points at the expected API and version";
    e.reason = "UnexpectedBody";
    return e;
}

}  // namespace preview::api_detail
