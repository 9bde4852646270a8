#include "preview/render/style.hpp"

#include <fmt/format.h>

namespace preview {

std::string paint(const TermStyle& style, Tone tone, std::string_view text) {
    if (!style.color || tone == Tone::plain) {
        return std::string(text);
    }
    std::string_view code;
    switch (tone) {
        case Tone::good:
            code = "32";
            break;
        case Tone::bad:
            code = "31";
            break;
        case Tone::warn:
            code = "33";
            break;
        case Tone::muted:
            code = "2";
            break;
        case Tone::accent:
            code = "1";
            break;
        case Tone::plain:
            break;
    }
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

std::string mark(const TermStyle& style, Tone tone) {
    switch (tone) {
        case Tone::good:
            return paint(style, tone, "✓");
        case Tone::bad:
            return paint(style, tone, "✗");
        case Tone::warn:
            return paint(style, tone, "!");
        case Tone::muted:
        case Tone::accent:
        case Tone::plain:
            break;
    }
    return paint(style, Tone::muted, "·");
}

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0x1b) {  // skip "ESC [ ... m"
            while (i < text.size() && text[i] != 'm') {
                ++i;
            }
            continue;
        }
        if ((c & 0xC0) != 0x80) {  // count code points, not continuation bytes
            ++width;
        }
    }
    return width;
}

std::string pad(std::string_view text, std::size_t width) {
    std::string out(text);
    const std::size_t w = display_width(text);
    if (w < width) {
        out.append(width - w, ' ');
    }
    return out;
}

}  // namespace preview
