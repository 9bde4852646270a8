#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include "io/curl_batch.hpp"
#include "io/curl_handles.hpp"
#include "io/curl_watch.hpp"

#include "preview/io/http.hpp"

namespace preview {

namespace {

class SteadyClock final : public TransportClock {
  public:
    time_point now() const override { return std::chrono::steady_clock::now(); }
    bool skip_to(time_point /*at*/) override { return false; }
};

class CurlHttpClient final : public HttpClient {
  public:
    explicit CurlHttpClient(HttpClientOptions options)
        : options_(std::move(options)), random_(std::random_device{}()) {
        if (!options_.clock) {
            options_.clock = std::make_shared<SteadyClock>();
        }
        // Asked of the multi handle for every easy handle it runs; so set once.
        curl_multi_setopt(multi_.get(), CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
    }

    std::vector<HttpOutcome> perform_all(std::vector<HttpRequest> requests) override;
    void perform_stream(const std::function<void(HttpStream&)>& start,
                        const StreamOutcome& on_outcome) override;

    std::vector<WatchReport> watch(std::vector<WatchRequest> watches,
                                   std::chrono::steady_clock::time_point until,
                                   const std::function<bool()>& keep_going) override {
        const std::lock_guard<std::mutex> lock(perform_mutex_);
        return curl::run_watches(curl::WatchShared{multi_.get(), options_, request_count_},
                                 std::move(watches), until, keep_going);
    }

    std::size_t request_count() const override { return request_count_.load(); }

  private:
    HttpClientOptions options_;
    curl::CurlMulti multi_;
    std::mt19937_64 random_;
    std::atomic<std::size_t> request_count_{0};
    std::mutex perform_mutex_;  ///< one batch at a time: they share the multi handle
};

std::vector<HttpOutcome> CurlHttpClient::perform_all(std::vector<HttpRequest> requests) {
    std::vector<std::optional<HttpOutcome>> outcomes(requests.size());
    perform_stream(
        [&requests](HttpStream& stream) {
            for (HttpRequest& request : requests) {
                stream.add(std::move(request));  // ids are 0, 1, ... in order
            }
        },
        [&outcomes](std::size_t id, HttpOutcome outcome, HttpStream&) {
            outcomes[id] = std::move(outcome);
        });
    std::vector<HttpOutcome> ordered;
    ordered.reserve(outcomes.size());
    for (auto& outcome : outcomes) {
        ordered.push_back(std::move(*outcome));
    }
    return ordered;
}

void CurlHttpClient::perform_stream(const std::function<void(HttpStream&)>& start,
                                    const StreamOutcome& on_outcome) {
    const std::lock_guard<std::mutex> lock(perform_mutex_);
    curl::Batch batch(
        curl::BatchShared{multi_.get(), options_, *options_.clock, random_, request_count_});
    start(batch);
    batch.run(on_outcome);
}

}  // namespace

std::unique_ptr<HttpClient> make_curl_http_client(HttpClientOptions options) {
    // Thread-safe since libcurl 7.84; done once, never undone (other threads may still use it).
    static const CURLcode kGlobalInit = curl_global_init(CURL_GLOBAL_DEFAULT);
    static_cast<void>(kGlobalInit);
    return std::make_unique<CurlHttpClient>(std::move(options));
}

}  // namespace preview
