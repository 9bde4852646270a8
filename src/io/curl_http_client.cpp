#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/curl_handles.hpp"
#include <fmt/format.h>

#include "preview/io/http.hpp"

namespace preview {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kFirstBackoff{250};
constexpr milliseconds kMaxBackoff{4000};
constexpr milliseconds kMaxConnectTimeout{10000};
constexpr milliseconds kIdlePoll{1000};
constexpr milliseconds kInterruptPoll{50};
constexpr std::size_t kKiB = 1024;
constexpr std::size_t kMiB = kKiB * kKiB;
constexpr std::string_view kTlsHint =
    "set certificate-authority in the kubeconfig, or SSL_CERT_FILE for other hosts";
constexpr std::string_view kClientCertHint =
    "check client-certificate-data and client-key-data in the kubeconfig";

// ---------------------------------------------------------------------------------------------
// Formatting

const char* curl_code_name(CURLcode code) {
    switch (code) {
        case CURLE_OK:
            return "CURLE_OK";
        case CURLE_UNSUPPORTED_PROTOCOL:
            return "CURLE_UNSUPPORTED_PROTOCOL";
        case CURLE_FAILED_INIT:
            return "CURLE_FAILED_INIT";
        case CURLE_URL_MALFORMAT:
            return "CURLE_URL_MALFORMAT";
        case CURLE_NOT_BUILT_IN:
            return "CURLE_NOT_BUILT_IN";
        case CURLE_COULDNT_RESOLVE_PROXY:
            return "CURLE_COULDNT_RESOLVE_PROXY";
        case CURLE_COULDNT_RESOLVE_HOST:
            return "CURLE_COULDNT_RESOLVE_HOST";
        case CURLE_COULDNT_CONNECT:
            return "CURLE_COULDNT_CONNECT";
        case CURLE_WEIRD_SERVER_REPLY:
            return "CURLE_WEIRD_SERVER_REPLY";
        case CURLE_HTTP2:
            return "CURLE_HTTP2";
        case CURLE_PARTIAL_FILE:
            return "CURLE_PARTIAL_FILE";
        case CURLE_WRITE_ERROR:
            return "CURLE_WRITE_ERROR";
        case CURLE_READ_ERROR:
            return "CURLE_READ_ERROR";
        case CURLE_OUT_OF_MEMORY:
            return "CURLE_OUT_OF_MEMORY";
        case CURLE_OPERATION_TIMEDOUT:
            return "CURLE_OPERATION_TIMEDOUT";
        case CURLE_SSL_CONNECT_ERROR:
            return "CURLE_SSL_CONNECT_ERROR";
        case CURLE_ABORTED_BY_CALLBACK:
            return "CURLE_ABORTED_BY_CALLBACK";
        case CURLE_BAD_FUNCTION_ARGUMENT:
            return "CURLE_BAD_FUNCTION_ARGUMENT";
        case CURLE_TOO_MANY_REDIRECTS:
            return "CURLE_TOO_MANY_REDIRECTS";
        case CURLE_UNKNOWN_OPTION:
            return "CURLE_UNKNOWN_OPTION";
        case CURLE_SETOPT_OPTION_SYNTAX:
            return "CURLE_SETOPT_OPTION_SYNTAX";
        case CURLE_GOT_NOTHING:
            return "CURLE_GOT_NOTHING";
        case CURLE_SSL_ENGINE_NOTFOUND:
            return "CURLE_SSL_ENGINE_NOTFOUND";
        case CURLE_SSL_ENGINE_SETFAILED:
            return "CURLE_SSL_ENGINE_SETFAILED";
        case CURLE_SEND_ERROR:
            return "CURLE_SEND_ERROR";
        case CURLE_RECV_ERROR:
            return "CURLE_RECV_ERROR";
        case CURLE_SSL_CERTPROBLEM:
            return "CURLE_SSL_CERTPROBLEM";
        case CURLE_SSL_CIPHER:
            return "CURLE_SSL_CIPHER";
        case CURLE_PEER_FAILED_VERIFICATION:
            return "CURLE_PEER_FAILED_VERIFICATION";
        case CURLE_BAD_CONTENT_ENCODING:
            return "CURLE_BAD_CONTENT_ENCODING";
        case CURLE_FILESIZE_EXCEEDED:
            return "CURLE_FILESIZE_EXCEEDED";
        case CURLE_USE_SSL_FAILED:
            return "CURLE_USE_SSL_FAILED";
        case CURLE_SEND_FAIL_REWIND:
            return "CURLE_SEND_FAIL_REWIND";
        case CURLE_SSL_ENGINE_INITFAILED:
            return "CURLE_SSL_ENGINE_INITFAILED";
        case CURLE_SSL_CACERT_BADFILE:
            return "CURLE_SSL_CACERT_BADFILE";
        case CURLE_SSL_SHUTDOWN_FAILED:
            return "CURLE_SSL_SHUTDOWN_FAILED";
        case CURLE_AGAIN:
            return "CURLE_AGAIN";
        case CURLE_SSL_CRL_BADFILE:
            return "CURLE_SSL_CRL_BADFILE";
        case CURLE_SSL_ISSUER_ERROR:
            return "CURLE_SSL_ISSUER_ERROR";
        case CURLE_NO_CONNECTION_AVAILABLE:
            return "CURLE_NO_CONNECTION_AVAILABLE";
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return "CURLE_SSL_PINNEDPUBKEYNOTMATCH";
        case CURLE_SSL_INVALIDCERTSTATUS:
            return "CURLE_SSL_INVALIDCERTSTATUS";
        case CURLE_HTTP2_STREAM:
            return "CURLE_HTTP2_STREAM";
        case CURLE_RECURSIVE_API_CALL:
            return "CURLE_RECURSIVE_API_CALL";
        case CURLE_AUTH_ERROR:
            return "CURLE_AUTH_ERROR";
        case CURLE_HTTP3:
            return "CURLE_HTTP3";
        case CURLE_QUIC_CONNECT_ERROR:
            return "CURLE_QUIC_CONNECT_ERROR";
        case CURLE_PROXY:
            return "CURLE_PROXY";
        case CURLE_SSL_CLIENTCERT:
            return "CURLE_SSL_CLIENTCERT";
        case CURLE_UNRECOVERABLE_POLL:
            return "CURLE_UNRECOVERABLE_POLL";
        default:
            return "CURLE_UNKNOWN";
    }
}

long long count_ms(Clock::duration duration) {
    return static_cast<long long>(std::chrono::duration_cast<milliseconds>(duration).count());
}

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

/// Whether `name` is `lower_name`, ignoring case.
bool is_named(std::string_view name, std::string_view lower_name) {
    return std::equal(name.begin(), name.end(), lower_name.begin(), lower_name.end(),
                      [](char a, char b) { return to_lower(a) == b; });
}

bool has_line_break(std::string_view text) {
    return text.find_first_of("\r\n") != std::string_view::npos;
}

/// "OpenSSL SSL_connect: OpenSSL/3.0.19: error:0A000410:SSL routines::sslv3 alert handshake
/// failure, errno 0" -> "sslv3 alert handshake failure".
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

// ---------------------------------------------------------------------------------------------
// One request of a batch

/// Where a request goes, for messages: the URL's host and port (default port filled in).
struct Target {
    std::string scheme;  ///< lower-case
    std::string host;
    std::string port;
};

struct Transfer {
    std::size_t id = 0;  ///< its index in the batch
    HttpRequest request;
    Target target;
    std::string log_url;              ///< the URL as requested, credentials redacted
    const Transfer* after = nullptr;  ///< the previous request of the same serial group
    curl::CurlEasy easy;
    curl::CurlSlist headers;
    curl::CurlSlist connect_to;
    std::array<char, CURL_ERROR_SIZE> error_buffer{};

