#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gather/fetch_rounds.hpp"
#include <fmt/format.h>

#include "preview/core/kube_path.hpp"
#include "preview/core/result.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/io/kubeconfig.hpp"

namespace preview {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// A prepared Kubernetes request (URL, TLS, credentials), or why it cannot be made: the path
/// comes only from KubePath, so an invalid name never reaches a URL (its error is the answer).
Result<HttpRequest> kube_request(const Result<KubeEndpoint>& endpoint, std::string method,
                                 const Result<KubePath>& path, const QueryParams& query = {});

/// Turns a non-2xx answer or a transport error into an Error describing `what`.
Error kube_failure(const HttpOutcome& outcome, const std::string& what);

/// True when the answer is Kubernetes' "the server could not find the requested resource": the
/// API (group/version/resource) is not served, as opposed to a named object being absent.
bool resource_not_served(const HttpResponse& response);

/// Keeps the resourceVersion a successful answer stood at in `versions` under `key` (a list's,
/// or a single object's own): a follow watches from there.
Fetch versioned(Fetch fetch, std::map<std::string, std::string>& versions, const std::string& key);

/// A watch of `collection` (`?watch=1&allowWatchBookmarks=true&timeoutSeconds=...`) from
/// `resource_version` (empty: from now), narrowed by `selectors` (labelSelector, fieldSelector).
Result<WatchRequest> kube_watch_request(const Result<KubeEndpoint>& endpoint,
                                        const Result<KubePath>& collection,
                                        const std::string& resource_version,
                                        std::chrono::seconds timeout, const QueryParams& selectors);

/// Fetches a single object; a 404 for the object is std::nullopt, not an error.
template <class T, class Parse>
Fetch get_object(const Result<KubeEndpoint>& endpoint, const Result<KubePath>& path,
                 const std::string& what, Parse parse, Observed<std::optional<T>>& out) {
    return Fetch{kube_request(endpoint, "GET", path),
                 [&out, parse, what](const HttpOutcome& outcome, FetchRounds&) {
                     if (outcome.ok() && outcome->status == 404 && !resource_not_served(*outcome)) {
                         out = std::optional<T>();
                         return;
                     }
                     if (!outcome.ok() || outcome->status != 200) {
                         out = kube_failure(outcome, what);
                         return;
                     }
                     auto parsed = parse(outcome->body);
                     if (parsed.ok()) {
                         out = std::optional<T>(std::move(parsed.value()));
                     } else {
                         out = parsed.error();
                     }
                 },
                 endpoint.ok() ? &endpoint.value() : nullptr};
}

/// For a custom resource the cluster does not serve at all: no objects when the profile expects
/// none, else an error that says what is missing.
template <class T>
std::function<bool(FetchRounds&)> not_installed(const std::vector<std::string>& expected,
                                                const std::string& group,
                                                const std::string& product,
                                                Observed<std::vector<T>>& out) {
    return [&expected, &out, group, product](FetchRounds&) {
        if (expected.empty()) {
            out = std::vector<T>{};
        } else {
            out = Error(ErrorKind::api,
                        fmt::format("the workload cluster does not serve {}: is {} installed?",
                                    group, product),
                        "install it, or empty the profile's list if this preview does not use it",
                        404, "NotServed");
        }
        return true;
    };
}

/// Fetches a whole list, following `continue` tokens, at most kMaxListPages pages and
/// kMaxListItems objects (more is an error, see paging.hpp). `on_missing_api` is called instead
/// of recording an error when the resource is not served at all (to try an older version).
template <class T, class Parse>
Fetch list_objects(const Result<KubeEndpoint>& endpoint, const Result<KubePath>& path,
                   QueryParams query, std::string what, Parse parse, Observed<std::vector<T>>& out,
                   std::function<bool(FetchRounds&)> on_missing_api = {},
                   std::vector<T> so_far = {}, std::vector<std::string> tokens = {});

}  // namespace preview

#include "gather/kube_fetch_impl.hpp"
