// The Gateway behind the preview's HTTPRoutes: a platform object shared by every preview, read
// only when a route's status asks for it (no parent status for a while, or not accepted).

#include <set>

#include "checks.hpp"
#include <fmt/format.h>

#include "preview/core/k8s_names.hpp"
#include "preview/core/route_reads.hpp"

namespace preview::checks {
namespace {

std::string condition_text(const Condition& cond) {
    return fmt::format("{}={}{}{}", cond.type, cond.status,
                       cond.reason.empty() ? "" : " " + cond.reason,
                       cond.message.empty() ? "" : ": " + cond.message);
}

std::string gateway_line(const Gateway& g) {
    std::vector<std::string> conds;
    for (const auto& cond : g.conditions) {
        conds.push_back(condition_text(cond));
    }
    return fmt::format("Gateway {}/{}: {}; addresses: {}", g.meta.namespace_name, g.meta.name,
                       conds.empty() ? "no conditions" : join(conds, ", "),
                       g.addresses.empty() ? "none" : join(g.addresses, ", "));
}

// The first of Accepted, Programmed that is not True (absent counts: no controller wrote it).
std::optional<Condition> gateway_trouble(const Gateway& g) {
    for (const char* type : {"Accepted", "Programmed"}) {
        const auto* cond = find_condition(g.conditions, type);
        if (cond == nullptr) {
            return Condition{type, "Unknown", "NoStatus", "no controller has reported on it",
                             {},   0};
        }
        if (cond->status != "True") {
            return *cond;
        }
    }
    return std::nullopt;
}

std::string cluster_name(const Context& c) {
    return c.profile.cluster_context.empty() ? "of the current kubeconfig context"
                                             : c.profile.cluster_context;
}

// Why the Gateway is not working, by its own condition.
std::string trouble_cause(const Condition& cond) {
    const std::string platform =
        "a platform fault: every preview route on this Gateway is down, not just this one";
    if (cond.reason == "AddressNotAssigned") {
        return platform +
               ". The Gateway has no address: no load-balancer IP was assigned (no "
               "CiliumLoadBalancerIPPool covers it, or LB IPAM is off)";
    }
    if (cond.type == "Accepted" && cond.status != "False") {
        return platform +
               ". No gateway controller has taken the Gateway: cilium-operator did not start its "
               "Gateway API controller (it probes for the Gateway CRDs once, at start)";
    }
    return platform + fmt::format(". The gateway controller reports {} {}", cond.type,
                                  cond.reason.empty() ? cond.status : cond.reason);
}

// What to do about the Gateway's condition. A missing address is LB IPAM's: restarting the
// operator assigns none. A Gateway no controller took is the operator's (the documented
// workaround is its restart). Anything else the Gateway's own condition messages explain.
// Gateways and cilium-operator are on the workload cluster: without a kube context for it, the
// command behind the access it needs (the argocd CLI shows neither).
std::string trouble_fix(const Snapshot& s, const RouteParentRef& ref, const Condition& cond) {
    if (cond.reason == "AddressNotAssigned") {
        return needs_workload_kube(
            s,
            fmt::format(
                "kubectl get ciliumloadbalancerippools   # check the LB IP pool: one must select "
                "the Gateway's Service (cilium-gateway-{} in namespace {}), have IPs available "
                "and not be CONFLICTING; restarting cilium-operator assigns no address",
                ref.name, ref.namespace_name));
    }
    if (cond.type == "Accepted" && cond.status != "False") {
        return needs_workload_kube(
            s,
            "kubectl -n kube-system rollout restart deployment/cilium-operator   # it enables "
            "its Gateway API controller only if the Gateway CRDs existed when it started (the "
            "documented workaround); if the Gateway stays Pending, `kubectl get "
            "gatewayclasses` must show its class ACCEPTED");
    }
    return needs_workload_kube(
        s, shell_command({"kubectl", "-n", ref.namespace_name, "describe", "gateway", ref.name}) +
               "   # the conditions' messages name what the controller rejects; more in kubectl "
               "-n kube-system logs deployment/cilium-operator");
}

// The child Applications Argo CD holds Progressing because of a route (Argo CD >= 3.3 judges
// HTTPRoute health): the route's cause explains them too.
void add_waiting_applications(const Context& c, std::vector<std::string>& evidence) {
    if (!c.s.applications.ok()) {
        return;
    }
    for (const auto& app : *c.s.applications) {
        for (const auto& r : app.resources) {
            if (r.kind == "HTTPRoute" && !r.health_message.empty() &&
                r.health_status != "Healthy") {
                evidence.push_back(fmt::format("Application {}: HTTPRoute {} is {}: {}",
                                               app.meta.name, r.name, r.health_status,
                                               r.health_message));
            }
        }
        if (app.health_message.find("HTTPRoute") != std::string::npos) {
            evidence.push_back(fmt::format("Application {} is {}: {}", app.meta.name,
                                           app.health_status, app.health_message));
        }
    }
}

// Healthy path: no Gateway was read, the routes' own status says which Gateways took them.
Finding from_route_status(const Context& c) {
    std::set<std::string> gateways;
    for (const auto& route : *c.s.routes) {
        if (route.parents.empty()) {
            return skip(
                fmt::format("HTTPRoute {} is new; the gateway controller has not reported "
                            "on it yet",
                            route.meta.name));
        }
        for (const auto& parent : route.parents) {
            gateways.insert(parent.parent_namespace + "/" + parent.parent_name);
        }
    }
    const std::vector<std::string> names(gateways.begin(), gateways.end());
    return pass(fmt::format("Gateway {} accepts the routes", join(names, ", ")),
                {"every HTTPRoute reports an Accepted parent, so the Gateway was not read"});
}

std::string find_gateway_fix(const Snapshot& s) {
    return needs_workload_kube(s,
                               "kubectl get gateways -A   # then set the chart's httpRoute.gateway "
                               "name and namespace to this cluster's Gateway");
}

// Why no Gateway can answer to `ref`: a Gateway's namespace is a DNS-1123 label and its name a
// subdomain. {:?} shows the server's string escaped.
std::optional<std::string> ref_problem(const RouteParentRef& ref) {
    if (auto problem = dns1123_label_problem(ref.namespace_name)) {
        return fmt::format("namespace {:?} {}", ref.namespace_name, *problem);
    }
    if (auto problem = dns1123_subdomain_problem(ref.name)) {
        return fmt::format("name {:?} {}", ref.name, *problem);
    }
    return std::nullopt;
}

// parentRefs that name no possible Gateway are the chart's mistake, not an unreadable Gateway:
// no request is made for them (KubePath refuses them too) and no bump helps the route.
std::optional<Finding> invalid_refs(const Context& c, const std::vector<RouteParentRef>& wanted) {
    std::vector<std::string> evidence;
    for (const auto& ref : wanted) {
        if (auto problem = ref_problem(ref)) {
            evidence.push_back("HTTPRoute parentRef: the Gateway " + *problem);
        }
    }
    if (evidence.empty()) {
        return std::nullopt;
    }
    add_waiting_applications(c, evidence);
    return fail("an HTTPRoute's parentRef names a Gateway that cannot exist", evidence,
                "the parentRef's Gateway name or namespace is not a valid Kubernetes name, so no "
                "Gateway can have it and no controller serves the route (preview did not read "
                "it): the chart's gateway name or namespace is wrong",
                find_gateway_fix(c.s));
}

Finding unreadable_gateway(const std::string& key, const RouteParentRef& ref, const Error& e) {
    if (e.kind == ErrorKind::permission || e.http_status == 403) {
        return skip(
            fmt::format("could not read Gateway {} ({}): reading it needs `get` on "
                        "gateways.gateway.networking.k8s.io in namespace {}",
                        key, e.message, ref.namespace_name));
    }
    return skip(unreadable("Gateway " + key, e));
}

}  // namespace

Finding check_gateway(const Context& c) {
    if (auto gate = namespace_gate(c)) {
        return skip(*gate);
    }
    if (!c.s.routes.ok()) {
        return skip(unreadable("the HTTPRoutes", c.s.routes.error()));
    }
    if (c.s.routes->empty()) {
        return skip("no HTTPRoute yet, so no Gateway to look at");
    }
    const auto wanted = gateways_to_read(*c.s.routes, c.s.now);
    if (wanted.empty()) {
        return from_route_status(c);
    }
    if (auto invalid = invalid_refs(c, wanted)) {
        return *invalid;
    }
    std::vector<std::string> evidence;
    std::optional<Finding> verdict;
    for (const auto& ref : wanted) {
        const std::string key = gateway_key(ref);
        const auto it = c.s.gateways.find(key);
        if (it == c.s.gateways.end()) {
            if (!verdict) {
                verdict = skip(fmt::format("Gateway {} was not read", key));
            }
            continue;
        }
        if (!it->second.ok()) {
            if (!verdict) {
                verdict = unreadable_gateway(key, ref, it->second.error());
            }
            continue;
        }
        if (!it->second->has_value()) {
            evidence.push_back(fmt::format("GET Gateway {}: 404 Not Found", key));
            add_waiting_applications(c, evidence);
            return fail(
                fmt::format("Gateway {} does not exist on cluster {}", key, cluster_name(c)),
                evidence,
                fmt::format("Gateway {} does not exist on cluster {}; the chart's gateway name "
                            "is stale: the HTTPRoute's parentRef names it, so no controller "
                            "serves the route (the gateway and hostnames may still be those of "
                            "another cluster)",
                            key, cluster_name(c)),
                find_gateway_fix(c.s));
        }
        const Gateway& g = **it->second;
        evidence.push_back(gateway_line(g));
        if (const auto trouble = gateway_trouble(g)) {
            add_waiting_applications(c, evidence);
            return fail(fmt::format("Gateway {} is not {} ({})", key, trouble->type,
                                    trouble->message.empty() ? trouble->reason : trouble->message),
                        evidence,
                        fmt::format("Gateway {} is not {} ({}): {}", key, trouble->type,
                                    trouble->reason, trouble_cause(*trouble)),
                        trouble_fix(c.s, ref, *trouble));
        }
    }
    if (verdict) {
        verdict->evidence = evidence;
        return *verdict;
    }
    return pass(fmt::format("Gateway {} is Accepted and Programmed", gateway_key(wanted.front())),
                evidence);
}

}  // namespace preview::checks