    // The current attempt.
    std::string body;
    std::vector<Header> response_headers;
    bool body_too_large = false;
    bool running = false;
    Clock::time_point attempt_start;
    milliseconds attempt_timeout{0};  ///< request.timeout, or less when the deadline is sooner

    // All attempts.
    int attempt = 0;
    Clock::time_point first_start;
    milliseconds waited{0};
    std::optional<Clock::time_point> not_before;  ///< set while a retry is pending
    std::optional<HttpOutcome> outcome;

    bool done() const { return outcome.has_value(); }
    int max_attempts() const { return std::max(1, request.max_attempts); }

    void begin_attempt(Clock::time_point now) {
        body.clear();
        response_headers.clear();
        body_too_large = false;
        error_buffer.fill('\0');
        not_before.reset();
        if (attempt == 0) {
            first_start = now;
        }
        ++attempt;
        attempt_start = now;
    }

    /// The first line of CURLOPT_ERRORBUFFER without libcurl's and OpenSSL's decoration.
    std::string detail() const { return short_detail(error_buffer.data()); }

    bool detail_contains(std::string_view needle) const {
        std::string lowered = detail();
        std::transform(lowered.begin(), lowered.end(), lowered.begin(), to_lower);
        return lowered.find(needle) != std::string::npos;
    }
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const size_t bytes = size * count;
    if (transfer.body.size() + bytes > transfer.request.max_body_bytes) {
        transfer.body_too_large = true;
        return 0;
    }
    try {
        transfer.body.append(data, bytes);
    } catch (...) {  // no exception may cross libcurl's C frames
        return 0;
    }
    return bytes;
}

/// Keeps only the last response's headers: a status line (after a 100 Continue or a proxy's
/// CONNECT answer) starts over.
void add_header_line(Transfer& transfer, std::string_view line) {
    if (line.substr(0, 5) == "HTTP/") {
        transfer.response_headers.clear();
        return;
    }
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
        if (!transfer.response_headers.empty() && !trim(line).empty()) {
            auto& value = transfer.response_headers.back().second;
            value += ' ';
            value += trim(line);
        }
        return;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
        return;
    }
    std::string name(trim(line.substr(0, colon)));
    std::transform(name.begin(), name.end(), name.begin(), to_lower);
    transfer.response_headers.emplace_back(std::move(name), trim(line.substr(colon + 1)));
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
    const size_t bytes = size * count;
    try {
        add_header_line(*static_cast<Transfer*>(user), std::string_view(data, bytes));
    } catch (...) {  // no exception may cross libcurl's C frames
        return 0;
    }
    return bytes;
}

