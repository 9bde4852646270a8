#include "preview/core/action_wait.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "preview/core/appset_error.hpp"
#include "preview/core/fix_plan.hpp"
#include "preview/core/shell_quote.hpp"
#include "preview/core/status.hpp"

namespace preview {
namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Why the refresh never completes (failure-modes B6): the controller removes the annotation only
// after generation succeeds, so its error condition is the answer (print_error sanitises).
Error refresh_blocked(const ApplicationSet& set, const Condition& condition, const Targets& t,
                      const std::string& timeout) {
    const auto why =
        explain_appset_error(condition, set, {t.argocd_namespace, argocd_kubectl_commands()}, 0);
    return Error(ErrorKind::timeout,
                 fmt::format("the refresh cannot complete within {}: ApplicationSet {} reports {} "
                             "(the controller removes the refresh annotation only after "
                             "generation succeeds)",
                             timeout, set.meta.name, appset_error_line(set)),
                 why.cause + (why.fix.empty() ? std::string() : "; fix: " + why.fix));
}

Error refresh_not_taken(const Targets& t, const std::string& timeout) {
    return Error(ErrorKind::timeout,
                 fmt::format("the ApplicationSet controller has not taken the refresh within {} "
                             "(the annotation argocd.argoproj.io/application-set-refresh is "
                             "still set)",
                             timeout),
                 "check that the applicationset-controller is running: " +
                     shell_command({"kubectl", "-n", t.argocd_namespace, "get", "pods", "-l",
                                    "app.kubernetes.io/name=argocd-applicationset-controller"}));
}

}  // namespace

bool refresh_pending(const ApplicationSet& set) {
    return set.meta.annotations.count("argocd.argoproj.io/application-set-refresh") > 0;
}

ActionVerdict refresh_step(const std::optional<ApplicationSet>& set, const Targets& t,
                           bool time_is_up, const std::string& timeout) {
    if (!set) {
        // Deleted after the patch: nothing will ever take the refresh.
        return {ActionStep::gave_up,
                Error(ErrorKind::not_found,
                      fmt::format("ApplicationSet {}/{} no longer exists", t.argocd_namespace,
                                  t.application_set),
                      "check the ApplicationSet's name in the profile (argocd.applicationSet)")};
    }
    if (!refresh_pending(*set)) {
        return {ActionStep::reached, std::nullopt};
    }
    if (!time_is_up) {
        return {ActionStep::waiting, std::nullopt};
    }
    if (const Condition* condition = appset_error_condition(*set)) {
        return {ActionStep::gave_up, refresh_blocked(*set, *condition, t, timeout)};
    }
    return {ActionStep::gave_up, refresh_not_taken(t, timeout)};
}

RouteBumps plan_route_bumps(const std::vector<HttpRoute>& routes,
                            const std::vector<Application>& apps, const Targets& t,
                            std::int64_t now) {
    RouteBumps plan;
    for (const auto& route : routes) {
        if (!in_preview_scope(apps, t, "gateway.networking.k8s.io", "HTTPRoute", route.meta.name,
                              t.http_routes) ||
            contains(plan.names, route.meta.name)) {
            continue;
        }
        auto bump = bump_route(t, route.meta.name, now);
        if (!bump.ok()) {
            plan.warnings.push_back(bump.error().message);  // an owned, invalid name
            continue;
        }
        plan.names.push_back(route.meta.name);
        plan.bumps.push_back(std::move(bump.value()));
    }
    return plan;
}

bool bumped_routes_resolved(const std::vector<HttpRoute>& routes,
                            const std::vector<std::string>& bumped) {
    return std::all_of(routes.begin(), routes.end(), [&](const HttpRoute& r) {
        const auto state = route_state(r);
        return !contains(bumped, r.meta.name) || (state.accepted && state.resolved_refs);
    });
}

ActionVerdict bump_step(const std::vector<HttpRoute>& routes,
                        const std::vector<std::string>& bumped, bool time_is_up) {
    if (bumped_routes_resolved(routes, bumped)) {
        return {ActionStep::reached, std::nullopt};
    }
    return {time_is_up ? ActionStep::gave_up : ActionStep::waiting, std::nullopt};
}

}  // namespace preview
