#pragma once

// The Argo CD API server as the source of a preview's Applications and ApplicationSet (design
// §8): the same snapshot fields the Kubernetes reads fill, so no check knows the source.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gather/fetch_rounds.hpp"

#include "preview/core/profile.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/io/argocd_endpoint.hpp"
#include "preview/io/url.hpp"

namespace preview {

/// A transport error or an Argo CD error body as an Error describing `what`; with
/// `missing_or_denied`, a 403 says the object may not exist (Argo CD cannot tell without
/// `project`).
Error argocd_failure(const HttpOutcome& outcome, const std::string& what,
                     bool missing_or_denied = false);

/// A 2xx answer that is not JSON is the UI's page: the root path is wrong (design §8,
/// reference §1.1). The error for it, or nullopt for a JSON answer.
std::optional<Error> not_api_answer(const HttpResponse& response, const std::string& what);

/// Where the Argo CD reads land.
struct ArgocdReads {
    Observed<std::optional<ApplicationSet>>* application_set = nullptr;  ///< null: not wanted
    Observed<std::optional<Application>>& parent;
    Observed<std::vector<Application>>& children;
    /// Called with each list of Applications as it arrives (or its error): what depends on
    /// the Applications (their resource trees) starts from here.
    std::function<void(const Result<std::vector<Application>>&, FetchRounds&)> listed = {};
    /// When set, each list's metadata.resourceVersion lands here (a follow streams from it):
    /// "argocd.application" for the parent's list by name, "argocd.applications" for the
    /// children's by label.
    std::map<std::string, std::string>* list_versions = nullptr;
};

/// Round one: GET the ApplicationSet, list the parent by name and the children by the PR label
/// (a list never answers 403: what the token may not see is absent). Round two, as each list
/// answers: one GET per listed Application whose resources lack health (Argo CD 3.x leaves
/// per-resource health out of lists), which replaces the listed copy. A 403 on such a GET is
/// "does not exist or you lack access", as Argo CD cannot tell them apart without `project`.
void add_argocd_api_fetches(FetchRounds& rounds, const ArgocdEndpoint& ep, const Targets& targets,
                            const ArgocdReads& reads);

/// One list from the Argo CD API server (`GET /api/v1/<plural>?<query>`), parsed by `parse`
/// into `out`; an error body, a transport failure or the UI's page becomes the error.
template <class T, class Parse>
Fetch argocd_api_list(const ArgocdEndpoint& endpoint, const std::string& plural,
                      const std::vector<std::pair<std::string, std::string>>& query,
                      std::string what, Parse parse, Observed<std::vector<T>>& out) {
    return Fetch{endpoint.request("GET", with_query("/api/v1/" + plural, query)),
                 [&out, what = std::move(what), parse](const HttpOutcome& o, FetchRounds&) {
                     if (!o.ok() || o->status != 200) {
                         out = argocd_failure(o, what);
                         return;
                     }
                     if (auto bad = not_api_answer(*o, what)) {
                         out = *bad;
                         return;
                     }
                     auto items = parse(o->body);
                     if (items.ok()) {
                         out = std::move(items.value());
                     } else {
                         out = items.error();
                     }
                 }};
}

/// One list of the Applications carrying `selector` (a label selector) in `argocd_namespace`,
/// for `preview list`: no per-Application GETs.
Fetch list_argocd_api_applications(const ArgocdEndpoint& ep, const std::string& argocd_namespace,
                                   const std::string& selector,
                                   Observed<std::vector<Application>>& out);

}  // namespace preview
