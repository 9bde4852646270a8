#include "gather/argocd_api_fetch.hpp"

#include <string>

#include <fmt/format.h>

#include "preview/api/api_errors.hpp"
#include "preview/io/url.hpp"

namespace preview {

Error argocd_failure(const HttpOutcome& outcome, const std::string& what, bool missing_or_denied) {
    if (!outcome.ok()) {
        Error e = outcome.error();
        if (e.kind != ErrorKind::interrupted) {
            e.message = fmt::format("cannot {}: {}", what, e.message);
        }
        return e;
    }
    return classify_argocd_error(outcome->status, outcome->body, what, missing_or_denied);
}

std::optional<Error> not_api_answer(const HttpResponse& response, const std::string& what) {
    const auto type = response.header("content-type");
    if (type && type->find("application/json") == std::string::npos) {
        Error e = unexpected_body(what, response.status, response.body);
        e.hint =
            "check the Argo CD server address and argocd.rootPath: the Argo CD UI answers "
            "every path the API does not know";
        return e;
    }
    return std::nullopt;
}

}  // namespace preview