// ---------------------------------------------------------------------------------------------
// Preparing an easy handle

/// Collects the first failing curl_easy_setopt.
class EasyOptions {
  public:
    explicit EasyOptions(CURL* easy) : easy_(easy) {}

    template <class T>
    EasyOptions& set(CURLoption option, T value) {
        const CURLcode result = curl_easy_setopt(easy_, option, value);
        if (first_error_ == CURLE_OK) {
            first_error_ = result;
        }
        return *this;
    }

    EasyOptions& set_blob(CURLoption option, std::string& data) {
        curl_blob blob{data.data(), data.size(), CURL_BLOB_COPY};
        return set(option, &blob);
    }

    CURLcode result() const { return first_error_; }

  private:
    CURL* easy_;
    CURLcode first_error_ = CURLE_OK;
};

Error invalid_request(std::string message, CURLcode code = CURLE_OK) {
    return Error(ErrorKind::config, std::move(message), {}, 0,
                 code == CURLE_OK ? std::string() : curl_code_name(code));
}

std::optional<Error> build_headers(Transfer& transfer) {
    const HttpRequest& request = transfer.request;
    bool has_expect = false;
    for (const auto& [name, value] : request.headers) {
        if (has_line_break(name) || has_line_break(value)) {
            return invalid_request(fmt::format("the header {} contains a line break",
                                               trim(name.substr(0, name.find('\n')))));
        }
        has_expect = has_expect || is_named(name, "expect");
        // "Name;" is libcurl's spelling of a header with an empty value.
        if (!transfer.headers.append(value.empty() ? name + ";" : name + ": " + value)) {
            return invalid_request("out of memory", CURLE_OUT_OF_MEMORY);
        }
    }
    if (!request.bearer_token.empty()) {
        if (has_line_break(request.bearer_token)) {
            return invalid_request("the bearer token contains a line break");
        }
        if (!transfer.headers.append("Authorization: Bearer " + request.bearer_token)) {
            return invalid_request("out of memory", CURLE_OUT_OF_MEMORY);
        }
    }
    // Without this libcurl sends "Expect: 100-continue" for large bodies and waits a round trip.
    if (!has_expect && !transfer.headers.append("Expect:")) {
        return invalid_request("out of memory", CURLE_OUT_OF_MEMORY);
    }
    return std::nullopt;
}

