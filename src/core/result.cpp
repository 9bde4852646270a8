#include "preview/core/result.hpp"

namespace preview {

std::string_view error_kind_name(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::usage:
            return "usage";
        case ErrorKind::config:
            return "config";
        case ErrorKind::not_found:
            return "not-found";
        case ErrorKind::auth:
            return "auth";
        case ErrorKind::permission:
            return "permission";
        case ErrorKind::network:
            return "network";
        case ErrorKind::tls:
            return "tls";
        case ErrorKind::timeout:
            return "timeout";
        case ErrorKind::api:
            return "api";
        case ErrorKind::interrupted:
            return "interrupted";
    }
    return "api";
}

}  // namespace preview
