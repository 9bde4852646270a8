#pragma once

// One request of a batch: its easy handle and the state of its attempts; private to io.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/curl_handles.hpp"
#include "io/curl_text.hpp"

#include "preview/io/http.hpp"

namespace preview::curl {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

/// The connect phase never gets more than this, whatever the request's timeout.
constexpr milliseconds kMaxConnectTimeout{10000};

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
    milliseconds waited{0};                       ///< retry waits so far (RetryPolicy::budget)
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

    /// The next attempt starts `wait` after `now`; the wait counts against the retry budget.
    void retry_in(Clock::time_point now, milliseconds wait) {
        not_before = now + wait;
        waited += wait;
    }

    /// The first line of CURLOPT_ERRORBUFFER without libcurl's and OpenSSL's decoration.
    std::string detail() const { return short_detail(error_buffer.data()); }

    bool detail_contains(std::string_view needle) const {
        std::string lowered = detail();
        std::transform(lowered.begin(), lowered.end(), lowered.begin(), to_lower);
        return lowered.find(needle) != std::string::npos;
    }
};

/// CURLOPT_WRITEFUNCTION: appends to the body, stops at request.max_body_bytes.
size_t on_body(char* data, size_t size, size_t count, void* user);

/// CURLOPT_HEADERFUNCTION: collects the last response's headers, names lower-cased.
size_t on_header(char* data, size_t size, size_t count, void* user);

/// A curl_easy_getinfo value of the transfer's handle (zero when libcurl has none).
template <class T>
T info(const Transfer& transfer, CURLINFO what) {
    T value{};
    curl_easy_getinfo(transfer.easy.get(), what, &value);
    return value;
}

}  // namespace preview::curl