/// The URL libcurl is given: the request's, or with the host replaced by tls.server_name.
std::optional<std::string> connect_url(Transfer& transfer) {
    curl::CurlUrl url;
    if (!url.parse(transfer.request.url)) {
        return std::nullopt;
    }
    transfer.target.scheme = url.get(CURLUPART_SCHEME);
    if (transfer.target.scheme != "http" && transfer.target.scheme != "https") {
        return std::nullopt;
    }
    transfer.target.host = url.get(CURLUPART_HOST);
    transfer.target.port = url.get(CURLUPART_PORT, CURLU_DEFAULT_PORT);
    const std::string& server_name = transfer.request.tls.server_name;
    if (server_name.empty() || server_name == transfer.target.host) {
        return transfer.request.url;
    }
    // libcurl has no option to send another SNI name or verify the certificate against another
    // name than the URL's host. So the URL names server_name (SNI, verification) and CONNECT_TO
    // sends the connection to the real host.
    if (!url.set(CURLUPART_HOST, server_name) ||
        !transfer.connect_to.append(fmt::format("{}:{}:{}:{}", server_name, transfer.target.port,
                                                transfer.target.host, transfer.target.port))) {
        return std::nullopt;
    }
    return url.get(CURLUPART_URL);
}

void set_method(EasyOptions& options, HttpRequest& request) {
    const std::string& method = request.method;
    if (method == "GET") {
        options.set(CURLOPT_HTTPGET, 1L);
        return;
    }
    if (method == "HEAD") {
        options.set(CURLOPT_NOBODY, 1L);
        return;
    }
    if (!request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
        options.set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        options.set(CURLOPT_POSTFIELDS, request.body.data());
    }
    if (method != "POST") {
        options.set(CURLOPT_CUSTOMREQUEST, method.c_str());
    }
}

void set_tls(EasyOptions& options, TlsOptions& tls) {
    if (tls.insecure_skip_verify) {
        options.set(CURLOPT_SSL_VERIFYPEER, 0L).set(CURLOPT_SSL_VERIFYHOST, 0L);
    } else {
        options.set(CURLOPT_SSL_VERIFYPEER, 1L).set(CURLOPT_SSL_VERIFYHOST, 2L);
    }
    if (!tls.ca_pem.empty()) {
        // The in-memory bundle replaces the system roots rather than adding to them.
        options.set_blob(CURLOPT_CAINFO_BLOB, tls.ca_pem);
        options.set(CURLOPT_CAINFO, static_cast<const char*>(nullptr));
        options.set(CURLOPT_CAPATH, static_cast<const char*>(nullptr));
    } else {
        if (!tls.ca_file.empty()) {
            options.set(CURLOPT_CAINFO, tls.ca_file.c_str());
        }
        if (!tls.ca_dir.empty()) {
            options.set(CURLOPT_CAPATH, tls.ca_dir.c_str());
        }
    }
    if (!tls.client_cert_pem.empty()) {
        options.set_blob(CURLOPT_SSLCERT_BLOB, tls.client_cert_pem).set(CURLOPT_SSLCERTTYPE, "PEM");
    }
    if (!tls.client_key_pem.empty()) {
        options.set_blob(CURLOPT_SSLKEY_BLOB, tls.client_key_pem).set(CURLOPT_SSLKEYTYPE, "PEM");
    }
}

