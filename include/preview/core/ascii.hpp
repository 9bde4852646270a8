#pragma once

// ASCII case folding for names that are case-insensitive by protocol (hostnames, GitHub owners
// and repositories, header names): locale-independent, bytes above 0x7f unchanged.

#include <string>
#include <string_view>

namespace preview {

inline std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

}  // namespace preview
