#include "preview/core/intent.hpp"

#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "preview/core/kube_path.hpp"

namespace preview {

namespace {

const GroupVersion kArgo{"argoproj.io", "v1alpha1"};

// The intent on `object`, once KubePath accepts its names (the path itself is the source's).
Result<Intent> checked(IntentKind kind, const GroupVersion& gv, std::string_view plural,
                       ObjectRef object) {
    auto path = KubePath::object(gv, plural, object.namespace_name, object.name);
    if (!path.ok()) {
        return path.error();
    }
    Intent intent;
    intent.kind = kind;
    intent.object = std::move(object);
    return intent;
}

Result<Intent> annotate(const GroupVersion& gv, std::string_view plural, ObjectRef object,
                        std::string annotation, std::string value) {
    auto intent = checked(IntentKind::annotate, gv, plural, std::move(object));
    if (intent.ok()) {
        intent->annotation = std::move(annotation);
        intent->value = std::move(value);
    }
    return intent;
}

}  // namespace

std::string kind_name(const Intent& intent) {
    return intent.object.kind.empty() ? std::string()
                                      : intent.object.kind + " " + intent.object.name;
}

bool on_argocd(const Intent& intent) {
    return intent.kind == IntentKind::refresh_application_set ||
           intent.kind == IntentKind::hard_refresh_application ||
           intent.kind == IntentKind::sync_application;
}

Result<Intent> refresh_application_set(const Targets& t) {
    return checked(
        IntentKind::refresh_application_set, kArgo, "applicationsets",
        {kArgo.group, kArgo.version, "ApplicationSet", t.argocd_namespace, t.application_set});
}

Result<Intent> bump_route(const Targets& t, const std::string& route, std::int64_t now) {
    const GroupVersion gv{"gateway.networking.k8s.io", "v1"};
    return annotate(gv, "httproutes", {gv.group, gv.version, "HTTPRoute", t.namespace_name, route},
                    "reconcile-bump", std::to_string(now));
}

Result<Intent> force_sync_external_secret(const Targets& t, const std::string& name,
                                          std::int64_t now, std::string_view api_version) {
    auto gv = known_api_version(api_version);
    if (gv.ok() && gv->group != "external-secrets.io") {
        gv = Error(ErrorKind::api,
                   fmt::format("refusing to build a Kubernetes request path: the apiVersion {:?} "
                               "is not an External Secrets API",
                               api_version));
    }
    if (!gv.ok()) {
        return gv.error();
    }
    return annotate(*gv, "externalsecrets",
                    {gv->group, gv->version, "ExternalSecret", t.namespace_name, name},
                    "force-sync", std::to_string(now));
}

Result<Intent> hard_refresh_application(const Targets& t, const std::string& app) {
    return checked(IntentKind::hard_refresh_application, kArgo, "applications",
                   {kArgo.group, kArgo.version, "Application", t.argocd_namespace, app});
}

Result<Intent> sync_application(const Targets& t, const std::string& app,
                                const std::string& revision, const std::string& target_revision) {
    auto intent = checked(IntentKind::sync_application, kArgo, "applications",
                          {kArgo.group, kArgo.version, "Application", t.argocd_namespace, app});
    if (intent.ok()) {
        intent->revision = revision;
        intent->target_revision = target_revision;
    }
    return intent;
}

Intent add_label(const std::string& label) {
    Intent intent;
    intent.kind = IntentKind::add_label;
    intent.label = label;
    return intent;
}

Intent remove_label(const std::string& label) {
    Intent intent;
    intent.kind = IntentKind::remove_label;
    intent.label = label;
    return intent;
}

std::string annotation_patch(const std::string& annotation, const std::string& value) {
    nlohmann::json patch = {{"metadata", {{"annotations", {{annotation, value}}}}}};
    return patch.dump();
}

Result<std::int64_t> parse_duration(std::string_view text) {
    const Error bad(ErrorKind::usage,
                    fmt::format("invalid duration \"{}\": expected e.g. 90s, 15m or 1h30m", text));
    if (text.empty()) {
        return bad;
    }
    std::int64_t total = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::int64_t value = 0;
        const char* first = text.data() + pos;
        auto [ptr, ec] = std::from_chars(first, text.data() + text.size(), value);
        if (ec != std::errc() || ptr == first || value < 0) {
            return bad;
        }
        pos = static_cast<std::size_t>(ptr - text.data());
        std::int64_t unit = 1;
        if (pos < text.size()) {
            switch (text[pos]) {
                case 's':
                    unit = 1;
                    break;
                case 'm':
                    unit = 60;
                    break;
                case 'h':
                    unit = 3600;
                    break;
                default:
                    return bad;
            }
            ++pos;
        } else if (total != 0) {
            return bad;  // "1h30" is ambiguous
        }
        if (value > (std::int64_t{1} << 40) / unit) {
            return bad;
        }
        total += value * unit;
    }
    return total;
}

}  // namespace preview