void set_auth(EasyOptions& options, const HttpRequest& request) {
    if (!request.basic_user.empty() || !request.basic_password.empty()) {
        options.set(CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
        options.set(CURLOPT_USERNAME, request.basic_user.c_str());
        options.set(CURLOPT_PASSWORD, request.basic_password.c_str());
    }
}

/// Sets every option of `transfer`'s easy handle; an error when the request cannot be sent.
std::optional<Error> configure(Transfer& transfer, const HttpClientOptions& client) {
    HttpRequest& request = transfer.request;
    if (!transfer.easy) {
        return invalid_request("out of memory", CURLE_OUT_OF_MEMORY);
    }
    const std::optional<std::string> url = connect_url(transfer);
    if (!url) {
        return invalid_request(
            fmt::format("the URL {} is not a valid http(s) URL", transfer.log_url),
            CURLE_URL_MALFORMAT);
    }
    if (auto error = build_headers(transfer)) {
        return error;
    }
    const auto timeout = std::max(request.timeout, milliseconds(1));
    EasyOptions options(transfer.easy.get());
    options.set(CURLOPT_URL, url->c_str())
        .set(CURLOPT_PRIVATE, static_cast<void*>(&transfer))
        .set(CURLOPT_ERRORBUFFER, transfer.error_buffer.data())
        .set(CURLOPT_WRITEFUNCTION, &on_body)
        .set(CURLOPT_WRITEDATA, static_cast<void*>(&transfer))
        .set(CURLOPT_HEADERFUNCTION, &on_header)
        .set(CURLOPT_HEADERDATA, static_cast<void*>(&transfer))
        .set(CURLOPT_NOSIGNAL, 1L)
        .set(CURLOPT_PROTOCOLS_STR, "http,https")
        .set(CURLOPT_FOLLOWLOCATION, 0L)
        .set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS))
        .set(CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()))
        .set(CURLOPT_CONNECTTIMEOUT_MS,
             static_cast<long>(std::min(timeout, kMaxConnectTimeout).count()))
        .set(CURLOPT_USERAGENT, client.user_agent.c_str())
        .set(CURLOPT_ACCEPT_ENCODING, "")
        .set(CURLOPT_HTTPHEADER, transfer.headers.get())
        .set(CURLOPT_MAXFILESIZE_LARGE,
             static_cast<curl_off_t>(std::min<std::size_t>(
                 request.max_body_bytes,
                 static_cast<std::size_t>(std::numeric_limits<curl_off_t>::max()))));
    // Only https can multiplex (HTTP/2 over TLS); waiting for that on plain http would serialise.
    if (transfer.target.scheme == "https") {
        options.set(CURLOPT_PIPEWAIT, 1L);
    }
    if (transfer.connect_to.get() != nullptr) {
        options.set(CURLOPT_CONNECT_TO, transfer.connect_to.get());
    }
    if (!request.proxy.empty()) {
        options.set(CURLOPT_PROXY, request.proxy.c_str());
    }
    set_method(options, request);
    set_tls(options, request.tls);
    set_auth(options, request);
    if (options.result() != CURLE_OK) {
        return invalid_request(
            fmt::format("the request to {} cannot be prepared: {}", transfer.target.host,
                        curl_easy_strerror(options.result())),
            options.result());
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Classifying a failed attempt

struct AttemptError {
    Error error;
    bool retryable = false;
};

template <class T>
T info(const Transfer& transfer, CURLINFO what) {
    T value{};
    curl_easy_getinfo(transfer.easy.get(), what, &value);
    return value;
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

Error deadline_error(const Transfer& transfer) {
    return Error(ErrorKind::timeout,
                 fmt::format("no answer from {} before the command's time limit ran out",
                             transfer.target.host),
                 "the limit is --timeout (or --request-timeout); raise it if the server is slow", 0,
                 "Deadline");
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

// ---------------------------------------------------------------------------------------------
// Retries

bool is_retryable_status(long status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

/// Retry-After as delta-seconds or an HTTP-date; nullopt when absent or unreadable.
std::optional<milliseconds> parse_retry_after(const std::vector<Header>& headers) {
    const auto header = std::find_if(headers.begin(), headers.end(), [](const Header& h) {
        return is_named(h.first, "retry-after");
    });
    if (header == headers.end()) {
        return std::nullopt;
    }
    const std::string value(trim(header->second));
    if (!value.empty() && value.size() <= 9 &&
        std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::chrono::seconds(std::stol(value));
    }
    const time_t date = curl_getdate(value.c_str(), nullptr);
    if (date == -1) {
        return std::nullopt;
    }
    const auto delay =
        std::chrono::system_clock::from_time_t(date) - std::chrono::system_clock::now();
    return std::max(milliseconds(0), std::chrono::ceil<milliseconds>(delay));
}

// ---------------------------------------------------------------------------------------------
// The client

class CurlHttpClient final : public HttpClient {
  public:
    explicit CurlHttpClient(HttpClientOptions options)
        : options_(std::move(options)), random_(std::random_device{}()) {
        // Asked of the multi handle for every easy handle it runs; so set once.
        curl_multi_setopt(multi_.get(), CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
    }

    std::vector<HttpOutcome> perform_all(std::vector<HttpRequest> requests) override;
    void perform_stream(const std::function<void(HttpStream&)>& start,
                        const StreamOutcome& on_outcome) override;

    std::size_t request_count() const override { return request_count_.load(); }

  private:
    friend class Batch;

    HttpClientOptions options_;
    curl::CurlMulti multi_;
    std::mt19937_64 random_;
    std::atomic<std::size_t> request_count_{0};
    std::mutex perform_mutex_;  ///< one batch at a time: they share the multi handle
};

/// One perform_all or perform_stream call: schedules the transfers on the client's multi handle.
/// Requests may be added while others run; each outcome is handed over as soon as it is final.
class Batch final : public HttpStream {
  public:
    explicit Batch(CurlHttpClient& client) : client_(client) {}
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;
    ~Batch() override;

    std::size_t add(HttpRequest request) override;
    void run(const StreamOutcome& on_outcome);

  private:
    bool interrupted() const {
        return options().interrupted != nullptr && options().interrupted->load();
    }
    const HttpClientOptions& options() const { return client_.options_; }
    std::size_t max_parallel() const { return std::max<std::size_t>(1, options().max_parallel); }

    bool can_start(const Transfer& transfer, Clock::time_point now) const;
    void start_due();
    void start(Transfer& transfer, Clock::time_point now);
    std::size_t collect_finished();
    void on_attempt_done(Transfer& transfer, CURLcode code);
    std::optional<milliseconds> retry_wait(const Transfer& transfer, bool retryable,
                                           std::optional<milliseconds> retry_after);
    milliseconds backoff(int attempt);
    int poll_timeout_ms() const;
    void detach(Transfer& transfer);
    void finish(Transfer& transfer, HttpOutcome outcome);
    void abort_all(const std::string& why, ErrorKind kind, CURLMcode code);
    void log(const Transfer& transfer, const std::string& result, Clock::time_point now,
             std::optional<milliseconds> retry_in) const;

    CurlHttpClient& client_;
    std::vector<std::unique_ptr<Transfer>> transfers_;  ///< index = id; stable addresses
    std::vector<std::pair<std::string, const Transfer*>> last_of_group_;
    std::deque<std::size_t> final_;  ///< ids whose outcome is final but not yet handed over
    std::size_t running_ = 0;
    std::size_t unfinished_ = 0;
};

std::size_t Batch::add(HttpRequest request) {
    const std::size_t id = transfers_.size();
    auto transfer = std::make_unique<Transfer>();
    transfer->id = id;
    transfer->request = std::move(request);
    transfer->log_url = redact_url(transfer->request.url);
    const std::string& group = transfer->request.serial_group;
    if (!group.empty()) {
        auto last = std::find_if(last_of_group_.begin(), last_of_group_.end(),
                                 [&](const auto& entry) { return entry.first == group; });
        if (last == last_of_group_.end()) {
            last_of_group_.emplace_back(group, transfer.get());
        } else {
            transfer->after = std::exchange(last->second, transfer.get());
        }
    }
    if (auto error = configure(*transfer, options())) {
        transfer->outcome = std::move(*error);
        final_.push_back(id);
    } else {
        ++unfinished_;
    }
    transfers_.push_back(std::move(transfer));
    return id;
}

Batch::~Batch() {
    for (auto& transfer : transfers_) {
        detach(*transfer);
    }
}

void Batch::run(const StreamOutcome& on_outcome) {
    while (unfinished_ > 0 || !final_.empty()) {
        // Hand over what is final first: the handlers may add requests that can start now.
        while (!final_.empty()) {
            const std::size_t id = final_.front();
            final_.pop_front();
            // The outcome stays engaged (moved-from): done() still holds back its serial group.
            on_outcome(id, std::move(*transfers_[id]->outcome), *this);
        }
        if (unfinished_ == 0) {
            break;
        }
        if (interrupted()) {
            abort_all("interrupted", ErrorKind::interrupted, CURLM_OK);
            continue;  // hand the interrupted outcomes over
        }
        start_due();
        int still_running = 0;
        if (const CURLMcode code = curl_multi_perform(client_.multi_.get(), &still_running);
            code != CURLM_OK) {
            abort_all(curl_multi_strerror(code), ErrorKind::network, code);
            continue;  // hand the failed outcomes over
        }
        if (collect_finished() > 0) {
            continue;  // start what the finished transfers were holding back, before waiting
        }
        // Waiting on the multi handle (not sleeping) keeps libcurl's background work going:
        // threaded DNS, connects, TLS handshakes and HTTP/2 pings of the running transfers.
        curl_multi_poll(client_.multi_.get(), nullptr, 0, poll_timeout_ms(), nullptr);
    }
}

bool Batch::can_start(const Transfer& transfer, Clock::time_point now) const {
    return !transfer.done() && !transfer.running &&
           (transfer.after == nullptr || transfer.after->done()) &&
           (!transfer.not_before || *transfer.not_before <= now);
}

void Batch::start_due() {
    const Clock::time_point now = Clock::now();
    for (auto& transfer : transfers_) {
        if (running_ >= max_parallel()) {
            return;
        }
        if (can_start(*transfer, now)) {
            start(*transfer, now);
        }
    }
}

void Batch::start(Transfer& transfer, Clock::time_point now) {
    const auto& deadline = options().deadline;
    if (deadline && deadline->passed(now)) {
        finish(transfer, deadline_error(transfer));
        return;
    }
    transfer.begin_attempt(now);
    // Each attempt gets what is left of the command's time, never more than its own limit.
    const milliseconds limit = std::max(transfer.request.timeout, milliseconds(1));
    transfer.attempt_timeout = deadline ? deadline->clamp(limit, now) : limit;
    curl_easy_setopt(transfer.easy.get(), CURLOPT_TIMEOUT_MS,
                     static_cast<long>(transfer.attempt_timeout.count()));
    curl_easy_setopt(
        transfer.easy.get(), CURLOPT_CONNECTTIMEOUT_MS,
        static_cast<long>(std::min(transfer.attempt_timeout, kMaxConnectTimeout).count()));
    if (const CURLMcode code = curl_multi_add_handle(client_.multi_.get(), transfer.easy.get());
        code != CURLM_OK) {
        finish(transfer, Error(ErrorKind::network,
                               fmt::format("the request to {} could not be started ({})",
                                           transfer.target.host, curl_multi_strerror(code))));
        return;
    }
    transfer.running = true;
    ++running_;
    ++client_.request_count_;
}

std::size_t Batch::collect_finished() {
    std::size_t finished = 0;
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(client_.multi_.get(), &queued)) {
        if (message->msg != CURLMSG_DONE) {
            continue;
        }
        void* user = nullptr;
        curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &user);
        const CURLcode code = message->data.result;  // read before the message is invalidated
        on_attempt_done(*static_cast<Transfer*>(user), code);
        ++finished;
    }
    return finished;
}

void Batch::on_attempt_done(Transfer& transfer, CURLcode code) {
    const Clock::time_point now = Clock::now();
    if (code == CURLE_OK) {
        const long status = info<long>(transfer, CURLINFO_RESPONSE_CODE);
        const auto wait = retry_wait(transfer, is_retryable_status(status),
                                     parse_retry_after(transfer.response_headers));
        log(transfer, std::to_string(status), now, wait);
        detach(transfer);
        if (wait) {
            transfer.not_before = now + *wait;
            return;
        }
        HttpResponse response;
        response.status = status;
        response.headers = std::move(transfer.response_headers);
        response.body = std::move(transfer.body);
        response.elapsed = std::chrono::duration_cast<milliseconds>(now - transfer.first_start);
        response.attempts = transfer.attempt;
        redact_credentials(response, transfer.request);
        finish(transfer, std::move(response));
        return;
    }
    AttemptError failure = classify(transfer, code, now);
    const auto wait = retry_wait(transfer, failure.retryable, std::nullopt);
    log(transfer, "error: " + failure.error.message, now, wait);
    detach(transfer);
    if (wait) {
        transfer.not_before = now + *wait;
        return;
    }
    finish(transfer, std::move(failure.error));
}

std::optional<milliseconds> Batch::retry_wait(const Transfer& transfer, bool retryable,
                                              std::optional<milliseconds> retry_after) {
    if (!retryable || transfer.attempt >= transfer.max_attempts()) {
        return std::nullopt;
    }
    const milliseconds wait = retry_after.value_or(backoff(transfer.attempt));
    if (transfer.waited + wait > options().retry_budget) {
        return std::nullopt;
    }
    if (options().deadline && options().deadline->passed(Clock::now() + wait)) {
        return std::nullopt;  // the retry could not start before the command's deadline
    }
    return wait;
}

/// 250 ms doubling per attempt, ±50% jitter so clients that failed together do not retry
/// together, at most 4 s.
milliseconds Batch::backoff(int attempt) {
    const int doublings = std::min(attempt - 1, 10);
    const double base =
        static_cast<double>(kFirstBackoff.count()) * static_cast<double>(1 << doublings);
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    const auto jittered =
        milliseconds(static_cast<milliseconds::rep>(base * jitter(client_.random_)));
    return std::min(jittered, kMaxBackoff);
}

int Batch::poll_timeout_ms() const {
    long curl_timeout = -1;
    curl_multi_timeout(client_.multi_.get(), &curl_timeout);
    milliseconds wait = curl_timeout >= 0 ? milliseconds(curl_timeout) : kIdlePoll;
    const Clock::time_point now = Clock::now();
    // A due retry matters only with a free slot; otherwise a finishing transfer wakes the poll.
    for (const auto& transfer : transfers_) {
        if (transfer->not_before && !transfer->running && running_ < max_parallel()) {
            wait = std::min(wait, std::max(milliseconds(0), std::chrono::ceil<milliseconds>(
                                                                *transfer->not_before - now)));
        }
    }
    if (options().interrupted != nullptr) {
        wait = std::min(wait, kInterruptPoll);  // a signal handler cannot wake the poll
    }
    return static_cast<int>(std::min(wait, kIdlePoll).count());
}

void Batch::detach(Transfer& transfer) {
    if (transfer.running) {
        curl_multi_remove_handle(client_.multi_.get(), transfer.easy.get());
        transfer.running = false;
        --running_;
    }
}

void Batch::finish(Transfer& transfer, HttpOutcome outcome) {
    transfer.outcome = std::move(outcome);
    transfer.not_before.reset();
    --unfinished_;
    final_.push_back(transfer.id);
}

void Batch::abort_all(const std::string& why, ErrorKind kind, CURLMcode code) {
    const Clock::time_point now = Clock::now();
    for (auto& transfer : transfers_) {
        if (transfer->done()) {
            continue;
        }
        Error error(kind,
                    kind == ErrorKind::interrupted
                        ? fmt::format("the request to {} was interrupted", transfer->target.host)
                        : fmt::format("the request to {} failed ({})", transfer->target.host, why),
                    {}, 0, kind == ErrorKind::interrupted ? "" : curl_multi_strerror(code));
        if (transfer->running) {
            log(*transfer, "error: " + error.message, now, std::nullopt);
        }
        detach(*transfer);
        finish(*transfer, std::move(error));
    }
}

void Batch::log(const Transfer& transfer, const std::string& result, Clock::time_point now,
                std::optional<milliseconds> retry_in) const {
    if (!options().log) {
        return;
    }
    std::string line = fmt::format("{} {} {} {}ms", transfer.request.method, transfer.log_url,
                                   result, count_ms(now - transfer.attempt_start));
    if (retry_in) {
        line += fmt::format(" (attempt {}/{}, retrying in {}ms)", transfer.attempt,
                            transfer.max_attempts(), static_cast<long long>(retry_in->count()));
    }
    options().log(line);
}

std::vector<HttpOutcome> CurlHttpClient::perform_all(std::vector<HttpRequest> requests) {
    std::vector<std::optional<HttpOutcome>> outcomes(requests.size());
    perform_stream(
        [&requests](HttpStream& stream) {
            for (HttpRequest& request : requests) {
                stream.add(std::move(request));  // ids are 0, 1, ... in order
            }
        },
        [&outcomes](std::size_t id, HttpOutcome outcome, HttpStream&) {
            outcomes[id] = std::move(outcome);
        });
    std::vector<HttpOutcome> ordered;
    ordered.reserve(outcomes.size());
    for (auto& outcome : outcomes) {
        ordered.push_back(std::move(*outcome));
    }
    return ordered;
}

void CurlHttpClient::perform_stream(const std::function<void(HttpStream&)>& start,
                                    const StreamOutcome& on_outcome) {
    const std::lock_guard<std::mutex> lock(perform_mutex_);
    Batch batch(*this);
    start(batch);
    batch.run(on_outcome);
}

}  // namespace

std::unique_ptr<HttpClient> make_curl_http_client(HttpClientOptions options) {
    // Thread-safe since libcurl 7.84; done once, never undone (other threads may still use it).
    static const CURLcode kGlobalInit = curl_global_init(CURL_GLOBAL_DEFAULT);
    static_cast<void>(kGlobalInit);
    return std::make_unique<CurlHttpClient>(std::move(options));
}

}  // namespace preview
