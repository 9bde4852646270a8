#pragma once

// Private to src/core: "a, b, c" of any range of strings, for the doctor's and the profile
// reader's messages (fmt::join would need fmt/ranges.h in every user).

#include <string>
#include <string_view>

namespace preview {

std::string join(const auto& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) {
            out += separator;
        }
        out += item;
    }
    return out;
}

}  // namespace preview
