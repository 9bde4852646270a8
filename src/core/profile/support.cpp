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
