#include "preview/api/api_errors.hpp"

#include <string>

#include "body_text.hpp"

namespace preview {

Error unexpected_body(std::string_view what, long http_status, std::string_view body) {
    using api_detail::BodyKind;
    const api_detail::BodyShape shape = api_detail::describe_body(body);
    Error e;
    e.kind = ErrorKind::api;
    e.http_status = http_status;
    e.reason = "UnexpectedBody";
    e.message = api_detail::cannot(what) + "expected JSON but got " + shape.description;
    if (http_status != 0) {
        e.message += " (HTTP " + std::to_string(http_status) + ")";
    }
    switch (shape.kind) {
        case BodyKind::html:
            e.hint =
                "a proxy, load balancer or login page answered instead of the API: check the "
                "server URL and the proxy settings";
            break;
        case BodyKind::truncated_json:
            e.hint = "the answer was cut short (dropped connection or size limit); retry";
            break;
        case BodyKind::too_deep:
            e.hint =
                "preview refuses documents nested that deep; check that the URL points at the "
                "expected API and not at something that echoes hostile input";
            break;
        case BodyKind::json_object:
        case BodyKind::json_other:
            e.hint =
                "the server answered with a shape preview does not understand; check that "
                "the URL points at the expected API and version";
            break;
        case BodyKind::empty:
        case BodyKind::not_json:
            e.hint = "check that the server URL points at the API and not at a proxy or web page";
            break;
    }
    return e;
}

}  // namespace preview
