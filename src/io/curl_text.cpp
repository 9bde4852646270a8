#include "io/curl_text.hpp"

#include <algorithm>
#include <cctype>

namespace preview::curl {

char to_lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string_view trim(std::string_view text) {
    constexpr std::string_view kSpace = " \t\r\n";
    const std::size_t first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

bool is_named(std::string_view name, std::string_view lower_name) {
    return std::equal(name.begin(), name.end(), lower_name.begin(), lower_name.end(),
                      [](char a, char b) { return to_lower(a) == b; });
}

bool has_line_break(std::string_view text) {
    return text.find_first_of("\r\n") != std::string_view::npos;
}

std::string short_detail(std::string_view text) {
    text = trim(text.substr(0, text.find('\n')));
    for (std::string_view prefix : {"SSL certificate problem: ", "SSL: ", "OpenSSL SSL_read: ",
                                    "OpenSSL SSL_write: ", "OpenSSL SSL_connect: "}) {
        if (text.substr(0, prefix.size()) == prefix) {
            text.remove_prefix(prefix.size());
        }
    }
    if (const std::size_t version_end = text.find(": ");
        text.substr(0, 8) == "OpenSSL/" && version_end != std::string_view::npos) {
        text.remove_prefix(version_end + 2);
    }
    if (const std::size_t library_end = text.find("::");
        text.substr(0, 6) == "error:" && library_end != std::string_view::npos) {
        text.remove_prefix(library_end + 2);
    }
    if (const std::size_t errno_suffix = text.rfind(", errno ");
        errno_suffix != std::string_view::npos) {
        text = text.substr(0, errno_suffix);
    }
    return std::string(trim(text));
}

}  // namespace preview::curl
