#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "preview/api/www_authenticate.hpp"
#include "preview/core/profile.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/io/github_client.hpp"
#include "preview/io/http.hpp"
#include "preview/io/kubeconfig.hpp"

namespace preview {

/// What to read besides the status facts.
struct GatherOptions {
    bool previous_logs = false;  ///< previous log tail of crash-looping containers (doctor)
    /// The Gateway and Services behind a route whose status asks for them (doctor).
    bool route_causes = false;
    /// Reads symptoms ask for (Kyverno requests when generated objects are missing, the store of
    /// a failing ExternalSecret): a second round trip, never on a healthy snapshot.
    bool follow_up = false;
    std::chrono::milliseconds url_timeout{10000};
};

class FetchRounds;

/// Holds artifact checks back until the registry challenges sent at the start have answered,
/// so the checks go straight to the learnt token endpoint instead of discovering it with a 401.
struct ChallengeGate {
    int pending = 0;  ///< challenge requests not answered yet
    std::vector<std::function<void(FetchRounds&)>> waiting;
};

/// The services one preview lives on. The endpoints are errors when the kubeconfig could not
/// give them; gathering then records that error for every piece that needed them.
struct Sources {
    HttpClient& http;
    const GithubClient& github;
    const Result<KubeEndpoint>& argocd;
    const Result<KubeEndpoint>& workload;
    TlsOptions public_tls;  ///< trust for GitHub, registries and the preview URL
    std::chrono::milliseconds timeout{30000};
    std::string registry_token;  ///< GitHub token, offered to ghcr.io for private packages
    /// Token challenges of registries, by host, learnt early so artifact checks skip a round.
    std::map<std::string, BearerChallenge>* registry_challenges = nullptr;
    ChallengeGate* challenge_gate = nullptr;
};

/// Reads everything about one preview in as few round trips as the dependencies allow: the PR,
/// its comments and every Argo CD and namespace-scoped list in one parallel batch; then what
/// needs the head SHA (check runs, registry artifacts) and the fallbacks in a second.
/// Never reads Secrets. Every piece of the result is observed data or the reason it is missing.
Snapshot gather_snapshot(const Sources& sources, const Profile& profile, const PrRef& pr,
                         const Targets& targets, std::int64_t now, const GatherOptions& options);

/// Reads only the preview's Applications (the parent and the children with its PR label), parent
/// first: what `bump-route` needs to know which objects the preview owns.
Observed<std::vector<Application>> gather_applications(const Sources& sources,
                                                       const Targets& targets);

}  // namespace preview
