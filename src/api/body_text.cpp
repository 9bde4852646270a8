#include "body_text.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "preview/api/json_parse.hpp"

namespace preview::api_detail {
namespace {

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::size_t find_nocase(std::string_view text, std::string_view needle, std::size_t from = 0) {
    if (needle.empty()) {
        return from <= text.size() ? from : std::string_view::npos;
    }
    auto it = std::search(text.begin() + static_cast<std::ptrdiff_t>(std::min(from, text.size())),
                          text.end(), needle.begin(), needle.end(),
                          [](char a, char b) { return lower(a) == lower(b); });
    return it == text.end() ? std::string_view::npos : static_cast<std::size_t>(it - text.begin());
}

// Length of the valid UTF-8 sequence at the start of `text`, or 0 when it is not one.
std::size_t utf8_length(std::string_view text) {
    const auto b0 = static_cast<unsigned char>(text[0]);
    std::size_t len = 0;
    unsigned min_second = 0x80;
    unsigned max_second = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        min_second = b0 == 0xE0 ? 0xA0 : 0x80;
        max_second = b0 == 0xED ? 0x9F : 0xBF;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        min_second = b0 == 0xF0 ? 0x90 : 0x80;
        max_second = b0 == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (text.size() < len) {
        return 0;
    }
    for (std::size_t i = 1; i < len; ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        const unsigned lo = i == 1 ? min_second : 0x80;
        const unsigned hi = i == 1 ? max_second : 0xBF;
        if (b < lo || b > hi) {
            return 0;
        }
    }
    return len;
}

// Printable, single-line, valid UTF-8 text of at most max_chars bytes.
std::string clean_line(std::string_view text, std::size_t max_chars) {
    std::string out;
    bool pending_space = false;
    bool cut = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        const auto u = static_cast<unsigned char>(c);
        std::size_t len = 1;
        if (is_space(c)) {
            pending_space = !out.empty();
            ++i;
            continue;
        }
        if (u >= 0x80) {
            len = utf8_length(text.substr(i));
            if (len == 0) {
                ++i;  // not valid UTF-8: dropped, so messages stay printable and serialisable
                continue;
            }
        } else if (u < 0x20 || u == 0x7f) {
            ++i;
            continue;
        }
        const std::size_t need = len + (pending_space ? 1 : 0);
        if (out.size() + need > max_chars) {
            cut = true;
            break;
        }
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
        }
        out.append(text.substr(i, len));
        i += len;
    }
    if (cut) {
        // Make room for the ellipsis without splitting a UTF-8 sequence.
        while (!out.empty() && out.size() + 3 > max_chars) {
            std::size_t last = out.size() - 1;  // start of the last character
            while (last > 0 && (static_cast<unsigned char>(out[last]) & 0xC0u) == 0x80u) {
                --last;
            }
            out.resize(last);
        }
        out += "...";
    }
    return out;
}

// Accepts every event; remembers where a syntax error occurred, so that a body that ends in the
// middle of a value can be told apart from one that is not JSON at all.
struct ErrorPosition {
    using json = nlohmann::json;
    std::size_t position = 0;
    bool failed = false;

    bool null() { return true; }
    bool boolean(bool /*unused*/) { return true; }
    bool number_integer(json::number_integer_t /*unused*/) { return true; }
    bool number_unsigned(json::number_unsigned_t /*unused*/) { return true; }
    bool number_float(json::number_float_t /*unused*/, const json::string_t& /*unused*/) {
        return true;
    }
    bool string(json::string_t& /*unused*/) { return true; }
    bool binary(json::binary_t& /*unused*/) { return true; }
    bool start_object(std::size_t /*unused*/) { return true; }
    bool key(json::string_t& /*unused*/) { return true; }
    bool end_object() { return true; }
    bool start_array(std::size_t /*unused*/) { return true; }
    bool end_array() { return true; }
    bool parse_error(std::size_t pos, const std::string& /*unused*/,
                     const nlohmann::detail::exception& /*unused*/) {
        failed = true;
        position = pos;
        return false;
    }
};

}  // namespace

