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

constexpr std::size_t kMessageChars = 300;

std::string relogin_hint(const std::string& message) {
    if (api_detail::contains_nocase(message, "no session information")) {
        return "no Argo CD token was accepted: set ARGOCD_AUTH_TOKEN or run `argocd login "
               "SERVER`";
    }
    return "the Argo CD token is expired or invalid: run `argocd relogin` (or set a fresh "
           "ARGOCD_AUTH_TOKEN)";
}

}  // namespace

Error classify_argocd_error(long http_status, std::string_view body, std::string_view what,
                            bool missing_or_denied) {
    Error e;
    e.http_status = http_status;
    const std::string prefix = api_detail::cannot(what);
    const Json doc = parse_json(body);
    std::string message;
    if (doc.is_object()) {
        Fields f("Argo CD error");
        const Node root{&doc, ""};
        message = f.str(root, "message");
        if (message.empty()) {
            message = f.str(root, "error");
        }
        message = api_detail::excerpt(message, kMessageChars);
    } else {
        const api_detail::BodyShape shape = api_detail::describe_body(body);
        if (shape.kind == api_detail::BodyKind::html) {
            e.kind = ErrorKind::api;
            e.reason = "UnexpectedBody";
            e.message = prefix + "expected an Argo CD API answer but got " + shape.description +
                        " (HTTP " + std::to_string(http_status) + ")";
            e.hint =
                "check the Argo CD server address and argocd.rootPath (the UI answers "
                "paths the API does not know)";
            return e;
        }
        if (shape.kind == api_detail::BodyKind::not_json) {
            message = api_detail::excerpt(body, 60);
        }
    }
    switch (http_status) {
        case 401:
            e.kind = ErrorKind::auth;
            e.reason = "Unauthorized";
            e.hint = relogin_hint(message);
            break;
        case 403:
            e.kind = ErrorKind::permission;
            e.reason = "Forbidden";
            if (missing_or_denied && (message.empty() || message == "permission denied")) {
                e.message = prefix +
                            "it does not exist or you lack access (Argo CD answers "
                            "\"permission denied\" for both)";
                e.hint =
                    "check the name, and that your Argo CD role may get Applications in "
                    "its project";
                return e;
            }
            e.hint =
                "your Argo CD role lacks this permission: ask an Argo CD admin, or use a "
                "token with more rights";
            break;
        case 404:
            e.kind = ErrorKind::not_found;
            e.reason = "NotFound";
            break;
        case 415:
            e.kind = ErrorKind::api;
            e.reason = "UnsupportedMediaType";
            break;
        default:
            e.kind = ErrorKind::api;
            e.reason = http_status >= 500 ? "InternalError" : "";
            if (http_status >= 500) {
                e.hint =
                    "the Argo CD API server reported a problem of its own; retry, and check "
                    "its health";
            }
            break;
    }
    if (message.empty()) {
        message = "the Argo CD API answered HTTP " + std::to_string(http_status);
    } else if (http_status == 401) {
        message = "the Argo CD API server rejected the token (" + message + ")";
    }
    e.message = prefix + message;
    return e;
}

Error classify_appset_webhook_error(long http_status, std::string_view body) {
    Error e;
    e.http_status = http_status;
    e.kind = ErrorKind::api;
    const std::string text = api_detail::excerpt(body, kMessageChars);
    const std::string said = text.empty() ? std::string() : ": " + text;
    e.message = "the ApplicationSet controller's webhook refused the event (HTTP " +
                std::to_string(http_status) + ")" + said;
    if (api_detail::contains_nocase(body, "HMAC verification failed")) {
        e.kind = ErrorKind::auth;
        e.reason = "SignatureRejected";
        e.hint =
            "PREVIEW_APPSET_WEBHOOK_SECRET must equal webhook.github.secret in the argocd-secret "
            "Secret of the Argo CD namespace";
    } else if (api_detail::contains_nocase(body, "missing X-Hub-Signature")) {
        e.kind = ErrorKind::auth;
        e.reason = "SignatureMissing";
        e.hint =
            "the controller verifies GitHub events: set PREVIEW_APPSET_WEBHOOK_SECRET to its "
            "webhook.github.secret (in the argocd-secret Secret)";
    } else {
        e.hint = http_status == 503
                     ? "its queue is full: try again shortly"
                     : "check argocd.appsetWebhook: it must be the ApplicationSet controller's "
                       "/api/webhook (not the Argo CD API server's)";
    }
    return e;
}

}  // namespace preview
