#pragma once

// How an answer of the Argo CD API server (design §8) becomes an error: shared by the Argo CD
// API source (argocd_api_source.cpp) and the workload reads through that API.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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

/// A 200 answer as `parse` reads its body; a transport error, an error body or the UI's page is
/// the error instead (argocd_failure, not_api_answer).
template <class Parse>
auto parse_api_answer(const HttpOutcome& outcome, const std::string& what, Parse parse)
    -> decltype(parse(std::string_view{})) {
    if (!outcome.ok() || outcome->status != 200) {
        return argocd_failure(outcome, what);
    }
    if (auto bad = not_api_answer(*outcome, what)) {
        return *bad;
    }
    return parse(outcome->body);
}

}  // namespace preview
