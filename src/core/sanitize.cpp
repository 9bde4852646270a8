#include "preview/core/sanitize.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace preview {
namespace {

/// The code point starting at text[i] and its length in bytes; length 0 for invalid UTF-8
/// (stray continuation byte, overlong form, surrogate, beyond U+10FFFF, cut sequence).
std::pair<char32_t, std::size_t> decode(std::string_view text, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {
        return {b0, 1};
    }
    std::size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2, cp = b0 & 0x1Fu, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3, cp = b0 & 0x0Fu, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4, cp = b0 & 0x07u, min = 0x10000;
    } else {
        return {0, 0};
    }
    if (i + len > text.size()) {
        return {0, 0};
    }
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(text[i + k]);
        if ((b & 0xC0) != 0x80) {
            return {0, 0};
        }
        cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return {0, 0};
    }
    return {cp, len};
}

/// How code point `cp` is shown: escaped when unsafe, else empty (shown as it is).
std::string escape_of(char32_t cp) {
    if (cp == '\n') {
        return "\\n";
    }
    if (cp == '\r') {
        return "\\r";
    }
    if (cp < 0x20 || cp == 0x7F) {
        return fmt::format("\\x{:02x}", static_cast<unsigned>(cp));
    }
    return fmt::format("\\u{:04x}", static_cast<unsigned>(cp));
}

}  // namespace

bool is_unsafe_code_point(char32_t cp) {
    return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

std::string sanitize_line(std::string_view text, std::size_t width) {
    width = std::max<std::size_t>(width, 1);
    std::string out;
    std::size_t shown = 0;     // code points in `out` (an escape counts each of its characters)
    std::size_t fits_cut = 0;  // length of `out` while it still leaves room for "…"
    for (std::size_t i = 0; i < text.size();) {
        auto [cp, len] = decode(text, i);
        std::string piece;
        if (len == 0) {
            piece = fmt::format("\\x{:02x}",
                                static_cast<unsigned>(static_cast<unsigned char>(text[i])));
            len = 1;
        } else if (is_unsafe_code_point(cp)) {
            piece = escape_of(cp);
        } else {
            piece.assign(text.substr(i, len));
        }
        const std::size_t points = piece.starts_with('\\') ? piece.size() : 1;
        if (shown + points > width) {
            out.resize(fits_cut);
            out += "…";
            return out;
        }
        out += piece;
        shown += points;
        if (shown < width) {
            fits_cut = out.size();
        }
        i += len;
    }
    return out;
}

}  // namespace preview
