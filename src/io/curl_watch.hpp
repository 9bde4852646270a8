#pragma once

// Kubernetes watches and Argo CD application streams on the client's multi handle: several event
// streams at once, read line by line as they arrive, until one of them says something changed.
// Private to io.

#include <atomic>
#include <chrono>
#include <functional>
#include <vector>

#include <curl/curl.h>

#include "preview/io/http.hpp"

namespace preview::curl {

/// What a watch call borrows from its client.
struct WatchShared {
    CURLM* multi = nullptr;
    const HttpClientOptions& options;
    std::atomic<std::size_t>& request_count;
};

/// HttpClient::watch for the libcurl transport.
std::vector<WatchReport> run_watches(const WatchShared& shared, std::vector<WatchRequest> requests,
                                     std::chrono::steady_clock::time_point until,
                                     const std::function<bool()>& keep_going);

}  // namespace preview::curl
