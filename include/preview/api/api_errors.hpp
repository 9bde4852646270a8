#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "preview/core/result.hpp"

/// Turning failed API answers into typed errors with a hint. Pure: no I/O, no clock.
namespace preview {

/// The Error for a Kubernetes API answer with a non-2xx status. Reads the metav1.Status body when
/// there is one (its `reason` beats the HTTP status): Unauthorized -> auth, Forbidden ->
/// permission (quoting the Status message, which names verb, resource and namespace), NotFound ->
/// not_found, everything else -> api. A body that is not JSON (an HTML page from a proxy or load
/// balancer, plain text) is described, not dumped. `what` is a short verb phrase such as
/// `list pods in namespace "x"`; messages read "cannot <what>: ...".
Error classify_kube_error(long http_status, std::string_view body, std::string_view what);

/// The Error for a GitHub REST answer with a non-2xx status. `headers` carry lower-case names;
/// `now_unix` is the current time in Unix seconds (for "resets in N min": this layer has no
/// clock). 401 -> auth; 403/429 with x-ratelimit-remaining 0 -> api (rate limit, reset time);
/// a secondary rate limit -> api (retry-after); other 403 -> permission; 404 -> not_found (the
/// repository may be private); 422 -> api with the errors[] detail; the rest -> api.
Error classify_github_error(long http_status,
                            const std::vector<std::pair<std::string, std::string>>& headers,
                            std::string_view body, std::string_view what, std::int64_t now_unix);

/// The Error for an answer whose body is not the JSON expected (empty, HTML, truncated, not
/// JSON, JSON of the wrong shape). One sentence; at most a short single-line excerpt of the body.
/// `http_status` 0 means unknown and is left out of the message.
Error unexpected_body(std::string_view what, long http_status, std::string_view body);

}  // namespace preview
