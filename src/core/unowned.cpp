#include "preview/core/unowned.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace preview {
namespace {

template <class T>
std::vector<std::string> live_names(const std::vector<T>& items) {
    std::vector<std::string> names;
    for (const auto& item : items) {
        if (item.meta.deletion_timestamp.empty()) {
            names.push_back(item.meta.name);
        }
    }
    return names;
}

std::string counted(std::size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

std::optional<UnownedNamespace> unowned_namespace(const Snapshot& s) {
    if (!s.applications.ok() || !s.applications->empty() || !s.namespace_state.ok() ||
        !s.namespace_state->has_value() || !(*s.namespace_state)->meta.deletion_timestamp.empty() ||
        !s.workloads.ok() || !s.pods.ok() || !s.routes.ok()) {
        return std::nullopt;
    }
    std::vector<std::string> workloads;
    std::size_t deployments = 0;
    std::size_t statefulsets = 0;
    for (const auto& w : *s.workloads) {
        if (w.meta.deletion_timestamp.empty()) {
            workloads.push_back(fmt::format("{} {}", w.kind, w.meta.name));
            (w.kind == "StatefulSet" ? statefulsets : deployments) += 1;
        }
    }
    const auto pods = live_names(*s.pods);
    const auto routes = live_names(*s.routes);
    if (workloads.empty() && pods.empty() && routes.empty()) {
        return std::nullopt;
    }
    UnownedNamespace u;
    std::vector<std::string> parts;
    if (deployments > 0) {
        parts.push_back(counted(deployments, "Deployment", "Deployments"));
    }
    if (statefulsets > 0) {
        parts.push_back(counted(statefulsets, "StatefulSet", "StatefulSets"));
    }
    if (!pods.empty()) {
        parts.push_back(counted(pods.size(), "pod", "pods"));
    }
    if (!routes.empty()) {
        parts.push_back(counted(routes.size(), "HTTPRoute", "HTTPRoutes"));
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
        u.counts += (i == 0 ? "" : (i + 1 == parts.size() ? " and " : ", ")) + parts[i];
    }
    const std::string& ns = (*s.namespace_state)->meta.name;
    if (!workloads.empty()) {
        u.evidence.push_back(fmt::format("namespace {}: {}", ns, fmt::join(workloads, ", ")));
    }
    if (!pods.empty()) {
        u.evidence.push_back(fmt::format("namespace {}: pods {}", ns, fmt::join(pods, ", ")));
    }
    if (!routes.empty()) {
        u.evidence.push_back(
            fmt::format("namespace {}: HTTPRoutes {}", ns, fmt::join(routes, ", ")));
    }
    return u;
}

}  // namespace preview
