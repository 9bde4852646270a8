#include "preview/io/http.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "preview/core/base64.hpp"

namespace preview {

namespace {

constexpr std::string_view kRedacted = "REDACTED";

/// Query parameters whose values are credentials: the usual names, plus the signature and
/// credential parameters of the pre-signed blob URLs OCI registries redirect to.
constexpr std::array<std::string_view, 13> kSecretParams = {"token",
                                                            "access_token",
                                                            "password",
                                                            "secret",
                                                            "sig",
                                                            "signature",
                                                            "key",
                                                            "client_secret",
                                                            "x-amz-signature",
                                                            "x-amz-credential",
                                                            "x-amz-security-token",
                                                            "x-goog-signature",
                                                            "x-goog-credential"};

char lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return lower(x) == lower(y); });
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    const char l = lower(c);
    return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
}

/// Percent-decodes a parameter name, so "access%5Ftoken" is recognised too.
std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
            hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i] == '+' ? ' ' : text[i];
        }
    }
    return out;
}

bool is_secret_param(std::string_view name) {
    const std::string decoded = percent_decode(name);
    return std::any_of(kSecretParams.begin(), kSecretParams.end(),
                       [&](std::string_view secret) { return iequals(decoded, secret); });
}

/// "user:password" -> "REDACTED:REDACTED", "token" -> "REDACTED".
std::string redact_userinfo(std::string_view userinfo) {
    std::string out(kRedacted);
    if (userinfo.find(':') != std::string_view::npos) {
        out += ':';
        out += kRedacted;
    }
    return out;
}

std::string redact_query(std::string_view query) {
    std::string out;
    std::size_t start = 0;
    while (start <= query.size()) {
        const std::size_t end = std::min(query.find('&', start), query.size());
        const std::string_view param = query.substr(start, end - start);
        const std::size_t equals = param.find('=');
        if (equals != std::string_view::npos && is_secret_param(param.substr(0, equals))) {
            out += param.substr(0, equals + 1);
            out += kRedacted;
        } else {
            out += param;
        }
        if (end < query.size()) {
            out += '&';
        }
        start = end + 1;
    }
    return out;
}

void replace_all(std::string& text, std::string_view secret) {
    for (std::size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + kRedacted.size())) {
        text.replace(at, secret.size(), kRedacted);
    }
}

}  // namespace

void redact_credentials(HttpResponse& response, const HttpRequest& request) {
    constexpr std::size_t kMinSecret = 8;
    std::vector<std::string> secrets;
    if (request.bearer_token.size() >= kMinSecret) {
        secrets.push_back(request.bearer_token);
    }
    if (request.basic_password.size() >= kMinSecret) {
        secrets.push_back(request.basic_password);
        secrets.push_back(base64_encode(request.basic_user + ":" + request.basic_password));
    }
    for (const std::string& secret : secrets) {
        replace_all(response.body, secret);
        for (auto& header : response.headers) {
            replace_all(header.second, secret);
        }
    }
}

std::optional<std::string> HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (iequals(key, name)) {
            return value;
        }
    }
    return std::nullopt;
}

std::string redact_url(std::string_view url) {
    // Parsed by hand rather than with curl_url: libcurl normalises (scheme case, empty path,
    // encoding), and a log line should show the URL exactly as requested.
    std::string out;
    std::size_t rest = 0;
    if (const std::size_t scheme_end = url.find("://");
        scheme_end != std::string_view::npos && url.find_first_of("/?#") > scheme_end) {
        const std::size_t authority = scheme_end + 3;
        const std::size_t authority_end = std::min(url.find_first_of("/?#", authority), url.size());
        const std::string_view host_part = url.substr(authority, authority_end - authority);
        out += url.substr(0, authority);
        if (const std::size_t at = host_part.rfind('@'); at != std::string_view::npos) {
            out += redact_userinfo(host_part.substr(0, at));
            out += host_part.substr(at);
        } else {
            out += host_part;
        }
        rest = authority_end;
    }
    const std::size_t fragment = std::min(url.find('#', rest), url.size());
    const std::size_t query = url.find('?', rest);
    if (query == std::string_view::npos || query > fragment) {
        out += url.substr(rest);
        return out;
    }
    out += url.substr(rest, query + 1 - rest);
    out += redact_query(url.substr(query + 1, fragment - query - 1));
    out += url.substr(fragment);
    return out;
}

}  // namespace preview

namespace preview {

// By value as the virtual's overrides take ownership; this default only counts them.
// NOLINTNEXTLINE(performance-unnecessary-value-param)
std::vector<WatchReport> HttpClient::watch(std::vector<WatchRequest> watches,
                                           std::chrono::steady_clock::time_point /*until*/,
                                           const std::function<bool()>& /*keep_going*/) {
    std::vector<WatchReport> reports(watches.size());
    for (auto& report : reports) {
        report.end = WatchEnd::refused;
        report.detail = "this transport cannot stream watches";
    }
    return reports;
}

}  // namespace preview
