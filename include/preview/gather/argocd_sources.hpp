#pragma once

// Which Argo CD source a session reads and acts through (design §8). Every source is one
// implementation file (src/gather/argocd_*_source.cpp) with a maker declared in gather.hpp,
// and one row in the table of argocd_sources.cpp: adding a source is that file, its parser and
// the row.

#include <memory>
#include <optional>
#include <span>

#include "preview/gather/gather.hpp"
#include "preview/io/argocd_endpoint.hpp"
#include "preview/io/kubeconfig.hpp"

namespace preview {

/// Every endpoint a source may be made from, as open_session resolved them; they must outlive
/// the source made from them.
struct ArgocdEndpoints {
    /// The Argo CD cluster's kube context, or why there is none.
    const Result<KubeEndpoint>& cluster;
    /// The Argo CD API server, when one is named (--argocd-server, ARGOCD_SERVER, argocd.server)
    /// or found (the argocd CLI's current context).
    const std::optional<ArgocdEndpoint>& server;
    AppsetWebhookOptions webhook;
};

/// One way of reaching Argo CD.
struct ArgocdSourceFactory {
    const char* name;  ///< what `-v` and the tests call it
    /// True when the endpoints call for this source.
    bool (*fits)(const ArgocdEndpoints& endpoints);
    std::shared_ptr<const ArgocdSource> (*make)(const ArgocdEndpoints& endpoints);
};

/// The known sources, the most specific first; the last (the Argo CD cluster's Kubernetes API,
/// whose errors then answer every read) fits any endpoints.
std::span<const ArgocdSourceFactory> argocd_source_factories();

/// The first source of argocd_source_factories() that fits `endpoints`: the Argo CD API server
/// when one is set (a kube context, when one resolved, still carries the changes the API has no
/// call for), else the Argo CD cluster's Kubernetes API.
std::shared_ptr<const ArgocdSource> make_argocd_source(const ArgocdEndpoints& endpoints);

}  // namespace preview
