#pragma once

// The multi loop of the libcurl transport: one perform_all or perform_stream call, scheduling its
// transfers on the client's multi handle (parallel slots, serial groups, retries, the deadline,
// interruption). Private to io.

#include <atomic>
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "io/curl_transfer.hpp"

#include "preview/io/http.hpp"
#include "preview/io/retry_policy.hpp"

namespace preview::curl {

/// What a batch borrows from its client, which outlives it.
struct BatchShared {
    CURLM* multi = nullptr;
    const HttpClientOptions& options;
    TransportClock& clock;
    std::mt19937_64& random;
    std::atomic<std::size_t>& request_count;
};

/// One perform_all or perform_stream call: schedules the transfers on the client's multi handle.
/// Requests may be added while others run; each outcome is handed over as soon as it is final.
class Batch final : public HttpStream {
  public:
    explicit Batch(BatchShared shared) : shared_(shared) {}
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;
    ~Batch() override;

    std::size_t add(HttpRequest request) override;
    void run(const StreamOutcome& on_outcome);

  private:
    bool interrupted() const {
        return options().interrupted != nullptr && options().interrupted->load();
    }
    const HttpClientOptions& options() const { return shared_.options; }
    std::size_t max_parallel() const { return std::max<std::size_t>(1, options().max_parallel); }

    bool can_start(const Transfer& transfer, Clock::time_point now) const;
    void start_due();
    void start(Transfer& transfer, Clock::time_point now);
    std::size_t collect_finished();
    void on_attempt_done(Transfer& transfer, CURLcode code);
    std::optional<milliseconds> retry_wait(const Transfer& transfer, bool retryable,
                                           std::optional<milliseconds> retry_after,
                                           Clock::time_point now);
    bool skip_to_retry(Clock::time_point now);
    int poll_timeout_ms() const;
    void detach(Transfer& transfer);
    void finish(Transfer& transfer, HttpOutcome outcome);
    void abort_all(const std::string& why, ErrorKind kind, CURLMcode code);
    void log(const Transfer& transfer, const std::string& result, Clock::time_point now,
             std::optional<milliseconds> retry_in) const;

    BatchShared shared_;
    std::vector<std::unique_ptr<Transfer>> transfers_;  ///< index = id; stable addresses
    std::vector<std::pair<std::string, const Transfer*>> last_of_group_;
    std::deque<std::size_t> final_;  ///< ids whose outcome is final but not yet handed over
    std::size_t running_ = 0;
    std::size_t unfinished_ = 0;
};

}  // namespace preview::curl
