#pragma once

// Internal to the api layer: the small lexer shared by the Link and WWW-Authenticate parsers
// (RFC 9110 §5.6: tokens, quoted strings, optional whitespace).

#include <cstddef>
#include <string>
#include <string_view>

namespace preview::api_detail {

/// A cursor over a header value.
class HeaderLexer {
  public:
    explicit HeaderLexer(std::string_view text) : text_(text) {}

    bool done() const { return pos_ >= text_.size(); }
    char peek() const { return done() ? '\0' : text_[pos_]; }
    void advance() { ++pos_; }
    std::size_t position() const { return pos_; }

    /// Skips spaces and tabs.
    void skip_space();
    /// Reads a token (anything up to whitespace or one of `=;,"<>`); may be empty.
    std::string_view token();
    /// Reads a quoted string starting at '"', undoing backslash escapes; an unterminated string
    /// runs to the end.
    std::string quoted();
    /// Reads a parameter value: a quoted string or a token.
    std::string value();
    /// Reads up to `close` and consumes it; false (and consumes the rest) when it is missing.
    bool until(char close, std::string_view& out);
    /// Skips to just after the next comma that is not inside a quoted string or <...>.
    void skip_past_comma();

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

}  // namespace preview::api_detail
