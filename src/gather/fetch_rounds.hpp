#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "preview/core/result.hpp"
#include "preview/io/http.hpp"
#include "preview/io/kubeconfig.hpp"

namespace preview {

class FetchRounds;

/// One request and what to do with its outcome. The handler may schedule follow-ups (the next
/// page, a request that needed this answer) on the FetchRounds it is given.
struct Fetch {
    Result<HttpRequest> request;  ///< an error here is handed to the handler without sending
    std::function<void(const HttpOutcome&, FetchRounds&)> handle;
    const KubeEndpoint* kube = nullptr;  ///< set for Kubernetes requests: re-authorise after a 401
};

/// Runs fetches over one request stream: every fetch goes out as soon as it is added, and a
/// follow-up starts the moment the answer it needs arrives, without waiting for unrelated
/// requests. The wall time is the longest chain of dependent requests, not the number of objects.
class FetchRounds {
  public:
    explicit FetchRounds(HttpClient& http) : http_(http) {}

    void add(Fetch fetch) { queued_.push_back(std::move(fetch)); }

    /// Nothing queued or in flight.
    bool empty() const { return queued_.empty() && in_flight_.empty(); }

    /// Runs until nothing is queued or in flight.
    void run();

  private:
    void submit();  // hands what is queued to the stream (or to its handler, if it has no request)
    void handle(Fetch& fetch, const HttpOutcome& outcome);

    HttpClient& http_;
    HttpStream* stream_ = nullptr;
    std::vector<Fetch> queued_;
    std::map<std::size_t, Fetch> in_flight_;  ///< by stream id
};

/// A follow-up that needs several answers: `then` runs on the stream right after the last of
/// the fetches passed through wait_for() is handled (answered or failed), so what it reads
/// goes out then, not after every unrelated request of the gather. A handler may pass its own
/// follow-up fetch through wait_for() (a fallback read): `then` waits for that one too.
class AfterAll {
  public:
    explicit AfterAll(std::function<void(FetchRounds&)> then);

    /// `fetch`, whose handling now counts towards `then`.
    Fetch wait_for(Fetch fetch) const;

  private:
    struct State {
        std::size_t left = 0;
        std::function<void(FetchRounds&)> then;
    };
    std::shared_ptr<State> state_;
};

}  // namespace preview
