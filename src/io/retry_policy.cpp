#include "preview/io/retry_policy.hpp"

#include <algorithm>
#include <ctime>

#include "io/curl_text.hpp"
#include <curl/curl.h>

namespace preview {

using std::chrono::milliseconds;

std::chrono::milliseconds RetryPolicy::backoff(int attempt, double jitter) const {
    const int doublings = std::clamp(attempt - 1, 0, 10);
    const double base =
        static_cast<double>(first_backoff.count()) * static_cast<double>(1 << doublings);
    const auto jittered = milliseconds(static_cast<milliseconds::rep>(base * (0.5 + jitter)));
    return std::min(jittered, max_backoff);
}

std::optional<std::chrono::milliseconds> RetryPolicy::next_wait(const AttemptFacts& facts) const {
    if (!facts.retryable || facts.attempt >= std::max(1, facts.max_attempts)) {
        return std::nullopt;
    }
    const milliseconds wait = facts.retry_after.value_or(backoff(facts.attempt, facts.jitter));
    if (facts.waited + wait > budget) {
        return std::nullopt;
    }
    if (facts.time_left && wait >= *facts.time_left) {
        return std::nullopt;  // the retry could not start before the command's deadline
    }
    return wait;
}

bool is_retryable_status(long status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

std::optional<std::chrono::milliseconds> parse_retry_after(
    const std::vector<std::pair<std::string, std::string>>& headers,
    std::chrono::system_clock::time_point now) {
    const auto header = std::find_if(headers.begin(), headers.end(), [](const auto& h) {
        return curl::is_named(h.first, "retry-after");
    });
    if (header == headers.end()) {
        return std::nullopt;
    }
    const std::string value(curl::trim(header->second));
    if (!value.empty() && value.size() <= 9 &&
        std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::chrono::seconds(std::stol(value));
    }
    // libcurl's date parser reads the three HTTP-date formats; it needs no clock.
    const time_t date = curl_getdate(value.c_str(), nullptr);
    if (date == -1) {
        return std::nullopt;
    }
    const auto delay = std::chrono::system_clock::from_time_t(date) - now;
    return std::max(milliseconds(0), std::chrono::ceil<milliseconds>(delay));
}

}  // namespace preview
