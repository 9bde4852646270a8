#include "gather/kube_fetch.hpp"

#include <fmt/format.h>

#include "preview/api/api_errors.hpp"
#include "preview/api/watch_json.hpp"
#include "preview/io/url.hpp"

namespace preview {

Result<HttpRequest> kube_request(const Result<KubeEndpoint>& endpoint, std::string method,
                                 const Result<KubePath>& path, const QueryParams& query) {
    if (!endpoint.ok()) {
        return endpoint.error();
    }
    if (!path.ok()) {
        return path.error();
    }
    if (path->empty()) {
        return Error(ErrorKind::api, "refusing to send a Kubernetes request without a path");
    }
    auto request = endpoint->request(std::move(method), with_query(path->str(), query));
    if (request.ok()) {
        request->headers.emplace_back("Accept", "application/json");
    }
    return request;
}

Error kube_failure(const HttpOutcome& outcome, const std::string& what) {
    if (!outcome.ok()) {
        Error e = outcome.error();
        if (e.kind != ErrorKind::interrupted && !what.empty()) {
            e.message = fmt::format("cannot {}: {}", what, e.message);
        }
        return e;
    }
    return classify_kube_error(outcome->status, outcome->body, what);
}

bool resource_not_served(const HttpResponse& response) {
    if (response.status != 404) {
        return false;
    }
    // The apiserver's answer for an unknown resource path is a Status without details;
    // a missing object has details.name.
    return response.body.find("the server could not find the requested resource") !=
           std::string::npos;
}

Fetch versioned(Fetch fetch, std::map<std::string, std::string>& versions, const std::string& key) {
    auto inner = std::move(fetch.handle);
    fetch.handle = [inner, &versions, key](const HttpOutcome& outcome, FetchRounds& next) {
        if (outcome.ok() && outcome->status == 200) {
            if (auto version = list_resource_version(outcome->body); !version.empty()) {
                versions[key] = std::move(version);
            }
        }
        inner(outcome, next);
    };
    return fetch;
}

Result<WatchRequest> kube_watch_request(const Result<KubeEndpoint>& endpoint,
                                        const Result<KubePath>& collection,
                                        const std::string& resource_version,
                                        std::chrono::seconds timeout,
                                        const QueryParams& selectors) {
    QueryParams query{{"watch", "1"},
                      {"allowWatchBookmarks", "true"},
                      {"timeoutSeconds", std::to_string(timeout.count())}};
    if (!resource_version.empty()) {
        query.emplace_back("resourceVersion", resource_version);
    }
    query.insert(query.end(), selectors.begin(), selectors.end());
    auto request = kube_request(endpoint, "GET", collection, query);
    if (!request.ok()) {
        return request.error();
    }
    return WatchRequest{std::move(request.value()), WatchFormat::kubernetes, {}};
}

}  // namespace preview
