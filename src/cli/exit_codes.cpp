#include "preview/cli/exit_codes.hpp"

namespace preview {

ExitCode exit_code_for(const Error& error) {
    switch (error.kind) {
        case ErrorKind::usage:
        case ErrorKind::config:
        case ErrorKind::not_found:
            return ExitCode::usage;
        case ErrorKind::auth:
        case ErrorKind::permission:
            return ExitCode::auth;
        case ErrorKind::network:
        case ErrorKind::tls:
        case ErrorKind::timeout:
        case ErrorKind::api:
            return ExitCode::failure;
        case ErrorKind::interrupted:
            return ExitCode::interrupted;
    }
    return ExitCode::failure;
}

namespace {
int rank(ExitCode code) {
    switch (code) {
        case ExitCode::ok:
            return 0;
        case ExitCode::not_achieved:
            return 1;
        case ExitCode::usage:
            return 2;
        case ExitCode::failure:
            return 3;
        case ExitCode::auth:
            return 4;
        case ExitCode::interrupted:
            return 5;
    }
    return 0;
}
}  // namespace

ExitCode worse(ExitCode a, ExitCode b) {
    return rank(a) >= rank(b) ? a : b;
}

}  // namespace preview
