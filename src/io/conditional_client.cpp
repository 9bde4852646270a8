#include "preview/io/conditional_client.hpp"

#include <map>
#include <utility>

namespace preview {
namespace {

struct Cached {
    std::string etag;
    HttpResponse response;
};

class ConditionalClient final : public HttpClient {
  public:
    ConditionalClient(std::unique_ptr<HttpClient> inner, std::string prefix)
        : inner_(std::move(inner)), prefix_(std::move(prefix)) {}

    std::vector<HttpOutcome> perform_all(std::vector<HttpRequest> requests) override {
        std::vector<std::string> keys;
        keys.reserve(requests.size());
        for (auto& request : requests) {
            keys.push_back(prepare(request));
        }
        auto outcomes = inner_->perform_all(std::move(requests));
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            settle(keys[i], outcomes[i]);
        }
        return outcomes;
    }

    void perform_stream(const std::function<void(HttpStream&)>& start,
                        const StreamOutcome& on_outcome) override {
        std::map<std::size_t, std::string> keys;  // by the inner stream's ids
        inner_->perform_stream(
            [&](HttpStream& stream) {
                Stream wrapped(*this, stream, keys);
                start(wrapped);
            },
            [&](std::size_t id, HttpOutcome outcome, HttpStream& stream) {
                if (auto key = keys.find(id); key != keys.end()) {
                    settle(key->second, outcome);
                }
                Stream wrapped(*this, stream, keys);
                on_outcome(id, std::move(outcome), wrapped);
            });
    }

    std::vector<WatchReport> watch(std::vector<WatchRequest> watches,
                                   std::chrono::steady_clock::time_point until,
                                   const std::function<bool()>& keep_going) override {
        return inner_->watch(std::move(watches), until, keep_going);
    }

    std::size_t request_count() const override { return inner_->request_count(); }

  private:
    class Stream final : public HttpStream {
      public:
        Stream(ConditionalClient& client, HttpStream& inner,
               std::map<std::size_t, std::string>& keys)
            : client_(client), inner_(inner), keys_(keys) {}
        std::size_t add(HttpRequest request) override {
            std::string key = client_.prepare(request);
            const std::size_t id = inner_.add(std::move(request));
            if (!key.empty()) {
                keys_[id] = std::move(key);
            }
            return id;
        }

      private:
        ConditionalClient& client_;
        HttpStream& inner_;
        std::map<std::size_t, std::string>& keys_;
    };

    // The cache key of a request that may be conditional (empty: not one), with If-None-Match
    // added when an earlier answer gave an ETag.
    std::string prepare(HttpRequest& request) const {
        if (request.method != "GET" || request.url.compare(0, prefix_.size(), prefix_) != 0) {
            return {};
        }
        if (auto cached = cache_.find(request.url); cached != cache_.end()) {
            request.headers.emplace_back("If-None-Match", cached->second.etag);
        }
        return request.url;
    }

    void settle(const std::string& key, HttpOutcome& outcome) {
        if (key.empty() || !outcome.ok()) {
            return;
        }
        if (outcome->status == 304) {
            if (auto cached = cache_.find(key); cached != cache_.end()) {
                HttpResponse reused = cached->second.response;
                reused.elapsed = outcome->elapsed;
                reused.attempts = outcome->attempts;
                reused.not_modified = true;
                outcome = std::move(reused);
            }
            return;
        }
        if (outcome->status == 200) {
            if (auto etag = outcome->header("etag"); etag && !etag->empty()) {
                cache_[key] = Cached{*etag, *outcome};
            }
        }
    }

    std::unique_ptr<HttpClient> inner_;
    std::string prefix_;
    std::map<std::string, Cached> cache_;
};

}  // namespace

std::unique_ptr<HttpClient> make_conditional_client(std::unique_ptr<HttpClient> inner,
                                                    std::string url_prefix) {
    return std::make_unique<ConditionalClient>(std::move(inner), std::move(url_prefix));
}

}  // namespace preview
