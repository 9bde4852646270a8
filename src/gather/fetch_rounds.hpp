#pragma once

#include <functional>
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

/// Runs fetches in rounds: every fetch of a round goes out in one parallel batch; follow-ups
/// scheduled by handlers form the next round. The number of rounds is the dependency depth, not
/// the number of objects.
class FetchRounds {
  public:
    explicit FetchRounds(HttpClient& http) : http_(http) {}

    void add(Fetch fetch) { next_.push_back(std::move(fetch)); }

    /// Runs until no follow-ups remain. Returns the number of rounds.
    int run();

  private:
    HttpClient& http_;
    std::vector<Fetch> next_;
};

}  // namespace preview
