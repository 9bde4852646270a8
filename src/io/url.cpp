#include "preview/io/url.hpp"

#include <cctype>
#include <memory>

#include <curl/curl.h>

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
        const std::string copy(url);
        ok_ = handle_ && curl_url_set(handle_.get(), CURLUPART_URL, copy.c_str(), 0) == CURLUE_OK;
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
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle_;
    bool ok_ = false;
};

std::string lower(std::string text) {
    for (char& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

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
    return lower(scheme) + "://" + lower(host) + ":" + port;
}

}  // namespace preview
