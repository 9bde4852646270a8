#include "gather/kube_change.hpp"

#include <string>
#include <string_view>

#include "gather/kube_fetch.hpp"
#include <fmt/format.h>

#include "preview/core/argo_actions.hpp"
#include "preview/core/argo_sync.hpp"
#include "preview/core/kube_path.hpp"

namespace preview {
namespace {

// The resource (plural) of the kinds an intent changes.
std::string_view plural_of(std::string_view kind) {
    if (kind == "ApplicationSet") {
        return "applicationsets";
    }
    if (kind == "Application") {
        return "applications";
    }
    if (kind == "HTTPRoute") {
        return "httproutes";
    }
    if (kind == "ExternalSecret") {
        return "externalsecrets";
    }
    return {};
}

// The singular kubectl names the resource by.
std::string singular_of(std::string_view kind) {
    std::string_view plural = plural_of(kind);
    return std::string(plural.substr(0, plural.empty() ? 0 : plural.size() - 1));
}

// The annotation an annotating intent sets, as {key, value}.
std::pair<std::string, std::string> annotation_of(const Intent& intent) {
    switch (intent.kind) {
        case IntentKind::refresh_application_set:
            return {std::string(kAppSetRefreshAnnotation), "true"};
        case IntentKind::hard_refresh_application:
            return {std::string(kAppRefreshAnnotation), "hard"};
        default:
            return {intent.annotation, intent.value};
    }
}

Result<KubePath> path_of(const ObjectRef& object) {
    const std::string_view plural = plural_of(object.kind);
    if (plural.empty()) {
        return Error(ErrorKind::api,
                     fmt::format("preview does not change a {:?} through Kubernetes", object.kind));
    }
    return KubePath::object(GroupVersion{object.group, object.version}, plural,
                            object.namespace_name, object.name);
}

Fetch kube_change(const Result<KubeEndpoint>& endpoint, const Intent& intent, Status& out) {
    auto request =
        kube_request(endpoint, "PATCH", path_of(intent.object), {{"fieldManager", "preview"}});
    const bool sync = intent.kind == IntentKind::sync_application;
    if (request.ok()) {
        request->headers.emplace_back("Content-Type", "application/merge-patch+json");
        const auto [key, value] = annotation_of(intent);
        request->body = sync ? sync_operation_patch(intent.revision) : annotation_patch(key, value);
    }
    const std::string what =
        fmt::format("{} {}", sync ? "start a sync of" : "annotate", kind_name(intent));
    return Fetch{
        std::move(request),
        [&out, what](const HttpOutcome& outcome, FetchRounds&) {
            if (outcome.ok() && outcome->status == 200) {
                out = ok_status();
            } else if (outcome.ok() && outcome->status == 404 && !resource_not_served(*outcome)) {
                out = Error(ErrorKind::not_found, fmt::format("cannot {}: it does not exist", what),
                            {}, 404, "NotFound");
            } else {
                out = kube_failure(outcome, what);
            }
        },
        endpoint.ok() ? &endpoint.value() : nullptr};
}

}  // namespace

std::string kubectl_form(const Intent& intent) {
    const ObjectRef& o = intent.object;
    if (intent.kind == IntentKind::sync_application) {
        return kubectl_sync_command(o.namespace_name, o.name, intent.revision);
    }
    const auto [key, value] = annotation_of(intent);
    return kubectl_annotate_command(o.namespace_name, singular_of(o.kind), o.name, key, value);
}

Change kube_form(const Intent& intent, const Result<KubeEndpoint>& endpoint) {
    Change change;
    change.intent = intent;
    change.command = kubectl_form(intent);
    change.request = [&endpoint, intent](Status& out) {
        return kube_change(endpoint, intent, out);
    };
    return change;
}

}  // namespace preview
