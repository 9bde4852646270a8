#include "preview/core/mutation.hpp"

#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "preview/core/argo_sync.hpp"
#include "preview/core/shell_quote.hpp"

namespace preview {

constexpr std::string_view kRefreshAnnotation = "argocd.argoproj.io/application-set-refresh";

Result<Mutation> refresh_application_set(const Targets& t) {
    Mutation m;
    auto path = KubePath::object(GroupVersion{"argoproj.io", "v1alpha1"}, "applicationsets",
                                 t.argocd_namespace, t.application_set);
    if (!path.ok()) {
        return path.error();
    }
    m.cluster = Cluster::argocd;
    m.api_path = std::move(path.value());
    m.kind_name = "ApplicationSet " + t.application_set;
    m.annotation = kRefreshAnnotation;
    m.value = "true";
    m.command = shell_command({"kubectl", "-n", t.argocd_namespace, "annotate", "applicationset",
                               t.application_set, fmt::format("{}=true", kRefreshAnnotation),
                               "--overwrite"});
    return m;
}

Result<Mutation> bump_route(const Targets& t, const std::string& route, std::int64_t now) {
    Mutation m;
    auto path = KubePath::object(GroupVersion{"gateway.networking.k8s.io", "v1"}, "httproutes",
                                 t.namespace_name, route);
    if (!path.ok()) {
        return path.error();
    }
    m.api_path = std::move(path.value());
    m.kind_name = "HTTPRoute " + route;
    m.object = {"gateway.networking.k8s.io", "v1", "HTTPRoute", t.namespace_name, route};
    m.annotation = "reconcile-bump";
    m.value = std::to_string(now);
    m.command = shell_command({"kubectl", "-n", t.namespace_name, "annotate", "httproute", route,
                               fmt::format("reconcile-bump={}", now), "--overwrite"});
    return m;
}

Result<Mutation> force_sync_external_secret(const Targets& t, const std::string& name,
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
    auto path = KubePath::object(*gv, "externalsecrets", t.namespace_name, name);
    if (!path.ok()) {
        return path.error();
    }
    Mutation m;
    m.api_path = std::move(path.value());
    m.kind_name = "ExternalSecret " + name;
    m.object = {gv->group, gv->version, "ExternalSecret", t.namespace_name, name};
    m.annotation = "force-sync";
    m.value = std::to_string(now);
    m.command = shell_command({"kubectl", "-n", t.namespace_name, "annotate", "externalsecret",
                               name, fmt::format("force-sync={}", now), "--overwrite"});
    return m;
}

namespace {

constexpr std::string_view kAppRefreshAnnotation = "argocd.argoproj.io/refresh";

Result<KubePath> application_path(const Targets& t, const std::string& app) {
    return KubePath::object(GroupVersion{"argoproj.io", "v1alpha1"}, "applications",
                            t.argocd_namespace, app);
}

}  // namespace

std::string hard_refresh_command(const Targets& t, const std::string& app) {
    return shell_command({"kubectl", "-n", t.argocd_namespace, "annotate", "application", app,
                          fmt::format("{}=hard", kAppRefreshAnnotation), "--overwrite"});
}

std::string sync_application_command(const Targets& t, const std::string& app,
                                     const std::string& revision) {
    return shell_command({"kubectl", "-n", t.argocd_namespace, "patch", "application", app,
                          "--type", "merge", "--field-manager=preview", "-p",
                          sync_operation_patch(revision)});
}

Result<Mutation> hard_refresh_application(const Targets& t, const std::string& app) {
    auto path = application_path(t, app);
    if (!path.ok()) {
        return path.error();
    }
    Mutation m;
    m.cluster = Cluster::argocd;
    m.api_path = std::move(path.value());
    m.kind_name = "Application " + app;
    m.annotation = kAppRefreshAnnotation;
    m.value = "hard";
    m.command = hard_refresh_command(t, app);
    return m;
}

Result<Mutation> sync_application(const Targets& t, const std::string& app,
                                  const std::string& revision, const std::string& target_revision) {
    auto path = application_path(t, app);
    if (!path.ok()) {
        return path.error();
    }
    Mutation m;
    m.kind = MutationKind::sync;
    m.cluster = Cluster::argocd;
    m.api_path = std::move(path.value());
    m.kind_name = "Application " + app;
    m.revision = revision;
    m.target_revision = target_revision;
    m.command = sync_application_command(t, app, revision);
    return m;
}

Mutation add_label(const PrRef& pr, const std::string& label) {
    Mutation m;
    m.kind = MutationKind::add_label;
    m.label = label;
    m.command = shell_command({"gh", "pr", "edit", std::to_string(pr.number), "--repo",
                               pr.repo_slug(), "--add-label", label});
    return m;
}

Mutation remove_label(const PrRef& pr, const std::string& label) {
    Mutation m;
    m.kind = MutationKind::remove_label;
    m.label = label;
    m.command = shell_command({"gh", "pr", "edit", std::to_string(pr.number), "--repo",
                               pr.repo_slug(), "--remove-label", label});
    return m;
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
