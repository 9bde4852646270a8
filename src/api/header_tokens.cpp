#include "header_tokens.hpp"

namespace preview::api_detail {
namespace {

bool is_delimiter(char c) {
    return c == ' ' || c == '\t' || c == '=' || c == ';' || c == ',' || c == '"' || c == '<' ||
           c == '>';
}

}  // namespace

void HeaderLexer::skip_space() {
    while (!done() && (text_[pos_] == ' ' || text_[pos_] == '\t')) {
        ++pos_;
    }
}

std::string_view HeaderLexer::token() {
    const std::size_t start = pos_;
    while (!done() && !is_delimiter(text_[pos_])) {
        ++pos_;
    }
    return text_.substr(start, pos_ - start);
}

std::string HeaderLexer::quoted() {
    std::string out;
    ++pos_;  // the opening quote
    while (!done()) {
        const char c = text_[pos_++];
        if (c == '"') {
            break;
        }
        if (c == '\\' && !done()) {
            out.push_back(text_[pos_++]);
            continue;
        }
        out.push_back(c);
    }
    return out;
}

std::string HeaderLexer::value() {
    if (peek() == '"') {
        return quoted();
    }
    return std::string(token());
}

bool HeaderLexer::until(char close, std::string_view& out) {
    const std::size_t end = text_.find(close, pos_);
    if (end == std::string_view::npos) {
        pos_ = text_.size();
        return false;
    }
    out = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return true;
}

void HeaderLexer::skip_past_comma() {
    while (!done()) {
        const char c = peek();
        if (c == '"') {
            quoted();
        } else if (c == '<') {
            std::string_view ignored;
            ++pos_;
            until('>', ignored);
        } else {
            ++pos_;
            if (c == ',') {
                return;
            }
        }
    }
}

}  // namespace preview::api_detail
