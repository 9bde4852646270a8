#pragma once

// When an HTTP request is tried again, and after how long: pure values the transport asks
// (google-cloud-cpp's backoff and retry policies in one). No clock and no randomness inside:
// the caller passes the times and the jitter, so tests need neither a clock nor a wait.

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace preview {

/// What the transport knows about a request when an attempt has ended.
struct AttemptFacts {
    bool retryable = false;  ///< the answer or error may go away (see is_retryable_status)
    int attempt = 1;         ///< attempts made so far, this one included
    int max_attempts = 1;
    std::chrono::milliseconds waited{0};  ///< retry waits of this request so far
    /// The server's Retry-After, when it sent one (see parse_retry_after).
    std::optional<std::chrono::milliseconds> retry_after;
    /// Time left until the command's deadline, when it has one.
    std::optional<std::chrono::steady_clock::duration> time_left;
    double jitter = 0.5;  ///< a uniform random number in [0, 1)
};

struct RetryPolicy {
    std::chrono::milliseconds first_backoff{250};
    std::chrono::milliseconds max_backoff{4000};
    /// Upper bound on the sum of one request's retry waits: a wait that would pass it is not
    /// taken (a Retry-After larger than this fails at once).
    std::chrono::milliseconds budget{20000};

    /// `first_backoff` doubling per attempt, times 0.5 + jitter (±50%, so clients that failed
    /// together do not retry together), at most `max_backoff`.
    std::chrono::milliseconds backoff(int attempt, double jitter) const;

    /// The wait before the next attempt, or nullopt to stop: not retryable, attempts used up,
    /// the budget would be exceeded, or the retry could not start before the deadline.
    /// A Retry-After replaces the backoff.
    std::optional<std::chrono::milliseconds> next_wait(const AttemptFacts& facts) const;
};

/// 429, 500, 502, 503 and 504: the server may answer differently in a moment.
bool is_retryable_status(long status);

/// Retry-After as delta-seconds or an HTTP-date (relative to `now`); nullopt when absent or
/// unreadable. `headers` are (name, value) pairs, names in any case.
std::optional<std::chrono::milliseconds> parse_retry_after(
    const std::vector<std::pair<std::string, std::string>>& headers,
    std::chrono::system_clock::time_point now);

/// The transport's clock. The real one reads std::chrono::steady_clock and never skips; a test
/// clock jumps over retry waits so a retry test runs at network speed.
class TransportClock {
  public:
    using time_point = std::chrono::steady_clock::time_point;
    virtual ~TransportClock() = default;
    virtual time_point now() const = 0;
    /// Called when nothing is on the network and the next thing to do is a retry at `at`:
    /// true when the clock moved there (the transport then does not wait), false to wait.
    virtual bool skip_to(time_point at) = 0;
};

}  // namespace preview
