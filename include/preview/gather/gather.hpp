#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "preview/core/profile.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/io/argocd_endpoint.hpp"
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
    /// Of those, only the cluster's HTTPRoutes when the URL serves what the preview's accepted
    /// routes do not explain (status: the judgement names a route that takes the hostname).
    bool route_claims = false;
    std::chrono::milliseconds url_timeout{10000};
    /// The PR's issue events, for the timeline's "label added": one more GitHub request (more
    /// only past 100 events). For one PR's status and doctor; never for list or a follow's polls.
    bool label_events = false;
};

/// Gathering's own bookkeeping of registry challenges (src/gather/registry_fetch.hpp).
struct RegistryState;

/// How Argo CD is read and acted on (design §8); the interface is gathering's own
/// (src/gather/argocd_source.hpp). Make one with the functions below.
class ArgocdSource;

/// Argo CD through the Kubernetes API of its cluster (`cluster`, which must outlive the source;
/// an error there is every Argo CD read's and change's answer).
std::shared_ptr<const ArgocdSource> argocd_through_kubernetes(const Result<KubeEndpoint>& cluster);

/// What the ApplicationSet webhook event is sent with (design §8).
struct AppsetWebhookOptions {
    /// PREVIEW_APPSET_WEBHOOK_SECRET: signs the event (HMAC-SHA256); never sent itself. Empty:
    /// the event goes unsigned.
    std::string secret;
    TlsOptions tls;  ///< the public trust: the webhook is no Kubernetes or Argo CD API endpoint
    std::chrono::milliseconds timeout{30000};
};

/// Argo CD through its API server `server`; `cluster` (a kube context for the Argo CD cluster,
/// or why there is none) carries the changes the API has no call for. Both must outlive the
/// source.
std::shared_ptr<const ArgocdSource> argocd_through_api(const ArgocdEndpoint& server,
                                                       const Result<KubeEndpoint>& cluster,
                                                       AppsetWebhookOptions webhook);

/// The services one preview lives on. The workload endpoint is an error when the kubeconfig
/// could not give it; gathering then records that error for every piece that needed it.
struct Sources {
    HttpClient& http;
    const GithubClient& github;
    const ArgocdSource& argocd;  ///< the Applications and ApplicationSets, and their changes
    const Result<KubeEndpoint>& workload;
    TlsOptions public_tls;  ///< trust for GitHub, registries and the preview URL
    std::chrono::milliseconds timeout{30000};
    std::string registry_token;  ///< GitHub token, offered to ghcr.io for private packages
    /// Set by gather_snapshot for its own use; callers leave it null.
    RegistryState* registry_state = nullptr;
    /// The Argo CD API server, when one is configured: the workload namespace is read through
    /// it when no kube context reaches the workload cluster (design §8).
    const ArgocdEndpoint* argocd_api = nullptr;
};

/// No kube context reaches the workload cluster and an Argo CD API server is configured: the
/// preview namespace is read (and its objects changed) through the Argo CD API (design §8).
/// The one rule every command that reads the namespace follows.
bool workload_read_through_argocd_api(const Sources& src);

/// Reads everything about one preview in as few round trips as the dependencies allow: the PR,
/// its comments and every Argo CD and namespace-scoped list in one parallel batch; then what
/// needs the head SHA (check runs, registry artifacts) and the fallbacks in a second.
/// Never reads Secrets. Every piece of the result is observed data or the reason it is missing.
Snapshot gather_snapshot(const Sources& given, const Profile& profile, const PrRef& pr,
                         const Targets& targets, std::int64_t now, const GatherOptions& options);

/// Reads only the PR's label events (issue events, all pages, bounded): what `up` adds to its
/// last snapshot for the timeline once the preview is ready.
Observed<std::vector<LabelEvent>> gather_label_events(const Sources& src, const PrRef& pr);

/// Reads only the preview's Applications (the parent and the children with its PR label), parent
/// first: what `bump-route` needs to know which objects the preview owns.
Observed<std::vector<Application>> gather_applications(const Sources& src, const Targets& targets);

}  // namespace preview
