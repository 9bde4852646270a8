#include <string>

#include "body_text.hpp"
#include "json_fields.hpp"

#include "preview/api/api_errors.hpp"
#include "preview/api/json_parse.hpp"

namespace preview {
namespace {

using api_detail::Fields;
using api_detail::Json;
using api_detail::Node;

// The metav1.Status fields that matter for a message.
struct KubeStatus {
    std::string message;
    std::string reason;
    long code = 0;
    long retry_after_seconds = 0;
    std::vector<std::string> causes;  // "field: message"
};

KubeStatus read_status(const Json& doc) {
    Fields f("Status");
    const Node root{&doc, ""};
    KubeStatus s;
    s.message = f.str(root, "message");
    if (s.message.empty()) {
        s.message = f.str(root, "error");  // Argo CD's API server (grpc-gateway) shape
    }
    if (f.str(root, "kind") == "Status") {
        s.reason = f.str(root, "reason");
        s.code = f.int32(root, "code");
        s.retry_after_seconds = f.int32(root, "details.retryAfterSeconds");
        for (const Node& cause : f.objects(root, "details.causes")) {
            const std::string field = f.str(cause, "field");
            const std::string text = f.str(cause, "message");
            if (!text.empty()) {
                s.causes.push_back(field.empty() ? text : field + ": " + text);
            }
        }
    }
    return s;
}

std::string reason_for_code(long code) {
    switch (code) {
        case 400:
            return "BadRequest";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "NotFound";
        case 405:
            return "MethodNotAllowed";
        case 406:
            return "NotAcceptable";
        case 409:
            return "Conflict";
        case 410:
            return "Gone";
        case 413:
            return "RequestEntityTooLarge";
        case 415:
            return "UnsupportedMediaType";
        case 422:
            return "Invalid";
        case 429:
            return "TooManyRequests";
        case 500:
            return "InternalError";
        case 503:
            return "ServiceUnavailable";
        case 504:
            return "Timeout";
        default:
            return code >= 500 ? "InternalError" : "";
    }
}

ErrorKind kind_for_reason(const std::string& reason) {
    if (reason == "Unauthorized") {
        return ErrorKind::auth;
    }
    if (reason == "Forbidden") {
        return ErrorKind::permission;
    }
    if (reason == "NotFound") {
        return ErrorKind::not_found;
    }
    return ErrorKind::api;
}

bool is_server_side(const std::string& reason) {
    return reason == "InternalError" || reason == "ServiceUnavailable" ||
           reason == "ServerTimeout" || reason == "Timeout";
}

std::string hint_for(const std::string& reason, const KubeStatus& status) {
    if (reason == "Unauthorized") {
        return "the kubeconfig credentials are expired or invalid: log in again (refresh the "
               "token or re-run the login command / exec plugin) and check which user the "
               "context uses (kubectl config view --minify)";
    }
    if (reason == "Forbidden") {
        return "the kubeconfig user lacks the RBAC permission for this: use a context with more "
               "rights (--context, --argocd-context) or ask a cluster admin";
    }
    if (reason == "NotFound" &&
        status.message.find("the server could not find the requested resource") !=
            std::string::npos) {
        return "this API is not served by the cluster: check that the CRD is installed "
               "(Argo CD, External Secrets, Gateway API) in the expected version";
    }
    if (reason == "Conflict" || reason == "AlreadyExists") {
        return "the object changed in the meantime; retry";
    }
    if (reason == "Gone" || reason == "Expired") {
        return "the list changed too much while it was read page by page; retry";
    }
    if (reason == "TooManyRequests") {
        return status.retry_after_seconds > 0
                   ? "the API server is throttling requests; retry in " +
                         std::to_string(status.retry_after_seconds) + " s"
                   : std::string("the API server is throttling requests; retry in a moment");
    }
    if (is_server_side(reason)) {
        return "the API server reported a problem of its own (or of an aggregated API or "
               "webhook it called); retry, and check the cluster's health";
    }
    return {};
}

}  // namespace

Error classify_kube_error(long http_status, std::string_view body, std::string_view what) {
    Error e;
    e.http_status = http_status;
    const std::string prefix = api_detail::cannot(what);
    const Json doc = parse_json(body);

    if (!doc.is_object()) {
        const api_detail::BodyShape shape = api_detail::describe_body(body);
        const std::string status_text = "(HTTP " + std::to_string(http_status) + ")";
        if (shape.kind == api_detail::BodyKind::html) {
            e.kind = ErrorKind::api;
            e.reason = "UnexpectedBody";
            e.message = prefix + "expected a Kubernetes API answer but got " + shape.description +
                        " " + status_text;
            e.hint =
                "a proxy or load balancer answered instead of the API server: check the "
                "cluster's server URL in the kubeconfig (and proxy-url / HTTPS_PROXY)";
            return e;
        }
        e.reason = reason_for_code(http_status);
        e.kind = kind_for_reason(e.reason);
        e.message = prefix + "the Kubernetes API answered HTTP " + std::to_string(http_status);
        if (shape.kind == api_detail::BodyKind::not_json) {
            e.message += " with \"" + api_detail::excerpt(body, 60) + "\"";
        }
        e.hint = hint_for(e.reason, KubeStatus{});
        if (e.kind == ErrorKind::not_found) {
            e.hint =
                "the server URL may not point at a Kubernetes API server, or this API is "
                "not served by the cluster";
        }
        return e;
    }

    KubeStatus status = read_status(doc);
    // "reason beats code": a Status reason is more specific than the HTTP status line.
    e.reason = !status.reason.empty()
                   ? status.reason
                   : reason_for_code(status.code != 0 ? status.code : http_status);
    e.kind = kind_for_reason(e.reason);
    e.hint = hint_for(e.reason, status);

    std::string detail = status.message;
    if (e.reason == "Unauthorized") {
        detail = "the API server rejected the credentials (Unauthorized)";
    }
    for (const std::string& cause : status.causes) {
        if (detail.find(cause) == std::string::npos) {
            detail += detail.empty() ? cause : "; " + cause;
        }
    }
    if (detail.empty()) {
        detail = "the Kubernetes API answered HTTP " + std::to_string(http_status) +
                 (e.reason.empty() ? std::string() : " (" + e.reason + ")");
    }
    e.message = prefix + detail;
    return e;
}

}  // namespace preview
