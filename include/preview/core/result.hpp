#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace preview {

/// What went wrong, in the terms the exit codes are defined in (see cli/exit_codes.hpp).
enum class ErrorKind {
    usage,        ///< bad command line or input (PR "abc")
    config,       ///< bad profile, kubeconfig or environment
    not_found,    ///< the thing asked for does not exist (a PR, a context)
    auth,         ///< credentials missing, wrong or expired (HTTP 401)
    permission,   ///< credentials fine, access denied (HTTP 403)
    network,      ///< DNS, connect, reset, proxy
    tls,          ///< certificate or handshake problem
    timeout,      ///< no answer within the limit
    api,          ///< the server answered, but with an error or a body we cannot use
    interrupted,  ///< Ctrl-C
};

/// "usage", "config", "not-found", ...: the kind as scripts see it in `-o json` errors.
std::string_view error_kind_name(ErrorKind kind);

/// An error as data: one clear sentence, an optional hint, and where it came from.
struct Error {
    Error() = default;
    Error(ErrorKind k, std::string msg, std::string hnt = {}, long status = 0, std::string rsn = {})
        : kind(k),
          message(std::move(msg)),
          hint(std::move(hnt)),
          http_status(status),
          reason(std::move(rsn)) {}

    ErrorKind kind = ErrorKind::api;
    std::string message;   ///< one sentence, no trailing period needed
    std::string hint;      ///< what the user can do about it; may be empty
    long http_status = 0;  ///< 0 when no HTTP response was received
    std::string reason;    ///< machine-readable reason (Kubernetes Status reason, curl code name)
    /// A placeholder for data nobody read (Snapshot::not_read), not a failure to report. A flag,
    /// not a reason: a server chooses the reason, and must not be able to hide its error.
    bool not_gathered = false;
    /// The command's own time limit (--timeout) ended the request: for `up`/`down` that is the
    /// timeout they report, not a server failure.
    bool cut_by_deadline = false;
};

/// The value or the error, never both. Deliberately small: std::expected is C++23.
template <class T>
class Result {
  public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(v_); }

  private:
    std::variant<T, Error> v_;
};

/// Result for operations that produce nothing but may fail.
struct Unit {};
using Status = Result<Unit>;
inline Status ok_status() {
    return Unit{};
}

/// Thrown only to unwind from a command to main, which maps it to an exit code.
struct Failure {
    Error error;
};

}  // namespace preview
