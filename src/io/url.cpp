#include "preview/io/url.hpp"

#include <cctype>
#include <memory>

#include <curl/curl.h>
#include <fmt/format.h>

#include "preview/core/ascii.hpp"

namespace preview {

std::string url_escape(std::string_view text) {
    // A null handle is allowed: curl_easy_escape then uses no per-handle settings.
    std::unique_ptr<char, decltype(&curl_free)> escaped(
        curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size())), &curl_free);
    return escaped ? std::string(escaped.get()) : std::string();
}

std::string with_query(std::string base,
                       const std::vector<std::pair<std::string, std::string>>& query) {
    char separator = base.find('?') == std::string::npos ? '?' : '&';
    for (const auto& [key, value] : query) {
        base += separator;
        base += url_escape(key);
        base += '=';
        base += url_escape(value);
        separator = '&';
    }
    return base;
}

namespace {

/// A URL parsed by libcurl; every part is "" when the URL could not be parsed.
class ParsedUrl {
  public:
    explicit ParsedUrl(std::string_view url) : handle_(curl_url(), &curl_url_cleanup) {
        ok_ = handle_ && set(url);
    }

    bool ok() const { return ok_; }

    /// Replaces the URL; a relative reference is resolved against the current one.
    bool resolve(std::string_view reference) {
        ok_ = ok_ && set(reference);
        return ok_;
    }

    /// True when the URL has user information at all, even an empty user ("https://@host/").
    bool has_userinfo() const {
        for (CURLUPart which : {CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_OPTIONS}) {
            char* value = nullptr;
            const CURLUcode rc = curl_url_get(handle_.get(), which, &value, 0);
            curl_free(value);
            if (rc == CURLUE_OK) {
                return true;
            }
        }
        return false;
    }

    std::string part(CURLUPart which, unsigned int flags = 0) const {
        char* value = nullptr;
        std::string out;
        if (ok_ && curl_url_get(handle_.get(), which, &value, flags) == CURLUE_OK &&
            value != nullptr) {
            out = value;
        }
        curl_free(value);
        return out;
    }

  private:
    bool set(std::string_view url) {
        const std::string copy(url);
        return curl_url_set(handle_.get(), CURLUPART_URL, copy.c_str(), 0) == CURLUE_OK;
    }

    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle_;
    bool ok_ = false;
};

}  // namespace

std::string url_host(std::string_view url) {
    const ParsedUrl parsed(url);
    std::string host = parsed.part(CURLUPART_HOST);
    if (auto port = parsed.part(CURLUPART_PORT); !port.empty()) {
        host += ":" + port;
    }
    return host;
}

std::string url_origin(std::string_view url) {
    const ParsedUrl parsed(url);
    const std::string scheme = parsed.part(CURLUPART_SCHEME);
    const std::string host = parsed.part(CURLUPART_HOST);
    const std::string port = parsed.part(CURLUPART_PORT, CURLU_DEFAULT_PORT);
    if (scheme.empty() || host.empty()) {
        return {};
    }
    return ascii_lower(scheme) + "://" + ascii_lower(host) + ":" + port;
}

Result<std::string> resolve_url(std::string_view base, std::string_view reference) {
    ParsedUrl url(base);
    if (!url.ok()) {
        return Error(ErrorKind::api, fmt::format("{:?} is not an absolute URL", base));
    }
    if (reference.empty() || !url.resolve(reference)) {
        return Error(ErrorKind::api, fmt::format("{:?} is not a valid URL", reference));
    }
    if (url.has_userinfo()) {
        return Error(ErrorKind::api,
                     fmt::format("{:?} names a user before the host (\"user@host\")", reference));
    }
    return url.part(CURLUPART_URL);
}

bool same_origin(std::string_view a, std::string_view b) {
    for (std::string_view url : {a, b}) {
        if (const ParsedUrl parsed(url); !parsed.ok() || parsed.has_userinfo()) {
            return false;
        }
    }
    const std::string origin = url_origin(a);
    return !origin.empty() && origin == url_origin(b);
}

}  // namespace preview