BodyShape describe_body(std::string_view body) {
    const std::string_view text = trim(body);
    if (text.empty()) {
        return {BodyKind::empty, "an empty body"};
    }
    if (looks_like_html(text)) {
        const auto title = html_title(text);
        return {BodyKind::html,
                title ? "an HTML page titled \"" + *title + "\"" : std::string("an HTML page")};
    }
    if (json_too_deep(text)) {
        return {BodyKind::too_deep,
                "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"};
    }
    ErrorPosition sax;
    const bool ok =
        nlohmann::json::sax_parse(body, &sax, nlohmann::json::input_format_t::json, true, false);
    if (!ok || sax.failed) {
        // The parser reports the error one past the last byte when the input simply ran out.
        if (sax.position >= body.size() && (text.front() == '{' || text.front() == '[')) {
            return {BodyKind::truncated_json, "truncated JSON"};
        }
        return {BodyKind::not_json, "text that is not JSON (\"" + excerpt(text, 60) + "\")"};
    }
    switch (text.front()) {
        case '{': {
            const auto parsed = parse_json(body);
            const auto kind = parsed.is_object() ? parsed.find("kind") : parsed.end();
            if (parsed.is_object() && kind != parsed.end() && kind->is_string()) {
                return {BodyKind::json_object,
                        "a JSON object of kind \"" + excerpt(kind->get<std::string>(), 40) + "\""};
            }
            return {BodyKind::json_object, "a JSON object of another shape"};
        }
        case '[':
            return {BodyKind::json_other, "a JSON array"};
        case '"':
            return {BodyKind::json_other, "a JSON string"};
        case 'n':
            return {BodyKind::json_other, "JSON null"};
        case 't':
        case 'f':
            return {BodyKind::json_other, "a JSON boolean"};
        default:
            return {BodyKind::json_other, "a JSON number"};
    }
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

bool looks_like_html(std::string_view body) {
    const std::string_view head = trim(body).substr(0, 512);
    if (head.empty() || head.front() != '<') {
        return false;
    }
    return find_nocase(head, "<!doctype html") != std::string_view::npos ||
           find_nocase(head, "<html") != std::string_view::npos ||
           find_nocase(head, "<head") != std::string_view::npos ||
           find_nocase(head, "<body") != std::string_view::npos ||
           find_nocase(head, "<title") != std::string_view::npos ||
           find_nocase(head, "<h1") != std::string_view::npos;
}

std::optional<std::string> html_title(std::string_view body) {
    const std::size_t open = find_nocase(body, "<title");
    if (open == std::string_view::npos) {
        return std::nullopt;
    }
    const std::size_t start = body.find('>', open);
    if (start == std::string_view::npos) {
        return std::nullopt;
    }
    const std::size_t end = find_nocase(body, "</title", start);
    if (end == std::string_view::npos) {
        return std::nullopt;
    }
    std::string title = clean_line(body.substr(start + 1, end - start - 1), 80);
    if (title.empty()) {
        return std::nullopt;
    }
    return title;
}

std::string excerpt(std::string_view body, std::size_t max_chars) {
    std::string_view text = trim(body);
    const std::size_t eol = text.find('\n');
    if (eol != std::string_view::npos) {
        text = text.substr(0, eol);
    }
    return clean_line(text, max_chars);
}

bool contains_nocase(std::string_view text, std::string_view needle) {
    return find_nocase(text, needle) != std::string_view::npos;
}

bool equals_nocase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && find_nocase(a, b) == 0;
}

std::string cannot(std::string_view what) {
    if (what.empty()) {
        return {};
    }
    std::string out = "cannot ";
    out += what;
    out += ": ";
    return out;
}

}  // namespace preview::api_detail
