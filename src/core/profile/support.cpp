#include "core/profile/support.hpp"

#include <initializer_list>
#include <utility>

namespace preview::profile_detail {

Error config_error(std::string message, std::string hint) {
    Error error;
    error.kind = ErrorKind::config;
    error.message = std::move(message);
    error.hint = std::move(hint);
    return error;
}

bool is_http_url(std::string_view url) {
    for (std::string_view scheme : {"https://", "http://"}) {
        if (url.size() > scheme.size() && url.substr(0, scheme.size()) == scheme &&
            url[scheme.size()] != '/') {
            return true;
        }
    }
    return false;
}

}  // namespace preview::profile_detail

namespace preview::profile_detail {

std::optional<int> parse_seconds(std::string_view text) {
    if (text.empty() || text.size() > 6) {
        return std::nullopt;
    }
    int unit = 1;
    switch (text.back()) {
        case 's':
            text.remove_suffix(1);
            break;
        case 'm':
            unit = 60;
            text.remove_suffix(1);
            break;
        case 'h':
            unit = 3600;
            text.remove_suffix(1);
            break;
        default:
            break;
    }
    if (text.empty()) {
        return std::nullopt;
    }
    int value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value * unit;
}

}  // namespace preview::profile_detail
