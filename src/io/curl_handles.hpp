#pragma once

// Private RAII owners for libcurl handles; curl.h stays out of include/.

#include <memory>
#include <string>

#include <curl/curl.h>

namespace preview::curl {

struct EasyDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct MultiDeleter {
    void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct UrlDeleter {
    void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};

/// One easy handle (one transfer's options and state); null when libcurl is out of memory.
class CurlEasy {
  public:
    CurlEasy() : handle_(curl_easy_init()) {}

    CURL* get() const { return handle_.get(); }
    explicit operator bool() const { return handle_ != nullptr; }

  private:
    std::unique_ptr<CURL, EasyDeleter> handle_;
};

/// One multi handle: owns the connection cache, so keeping it alive keeps connections reused.
class CurlMulti {
  public:
    CurlMulti() : handle_(curl_multi_init()) {}

    CURLM* get() const { return handle_.get(); }
    explicit operator bool() const { return handle_ != nullptr; }

  private:
    std::unique_ptr<CURLM, MultiDeleter> handle_;
};

/// A header list for CURLOPT_HTTPHEADER / CURLOPT_CONNECT_TO.
class CurlSlist {
  public:
    /// False when libcurl could not allocate the entry.
    bool append(const std::string& line) {
        curl_slist* appended = curl_slist_append(list_.get(), line.c_str());
        if (appended == nullptr) {
            return false;
        }
        static_cast<void>(list_.release());
        list_.reset(appended);
        return true;
    }

    curl_slist* get() const { return list_.get(); }

  private:
    std::unique_ptr<curl_slist, SlistDeleter> list_;
};

/// A parsed URL (libcurl's URL API).
class CurlUrl {
  public:
    CurlUrl() : handle_(curl_url()) {}

    /// False when `url` is not an absolute URL libcurl accepts.
    bool parse(const std::string& url) {
        return handle_ && curl_url_set(handle_.get(), CURLUPART_URL, url.c_str(), 0) == CURLUE_OK;
    }

    /// The part, or "" when absent.
    std::string get(CURLUPart part, unsigned int flags = 0) const {
        char* value = nullptr;
        std::string out;
        if (curl_url_get(handle_.get(), part, &value, flags) == CURLUE_OK && value != nullptr) {
            out = value;
        }
        curl_free(value);
        return out;
    }

    bool set(CURLUPart part, const std::string& value) {
        return curl_url_set(handle_.get(), part, value.c_str(), 0) == CURLUE_OK;
    }

  private:
    std::unique_ptr<CURLU, UrlDeleter> handle_;
};

}  // namespace preview::curl
