#include "io/curl_setup.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "io/curl_errors.hpp"
#include <fmt/format.h>

namespace preview::curl {

namespace {

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

}  // namespace

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

}  // namespace preview::curl
