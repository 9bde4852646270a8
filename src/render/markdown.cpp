#include "preview/render/markdown.hpp"

#include <algorithm>

#include "preview/core/sanitize.hpp"

namespace preview {

std::string md_code(std::string_view text, std::size_t width) {
    const std::string line = sanitize_line(text, width);
    if (line.empty()) {
        return "` `";
    }
    std::size_t longest = 0;
    std::size_t run = 0;
    for (char c : line) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const std::string fence(longest + 1, '`');
    // CommonMark strips one space on each side when both are there; add them only when needed,
    // so a leading or trailing backtick does not join the fence.
    const bool pad =
        line.front() == '`' || line.back() == '`' || (line.front() == ' ' && line.back() == ' ');
    const std::string space = pad ? " " : "";
    return fence + space + line + space + fence;
}

std::string md_cell(std::string_view text, std::size_t width) {
    // GFM splits a row at every `|` not escaped by a backslash, and `\\|` is an escaped backslash
    // before a real separator: no escaping survives a hostile backslash. A broken bar cannot.
    std::string cell;
    for (char c : text) {
        if (c == '|') {
            cell += "\u00a6";
        } else {
            cell += c;
        }
    }
    return md_code(cell, width);
}

}  // namespace preview
