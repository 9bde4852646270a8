#include "io/curl_errors.hpp"

#include <cerrno>
#include <string_view>

#include <fmt/format.h>

namespace preview::curl {

namespace {

constexpr std::size_t kKiB = 1024;
constexpr std::size_t kMiB = kKiB * kKiB;
constexpr std::string_view kTlsHint =
    "set certificate-authority in the kubeconfig, or SSL_CERT_FILE for other hosts";
constexpr std::string_view kClientCertHint =
    "check client-certificate-data and client-key-data in the kubeconfig";

/// "30 s" for whole seconds, "1500 ms" otherwise.
std::string format_timeout(milliseconds timeout) {
    const auto ms = static_cast<long long>(timeout.count());
    return ms % 1000 == 0 ? fmt::format("{} s", ms / 1000) : fmt::format("{} ms", ms);
}

/// "32 MiB", "1.5 MiB", "64 KiB" or "100 bytes".
std::string format_size(std::size_t bytes) {
    if (bytes >= kMiB) {
        return bytes % kMiB == 0 ? fmt::format("{} MiB", bytes / kMiB)
                                 : fmt::format("{:.1f} MiB", static_cast<double>(bytes) / kMiB);
    }
    if (bytes >= kKiB && bytes % kKiB == 0) {
        return fmt::format("{} KiB", bytes / kKiB);
    }
    return fmt::format("{} bytes", bytes);
}

/// The proxy a failed connect was to, or "" when it was the target itself. libcurl's error
/// names the host it tried; a host other than the target is a proxy (possibly from HTTPS_PROXY).
std::string failed_proxy(const Transfer& transfer) {
    constexpr std::string_view kPrefix = "Failed to connect to ";
    const std::string detail = transfer.detail();
    std::string tried;
    if (detail.rfind(kPrefix, 0) == 0) {
        tried =
            detail.substr(kPrefix.size(), detail.find(" port ", kPrefix.size()) - kPrefix.size());
    }
    if (!transfer.request.proxy.empty()) {
        curl::CurlUrl proxy;
        const std::string proxy_host =
            proxy.parse(transfer.request.proxy) ? proxy.get(CURLUPART_HOST) : std::string();
        if (tried.empty() || tried == proxy_host) {
            return proxy_host.empty() ? redact_url(transfer.request.proxy) : proxy_host;
        }
    }
    const bool is_target =
        tried == transfer.target.host || tried == transfer.request.tls.server_name;
    return tried.empty() || is_target ? std::string() : tried;
}

std::string connect_reason(const Transfer& transfer) {
    switch (info<long>(transfer, CURLINFO_OS_ERRNO)) {
        case ECONNREFUSED:
            return "connection refused";
        case EHOSTUNREACH:
            return "no route to host";
        case ENETUNREACH:
            return "network is unreachable";
        case ECONNRESET:
            return "connection reset";
        default:
            return transfer.detail();
    }
}

AttemptError connect_error(const Transfer& transfer, const char* reason) {
    const std::string proxy = failed_proxy(transfer);
    const std::string message =
        proxy.empty() ? fmt::format("cannot connect to {}:{}: {}", transfer.target.host,
                                    transfer.target.port, connect_reason(transfer))
                      : fmt::format("cannot connect to the proxy {} for {}: {}", proxy,
                                    transfer.target.host, connect_reason(transfer));
    return {Error(ErrorKind::network, message,
                  proxy.empty() ? "" : "check HTTPS_PROXY and NO_PROXY", 0, reason),
            true};
}

AttemptError timeout_error(const Transfer& transfer, Clock::time_point now, const char* reason) {
    if (transfer.attempt_timeout < transfer.request.timeout) {
        return {deadline_error(transfer), false};
    }
    const milliseconds timeout = transfer.request.timeout;
    const milliseconds connect_timeout = std::min(timeout, kMaxConnectTimeout);
    // The connect timeout is the shorter one; if the attempt ended before the whole timeout,
    // it was the connection that took too long.
    if (connect_timeout < timeout && now - transfer.attempt_start < timeout) {
        return {Error(ErrorKind::timeout,
                      fmt::format("cannot connect to {}:{} within {}", transfer.target.host,
                                  transfer.target.port, format_timeout(connect_timeout)),
                      {}, 0, reason),
                false};
    }
    return {Error(ErrorKind::timeout,
                  fmt::format("no answer from {} within {}", transfer.target.host,
                              format_timeout(timeout)),
                  {}, 0, reason),
            false};
}

AttemptError peer_verification_error(const Transfer& transfer, const char* reason) {
    const std::string& host = transfer.target.host;
    const std::string& server_name = transfer.request.tls.server_name;
    if (!transfer.detail_contains("subject name") && !transfer.detail_contains("does not match")) {
        return {Error(ErrorKind::tls,
                      fmt::format("the TLS certificate of {} is not trusted ({})", host,
                                  transfer.detail()),
                      std::string(kTlsHint), 0, reason),
                false};
    }
    if (server_name.empty()) {
        return {Error(ErrorKind::tls,
                      fmt::format("the TLS certificate of {} is issued for other names ({})", host,
                                  transfer.detail()),
                      "connect by a name the certificate lists, or set tls-server-name in the "
                      "kubeconfig",
                      0, reason),
                false};
    }
    return {
        Error(ErrorKind::tls,
              fmt::format("the TLS certificate of {} is not issued for the server name {} ({})",
                          host, server_name, transfer.detail()),
              "set tls-server-name in the kubeconfig to a name the certificate lists", 0, reason),
        false};
}

/// TLS alerts about the client certificate, which TLS 1.3 delivers after the handshake.
bool is_client_cert_rejection(const Transfer& transfer) {
    return transfer.detail_contains("alert") && transfer.detail_contains("certificate");
}

AttemptError tls_error(const Transfer& transfer, CURLcode code, const char* reason) {
    const std::string& host = transfer.target.host;
    if (code == CURLE_PEER_FAILED_VERIFICATION) {
        return peer_verification_error(transfer, reason);
    }
    if (code == CURLE_SSL_CERTPROBLEM) {
        return {Error(ErrorKind::tls,
                      fmt::format("the client certificate or key could not be used ({})",
                                  transfer.detail()),
                      std::string(kClientCertHint), 0, reason),
                false};
    }
    if (code == CURLE_SSL_CLIENTCERT || is_client_cert_rejection(transfer)) {
        return {Error(ErrorKind::tls,
                      fmt::format("{} did not accept the client certificate ({})", host,
                                  transfer.detail()),
                      std::string(kClientCertHint), 0, reason),
                false};
    }
    if (code == CURLE_SSL_CACERT_BADFILE) {
        return {Error(ErrorKind::tls,
                      fmt::format("the CA certificates for {} could not be loaded ({})", host,
                                  transfer.detail()),
                      std::string(kTlsHint), 0, reason),
                false};
    }
    return {Error(ErrorKind::tls,
                  fmt::format("the TLS handshake with {} failed ({})", host, transfer.detail()),
                  "check that the server speaks TLS on this port, and whether it wants a client "
                  "certificate",
                  0, reason),
            false};
}

std::optional<AttemptError> proxy_error(const Transfer& transfer, CURLcode code,
                                        const char* reason) {
    const long tunnel_status = info<long>(transfer, CURLINFO_HTTP_CONNECTCODE);
    if (tunnel_status >= 300) {
        return AttemptError{
            Error(ErrorKind::network,
                  fmt::format("the proxy refused the connection to {}:{} (HTTP {})",
                              transfer.target.host, transfer.target.port, tunnel_status),
                  tunnel_status == 407 ? "the proxy wants credentials: put them in the proxy URL"
                                       : "check HTTPS_PROXY and NO_PROXY",
                  0, reason),
            false};
    }
    if (code == CURLE_COULDNT_RESOLVE_PROXY || code == CURLE_PROXY) {
        return AttemptError{Error(ErrorKind::network,
                                  fmt::format("the proxy for {} failed ({})", transfer.target.host,
                                              transfer.detail()),
                                  "check HTTPS_PROXY and NO_PROXY", 0, reason),
                            false};
    }
    return std::nullopt;
}

bool is_tls_code(CURLcode code) {
    switch (code) {
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_ENGINE_NOTFOUND:
        case CURLE_SSL_ENGINE_SETFAILED:
        case CURLE_SSL_ENGINE_INITFAILED:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_SHUTDOWN_FAILED:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_SSL_CLIENTCERT:
        case CURLE_USE_SSL_FAILED:
            return true;
        default:
            return false;
    }
}

bool is_dropped_connection(CURLcode code) {
    switch (code) {
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
            return true;
        default:
            return false;
    }
}

}  // namespace

Error invalid_request(std::string message, CURLcode code) {
    return Error(ErrorKind::config, std::move(message), {}, 0,
                 code == CURLE_OK ? std::string() : curl_code_name(code));
}

Error deadline_error(const Transfer& transfer) {
    Error error(ErrorKind::timeout,
                fmt::format("no answer from {} before the command's time limit ran out",
                            transfer.target.host),
                "the limit is --timeout (or --request-timeout); raise it if the server is slow", 0,
                "Deadline");
    error.cut_by_deadline = true;
    return error;
}

AttemptError classify(const Transfer& transfer, CURLcode code, Clock::time_point now) {
    const char* reason = curl_code_name(code);
    const std::string& host = transfer.target.host;
    if (transfer.body_too_large || code == CURLE_FILESIZE_EXCEEDED) {
        return {Error(ErrorKind::api,
                      fmt::format("the response from {} is larger than {}", host,
                                  format_size(transfer.request.max_body_bytes)),
                      {}, 0, reason),
                false};
    }
    if (auto error = proxy_error(transfer, code, reason)) {
        return std::move(*error);
    }
    if (is_tls_code(code) || (is_dropped_connection(code) && is_client_cert_rejection(transfer))) {
        return tls_error(transfer, code, reason);
    }
    if (is_dropped_connection(code)) {
        return {Error(ErrorKind::network,
                      fmt::format("the connection to {} was closed before a complete answer", host),
                      {}, 0, reason),
                true};
    }
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
            return {Error(ErrorKind::network, fmt::format("cannot resolve host {}", host), {}, 0,
                          reason),
                    false};
        case CURLE_COULDNT_CONNECT:
            return connect_error(transfer, reason);
        case CURLE_OPERATION_TIMEDOUT:
            return timeout_error(transfer, now, reason);
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
            return {
                invalid_request(
                    fmt::format("the URL {} is not a valid http(s) URL", transfer.log_url), code),
                false};
        case CURLE_BAD_CONTENT_ENCODING:
            return {Error(ErrorKind::api,
                          fmt::format("the response from {} could not be decoded ({})", host,
                                      transfer.detail()),
                          {}, 0, reason),
                    false};
        default:
            return {Error(ErrorKind::network,
                          fmt::format("the request to {} failed ({})", host,
                                      transfer.detail().empty() ? curl_easy_strerror(code)
                                                                : transfer.detail()),
                          {}, 0, reason),
                    false};
    }
}

}  // namespace preview::curl
