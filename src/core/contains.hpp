#pragma once

// Private to src/core: substring search for the checks that read servers' messages (C++20 has no
// std::string_view::contains yet).

#include <string_view>

namespace preview {

inline bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

}  // namespace preview
