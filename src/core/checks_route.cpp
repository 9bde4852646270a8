// The HTTPRoute check: accepted by its Gateway, backends resolved, and present at all.

#include <algorithm>
#include <set>

#include "checks.hpp"
#include <fmt/format.h>

#include "preview/core/k8s_names.hpp"

namespace preview::checks {
namespace {

// Without a kube context for the workload cluster: the same annotation as a resource patch
// through the Argo CD API, for routes an Application's tree shows; else the access needed.
std::string api_route_bump(const Context& c, const std::vector<std::string>& routes) {
    std::vector<std::string> commands;
    for (const auto& route : routes) {
        const auto* app = tree_app(c.s, "HTTPRoute", route);
        auto command =
            app != nullptr ? c.argocd().tree_bump_route(c.argocd_ns(), *app, route) : std::nullopt;
        if (!command) {
            return needs_workload_kube(c.s, bump_route_command(c.s.targets, routes));
        }
        commands.push_back(std::move(*command));
    }
    return join(commands, " && ");
}

constexpr std::string_view kTrackingId = "argocd.argoproj.io/tracking-id";

std::string route_line(const HttpRoute& route) {
    if (route.parents.empty()) {
        return fmt::format("HTTPRoute {}: no parent status (no gateway controller reported)",
                           route.meta.name);
    }
    std::vector<std::string> parts;
    for (const auto& parent : route.parents) {
        std::vector<std::string> conds;
        for (const auto& cond : parent.conditions) {
            conds.push_back(cond.status == "True"
                                ? fmt::format("{}=True", cond.type)
                                : fmt::format("{}={} {}{}", cond.type, cond.status, cond.reason,
                                              cond.message.empty() ? "" : ": " + cond.message));
        }
        parts.push_back(fmt::format("parent {}/{}: {}", parent.parent_namespace, parent.parent_name,
                                    join(conds, ", ")));
    }
    return fmt::format("HTTPRoute {} {}", route.meta.name, join(parts, "; "));
}

const Condition* unresolved(const HttpRoute& route) {
    for (const auto& parent : route.parents) {
        const auto* resolved = find_condition(parent.conditions, "ResolvedRefs");
        if (resolved != nullptr && resolved->status == "False") {
            return resolved;
        }
    }
    return nullptr;
}

std::string route_cause(const HttpRoute& route, bool gateway_works) {
    for (const auto& parent : route.parents) {
        const auto* accepted = find_condition(parent.conditions, "Accepted");
        if (accepted != nullptr && accepted->status != "True") {
            return fmt::format(
                "Gateway {} does not accept the route ({}): its hostname or "
                "listener does not match",
                parent.parent_name, accepted->reason);
        }
    }
    if (const auto* resolved = unresolved(route)) {
        return fmt::format(
            "the gateway controller cannot resolve the route's backend ({}): when the Service "
            "landed after the HTTPRoute it keeps that stale result until the route changes "
            "(if the Service really is missing, see workloads)",
            resolved->reason);
    }
    if (gateway_works) {
        return "no gateway controller has picked the route up although its Gateway works: the "
               "listener's allowedRoutes or hostname leaves it out, or the controller missed it";
    }
    return "no gateway controller has picked the route up: its parentRef names a Gateway no "
           "controller owns, or the controller missed it";
}

// The Application that deployed the route (from Argo CD's tracking id), which also deploys its
// Service in this setup.
std::string owning_application(const HttpRoute& route) {
    const auto it = route.meta.annotations.find(std::string(kTrackingId));
    if (it == route.meta.annotations.end()) {
        return {};
    }
    return it->second.substr(0, it->second.find(':'));
}

// What Argo CD says about a Service it should deploy, if it lists it.
std::string argo_view_of(const Context& c, const std::string& app, const std::string& service) {
    if (!c.s.applications.ok()) {
        return {};
    }
    for (const auto& a : *c.s.applications) {
        for (const auto& r : a.resources) {
            if (r.kind == "Service" && r.name == service && (app.empty() || a.meta.name == app)) {
                return fmt::format("Application {} lists Service {} as {}{}", a.meta.name, r.name,
                                   r.sync_status.empty() ? "unknown" : r.sync_status,
                                   r.health_status.empty() ? "" : "/" + r.health_status);
            }
        }
    }
    return {};
}

std::string ports_text(const Service& svc) {
    std::vector<std::string> out;
    for (const auto& p : svc.ports) {
        out.push_back(p.name.empty() ? std::to_string(p.port)
                                     : fmt::format("{} ({})", p.port, p.name));
    }
    return out.empty() ? "none" : join(out, ", ");
}

// A backendRef the Services contradict: a Service that does not exist, or lacks the port.
// nullopt when every Service the route names exists with its port (the condition is stale).
std::optional<Finding> backend_fault(const Context& c, const HttpRoute& route,
                                     std::vector<std::string> evidence) {
    const auto& services = *c.s.services;
    for (const auto& ref : route.backend_refs) {
        if (ref.kind != "Service" || ref.namespace_name != route.meta.namespace_name) {
            continue;
        }
        // A Service name is a DNS-1035 label, stricter than this: no Service can have it.
        if (auto problem = dns1123_label_problem(ref.name)) {
            evidence.push_back(
                fmt::format("backendRef: the Service name {:?} {}", ref.name, *problem));
            return fail(fmt::format("HTTPRoute {} names a Service that cannot exist; the bump "
                                    "will not help",
                                    route.meta.name),
                        evidence,
                        "the route's backendRef is not a valid Kubernetes name, so no Service can "
                        "have it: the chart's route names its backend wrongly",
                        kubectl_ns(c.s, {"get", "services"}) +
                            "   # then set the route's backendRefs name to one of these");
        }
        const auto svc = std::find_if(services.begin(), services.end(),
                                      [&](const Service& s) { return s.meta.name == ref.name; });
        if (svc == services.end()) {
            const std::string app = owning_application(route);
            evidence.push_back(fmt::format("Service {}: not found in namespace {}", ref.name,
                                           route.meta.namespace_name));
            if (auto view = argo_view_of(c, app, ref.name); !view.empty()) {
                evidence.push_back(view);
            }
            return fail(
                fmt::format("HTTPRoute {}: Service {} does not exist; the bump will not help",
                            route.meta.name, ref.name),
                evidence,
                fmt::format(
                    "Service {} does not exist, so the bump will not help; the backend really "
                    "is missing: {} has not deployed it (its app is not synced; see the "
                    "application and workloads checks)",
                    ref.name,
                    app.empty() ? "the Application that renders the route" : "Application " + app));
        }
        evidence.push_back(fmt::format("Service {}: ports {}", svc->meta.name, ports_text(*svc)));
        const bool has_port =
            ref.port == 0 || std::any_of(svc->ports.begin(), svc->ports.end(),
                                         [&](const ServicePort& p) { return p.port == ref.port; });
        if (!has_port) {
            return fail(
                fmt::format("Service {} exists but has no port {}; the bump will not help",
                            ref.name, ref.port),
                evidence,
                fmt::format("Service {} exists but has no port {}; the bump will not help: "
                            "HTTPRoute {} sends traffic to port {}, the Service offers {}, so "
                            "the chart's route and Service disagree (a backendRef port is a "
                            "Service port, not the container port)",
                            ref.name, ref.port, route.meta.name, ref.port, ports_text(*svc)),
                fmt::format("set the route's backendRefs port to one of: {}", ports_text(*svc)));
        }
    }
    return std::nullopt;
}

bool workloads_missing(const Context& c) {
    if (!c.s.workloads.ok()) {
        return false;
    }
    return c.s.workloads->empty() ||
           std::none_of(c.s.workloads->begin(), c.s.workloads->end(), workload_available);
}

Finding missing_routes(const Context& c, const std::vector<std::string>& missing,
                       std::vector<std::string> evidence) {
    const std::string names = join(missing, ", ");
    // Root cause first: a route that is not built yet is not a route fault.
    if (auto why = unfinished_upstream(c)) {
        return skip(fmt::format("HTTPRoute {} does not exist yet: {}", names, *why), evidence);
    }
    if (workloads_missing(c)) {
        return skip("no HTTPRoute yet; the workloads are not deployed yet", evidence);
    }
    if (const auto age = c.ns_age(); !age) {
        return skip(fmt::format("no HTTPRoute yet; cannot tell whether that is late: {}",
                                c.ns_age_unknown()),
                    evidence);
    } else if (*age < kSettle) {
        return skip("no HTTPRoute yet; the namespace is new", evidence);
    }
    if (c.status_of("application") == CheckStatus::fail) {
        return skip(fmt::format("HTTPRoute {} does not exist; follows from the failing "
                                "application check",
                                names),
                    evidence);
    }
    for (const auto& name : missing) {
        evidence.push_back(fmt::format("HTTPRoute {}: does not exist", name));
    }
    return fail(fmt::format("HTTPRoute {} does not exist", names), evidence,
                "the deployed manifests do not include it: the kustomize OCI renders it only with "
                "config.httpRouteEnabled and the chart's inlineHttpRoute set",
                kubectl_ns(c.s, {"get", "httproute"}));
}

Finding bad_route(const Context& c, const HttpRoute& route, const std::vector<std::string>& bad,
                  std::vector<std::string> evidence) {
    const std::string summary =
        fmt::format("HTTPRoute {}: {}", route.meta.name, route_state(route).message);
    std::string cause = route_cause(route, c.status_of("gateway") == CheckStatus::pass);
    if (unresolved(route) != nullptr && c.s.services.ok()) {
        if (auto fault = backend_fault(c, route, evidence)) {
            return *fault;
        }
        cause += "; every Service it names exists with its port, so the condition is stale";
        for (const auto& ref : route.backend_refs) {
            const auto& svcs = *c.s.services;
            const auto svc = std::find_if(svcs.begin(), svcs.end(), [&](const Service& s) {
                return s.meta.name == ref.name;
            });
            if (svc != svcs.end()) {
                evidence.push_back(
                    fmt::format("Service {}: ports {}", svc->meta.name, ports_text(*svc)));
            }
        }
    }
    if (!workload_fixable(c.s)) {
        // No kube context for the workload: `--fix` patches the routes through the Argo CD API
        // when every one is in an Application's tree (`preview bump-route` needs Kubernetes).
        auto finding = fail(summary, evidence, cause, api_route_bump(c, bad));
        return api_fixable(c, "HTTPRoute", bad)
                   ? with_auto_fix(std::move(finding), FixKind::bump_route, bad)
                   : finding;
    }
    return with_auto_fix(fail(summary, evidence, cause, bump_route_command(c.s.targets, bad)),
                         FixKind::bump_route, bad);
}

}  // namespace

std::optional<std::string> unfinished_upstream(const Context& c) {
    const std::string head =
        c.pr() != nullptr ? fmt::format(" for head commit {}", c.pr()->head_sha.substr(0, 8)) : "";
    if (const auto ci = ci_state(c)) {
        switch (*ci) {
            case CheckState::running:
                return fmt::format(
                    "CI is still running{}; wait for it to push the artifacts "
                    "(see the ci check)",
                    head);
            case CheckState::failed:
                return fmt::format(
                    "CI failed{}, so the artifacts that deploy it were not built; "
                    "fix the build first (see the ci check)",
                    head);
            case CheckState::missing:
                return fmt::format(
                    "CI has not run{}, so nothing is built to deploy yet (see the "
                    "ci check)",
                    head);
            case CheckState::passed:
                break;
        }
    }
    if (const auto missing = missing_artifacts(c.s); !missing.empty()) {
        return fmt::format(
            "the head commit's artifacts are not in the registry ({}); wait for CI "
            "to push them (see the artifacts check)",
            join(missing, ", "));
    }
    return std::nullopt;
}

Finding check_route(const Context& c) {
    if (auto gate = namespace_gate(c)) {
        return skip(*gate);
    }
    if (!c.s.routes.ok()) {
        return skip(unreadable("the HTTPRoutes", c.s.routes.error()));
    }
    const auto& routes = *c.s.routes;
    std::set<std::string> present;
    std::vector<std::string> evidence;
    std::vector<std::string> bad;
    const HttpRoute* first_bad = nullptr;
    bool young_unreported = false;
    for (const auto& route : routes) {
        present.insert(route.meta.name);
        evidence.push_back(route_line(route));
        const auto state = route_state(route);
        if (state.accepted && state.resolved_refs) {
            continue;
        }
        const auto age = age_of(c.s, route.meta.creation_timestamp);
        young_unreported = young_unreported || (!state.reported && (!age || *age < kSettle));
        bad.push_back(route.meta.name);
        first_bad = first_bad == nullptr ? &route : first_bad;
    }
    std::vector<std::string> missing;
    for (const auto& name : c.s.targets.http_routes) {
        if (!present.contains(name)) {
            missing.push_back(name);
        }
    }
    if (first_bad != nullptr) {
        if (c.status_of("gateway") == CheckStatus::fail) {
            return skip("follows from the failing gateway check", evidence);
        }
        if (young_unreported && bad.size() == 1) {
            return warn(fmt::format("HTTPRoute {}: {}", first_bad->meta.name,
                                    route_state(*first_bad).message),
                        evidence, "the gateway controller has not reported on it yet");
        }
        return bad_route(c, *first_bad, bad, evidence);
    }
    if (!missing.empty()) {
        return missing_routes(c, missing, evidence);
    }
    if (routes.empty()) {
        return skip("the profile lists no HTTPRoutes and none exists");
    }
    if (auto claimed = route_claim_finding(c, evidence)) {
        return *claimed;
    }
    return pass(fmt::format("{} HTTPRoute{} Accepted with ResolvedRefs", routes.size(),
                            routes.size() == 1 ? "" : "s"),
                evidence);
}

}  // namespace preview::checks
