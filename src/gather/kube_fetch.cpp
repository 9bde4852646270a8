#include "gather/kube_fetch.hpp"

#include <fmt/format.h>

#include "preview/api/api_errors.hpp"
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

}  // namespace preview
