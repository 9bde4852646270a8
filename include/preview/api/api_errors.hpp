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

namespace preview {

/// The Error for an Argo CD API server answer with a non-2xx status, from its grpc-gateway body
/// `{"error","code","message"}` (or the plain text of a 404/405/415, or an HTML page when the
/// root path is wrong). 401 -> auth with "run `argocd relogin`"; 403 -> permission, and when
/// `missing_or_denied` (a single Application asked for without `project`, which Argo CD answers
/// with a bare "permission denied" both when it is missing and when it is hidden) the message
/// says "does not exist or you lack access"; 404 -> not_found; the rest -> api.
Error classify_argocd_error(long http_status, std::string_view body, std::string_view what,
                            bool missing_or_denied = false);

/// The Error for the ApplicationSet controller's webhook answering other than 200 (its body is
/// plain text from go-playground/webhooks, e.g. "Webhook processing failed: HMAC verification
/// failed"): a refused or missing signature -> auth, naming PREVIEW_APPSET_WEBHOOK_SECRET and
/// the argocd-secret key it must equal; 503 (its queue is full) and the rest -> api.
Error classify_appset_webhook_error(long http_status, std::string_view body);

}  // namespace preview
