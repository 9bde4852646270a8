#include "preview/io/url.hpp"

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

std::string url_host(std::string_view url) {
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), &curl_url_cleanup);
    const std::string copy(url);
    if (!handle || curl_url_set(handle.get(), CURLUPART_URL, copy.c_str(), 0) != CURLUE_OK) {
        return {};
    }
    auto part = [&](CURLUPart which) {
        char* value = nullptr;
        std::string out;
        if (curl_url_get(handle.get(), which, &value, 0) == CURLUE_OK && value != nullptr) {
            out = value;
        }
        curl_free(value);
        return out;
    };
    std::string host = part(CURLUPART_HOST);
    if (auto port = part(CURLUPART_PORT); !port.empty()) {
        host += ":" + port;
    }
    return host;
}

}  // namespace preview
