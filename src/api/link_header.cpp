#include "preview/api/link_header.hpp"

#include "body_text.hpp"
#include "header_tokens.hpp"

namespace preview {
namespace {

// Whether a rel value (space-separated relation types) contains "next".
bool has_next(std::string_view rel) {
    std::size_t i = 0;
    while (i < rel.size()) {
        while (i < rel.size() && (rel[i] == ' ' || rel[i] == '\t')) {
            ++i;
        }
        const std::size_t start = i;
        while (i < rel.size() && rel[i] != ' ' && rel[i] != '\t') {
            ++i;
        }
        if (api_detail::equals_nocase(rel.substr(start, i - start), "next")) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::optional<std::string> next_link(std::string_view link_header) {
    api_detail::HeaderLexer lex(link_header);
    while (!lex.done()) {
        lex.skip_space();
        if (lex.peek() == ',') {
            lex.advance();
            continue;
        }
        if (lex.done()) {
            break;
        }
        if (lex.peek() != '<') {
            lex.skip_past_comma();  // not a link-value: ignore it
            continue;
        }
        lex.advance();
        std::string_view target;
        if (!lex.until('>', target)) {
            return std::nullopt;
        }
        bool seen_rel = false;
        bool is_next = false;
        for (;;) {
            lex.skip_space();
            if (lex.done() || lex.peek() == ',') {
                break;
            }
            if (lex.peek() != ';') {
                lex.skip_past_comma();
                break;
            }
            lex.advance();
            lex.skip_space();
            const std::string_view name = lex.token();
            lex.skip_space();
            std::string value;
            if (lex.peek() == '=') {
                lex.advance();
                lex.skip_space();
                value = lex.value();
            }
            // RFC 8288 §3.3: only the first rel parameter counts.
            if (!seen_rel && api_detail::equals_nocase(name, "rel")) {
                seen_rel = true;
                is_next = has_next(value);
            }
        }
        const std::string_view url = api_detail::trim(target);
        if (is_next && !url.empty()) {
            return std::string(url);
        }
    }
    return std::nullopt;
}

}  // namespace preview
