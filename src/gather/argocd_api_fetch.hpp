#pragma once

// The Argo CD API server as the source of a preview's Applications and ApplicationSet (design
// §8): the same snapshot fields the Kubernetes reads fill, so no check knows the source.

#include <optional>
#include <vector>

#include "gather/fetch_rounds.hpp"

#include "preview/core/profile.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/io/argocd_endpoint.hpp"

namespace preview {

/// Where the Argo CD reads land.
struct ArgocdReads {
    Observed<std::optional<ApplicationSet>>* application_set = nullptr;  ///< null: not wanted
    Observed<std::optional<Application>>& parent;
    Observed<std::vector<Application>>& children;
};

/// Round one: GET the ApplicationSet, list the parent by name and the children by the PR label
/// (a list never answers 403: what the token may not see is absent). Round two, as each list
/// answers: one GET per listed Application whose resources lack health (Argo CD 3.x leaves
/// per-resource health out of lists), which replaces the listed copy. A 403 on such a GET is
/// "does not exist or you lack access", as Argo CD cannot tell them apart without `project`.
void add_argocd_api_fetches(FetchRounds& rounds, const ArgocdEndpoint& endpoint,
                            const Targets& targets, ArgocdReads reads);

/// One list of the Applications carrying `selector` (a label selector) in `argocd_namespace`,
/// for `preview list`: no per-Application GETs.
Fetch list_argocd_api_applications(const ArgocdEndpoint& endpoint,
                                   const std::string& argocd_namespace, const std::string& selector,
                                   Observed<std::vector<Application>>& out);

}  // namespace preview
