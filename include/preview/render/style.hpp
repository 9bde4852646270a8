#pragma once

#include <string>
#include <string_view>

namespace preview {

/// How the terminal wants text: colour (ANSI) or not.
struct TermStyle {
    bool color = false;
};

enum class Tone { good, bad, warn, muted, accent, plain };

/// Wraps `text` in the ANSI colour of `tone` when colour is on.
std::string paint(const TermStyle& style, Tone tone, std::string_view text);

/// The status mark for a tone: ✓ ✗ ! · (coloured when colour is on).
std::string mark(const TermStyle& style, Tone tone);

/// `text` padded with spaces to `width` display columns (UTF-8 aware, ANSI codes ignored).
std::string pad(std::string_view text, std::size_t width);

/// Display width of UTF-8 text, ignoring ANSI escape sequences.
std::size_t display_width(std::string_view text);

}  // namespace preview
