// The Argo CD sync causes of failure-modes.md §C (C1, C3-C7) and D2: what the application and
// namespace checks say when a message or the sync state names one of them.

#include "checks_sync.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "preview/core/argo_sync.hpp"

namespace preview::checks {
namespace {

// The Application's own words: its conditions and a failed operation, verbatim.
std::vector<std::string> app_messages(const Application& app) {
    std::vector<std::string> lines;
    for (const auto& cond : app.conditions) {
        lines.push_back(
            fmt::format("Application {}: {}: {}", app.meta.name, cond.type, cond.message));
    }
    const bool failed = app.operation_phase == "Failed" || app.operation_phase == "Error";
    if (failed && !app.operation_message.empty() &&
        std::none_of(app.conditions.begin(), app.conditions.end(), [&](const Condition& cond) {
            return cond.message == app.operation_message;
        })) {
        lines.push_back(fmt::format("Application {}: sync operation {}: {}", app.meta.name,
                                    app.operation_phase, app.operation_message));
    }
    return lines;
}

// Whether the build has not (yet) published what Argo CD needs: then a sync or a refresh cannot
// help, and the generic judgement (which points at ci / artifacts) stands.
bool build_pending(const Context& c) {
    const auto ci = ci_state(c);
    return ci == CheckState::failed || ci == CheckState::running || ci == CheckState::missing ||
           !missing_artifacts(c.s).empty();
}

std::string state_of(const Application& app) {
    return fmt::format("{}/{}", app.sync_status.empty() ? "Unknown" : app.sync_status,
                       app.health_status.empty() ? "Unknown" : app.health_status);
}

// "Namespace/x is part of applications argocd/a and b" -> ("Namespace/x", ["argocd/a", "b"]).
std::pair<std::string, std::vector<std::string>> shared_parts(std::string_view message) {
    constexpr std::string_view kPart = " is part of applications ";
    const auto at = message.find(kPart);
    if (at == std::string_view::npos) {
        return {};
    }
    std::vector<std::string> apps;
    std::string_view rest = message.substr(at + kPart.size());
    while (!rest.empty()) {
        auto end = std::min(rest.find(" and "), rest.find(", "));
        apps.emplace_back(rest.substr(0, end));
        if (end == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(end + (rest.substr(end).starts_with(" and ") ? 5 : 2));
    }
    return {std::string(message.substr(0, at)), apps};
}

// What is known of the namespace an Application's sync did not find: read and absent, or not
// read (the Argo CD API cannot show it), which is no evidence either way.
std::string absent_namespace_line(const Context& c, std::string_view tail) {
    const std::string& ns = c.s.targets.namespace_name;
    if (!c.s.namespace_state.ok()) {
        return fmt::format("namespace {}: cannot tell whether it exists now (not read: {})", ns,
                           c.s.namespace_state.error().message);
    }
    return fmt::format("namespace {}: not found{}", ns, tail);
}

Finding cluster_gone(const Context& c, const Application& app, const std::string& cluster) {
    const auto& t = c.s.targets;
    return fail(
        fmt::format("Argo CD has no (reachable) cluster {}", cluster), app_messages(app),
        fmt::format("Argo CD has no (reachable) cluster {}; the preview cannot sync or be "
                    "deleted (the resources finalizer waits for that cluster)",
                    cluster),
        fmt::format("re-register the cluster (argocd cluster add <context>), or delete the "
                    "namespace by hand and then the Application without cascading: {} && {}",
                    needs_workload_kube(
                        c.s, shell_command({"kubectl", "delete", "namespace", t.namespace_name})),
                    shell_command({"argocd", "app", "delete",
                                   t.argocd_namespace + "/" + app.meta.name, "--cascade=false"})));
}

Finding lockout(const Context& c, const Application& app, const std::string& revision,
                std::vector<std::string> evidence) {
    return with_auto_fix(
        fail(fmt::format("Application {} gave up syncing {}", app.meta.name, revision),
             std::move(evidence),
             fmt::format("Argo CD will not retry {} by itself (auto-sync skips a revision whose "
                         "last sync failed); the cause above may be gone already",
                         revision),
             c.argocd().sync_application(c.argocd_ns(), app.meta.name, revision,
                                         app.source_revision)),
        FixKind::sync_application, {app.meta.name});
}

Finding shared_resource(const Application& app, const Condition& warning) {
    auto [object, apps] = shared_parts(warning.message);
    if (object.empty()) {
        object = "a resource";
    }
    const std::string owners = apps.empty() ? app.meta.name : join(apps, " and ");
    const bool ns = object.starts_with("Namespace/");
    return fail(
        fmt::format("{} is managed by two Applications: {}", object, owners),
        {fmt::format("Application {}: SharedResourceWarning: {}", app.meta.name, warning.message)},
        fmt::format("{} is managed by two Applications ({}); each sync deletes or "
                    "overwrites what the other wrote",
                    object, owners),
        ns ? "drop the Namespace from the kustomize OCI: CreateNamespace=true creates it"
           : fmt::format("remove {} from the manifests of one of them (a Secret that ESO "
                         "writes must not be rendered by Argo CD)",
                         object));
}

}  // namespace

std::optional<Finding> application_sync_cause(const Context& c) {
    const auto& apps = *c.s.applications;
    const std::string& ns = c.s.targets.namespace_name;
    for (const auto& app : apps) {
        if (auto cluster = missing_cluster(app)) {
            return cluster_gone(c, app, *cluster);
        }
    }
    std::vector<std::string> note;
    for (const auto& app : apps) {
        const auto why = namespace_sync_failure(app, ns);
        if (why.empty()) {
            continue;
        }
        auto evidence = app_messages(app);
        if (c.ns_terminating()) {
            return skip(fmt::format("the sync of {} failed because namespace {} is still "
                                    "terminating; follows from the namespace check",
                                    app.meta.name, ns),
                        evidence);
        }
        if (c.s.namespace_state.ok() && c.ns() == nullptr && !creates_namespace(app)) {
            return skip(fmt::format("the sync of {} failed because namespace {} does not exist "
                                    "and nothing creates it; follows from the namespace check",
                                    app.meta.name, ns),
                        evidence);
        }
        // Not read (the Argo CD API): the namespace check judges from the sync's message.
        if (!c.s.namespace_state.ok() && why == "not found" && !creates_namespace(app)) {
            return skip(fmt::format("the sync of {} found no namespace {}, and nothing creates "
                                    "it; follows from the namespace check",
                                    app.meta.name, ns),
                        evidence);
        }
        note.push_back(c.ns() != nullptr ? fmt::format("namespace {}: exists now", ns)
                                         : absent_namespace_line(
                                               c, "; a sync creates it (CreateNamespace=true)"));
    }
    const bool pending = build_pending(c);
    for (const auto& app : apps) {
        if (auto revision = lockout_revision(app)) {
            if (pending) {
                return std::nullopt;
            }
            auto evidence = app_messages(app);
            evidence.insert(evidence.end(), note.begin(), note.end());
            return lockout(c, app, *revision, std::move(evidence));
        }
    }
    for (const auto& app : apps) {
        if (const auto* err = cached_manifest_error(app)) {
            if (pending) {
                return std::nullopt;
            }
            return with_auto_fix(
                fail(fmt::format("Application {} replays a cached manifest error", app.meta.name),
                     {fmt::format("Application {}: ComparisonError: {}", app.meta.name,
                                  err->message),
                      "the artifacts for the head commit exist now (see artifacts)"},
                     "Argo CD is replaying a cached error from before CI pushed the tag (paused "
                     "up to 60 min)",
                     c.argocd().hard_refresh_application(c.argocd_ns(), app.meta.name)),
                FixKind::hard_refresh_application, {app.meta.name});
        }
    }
    for (const auto& app : apps) {
        if (const auto* warning = find_condition(app.conditions, "SharedResourceWarning")) {
            return shared_resource(app, *warning);
        }
    }
    return std::nullopt;
}

std::optional<Finding> application_settled_cause(const Context& c) {
    const auto& apps = *c.s.applications;
    std::vector<std::string> evidence;
    std::vector<std::string> drifted;
    std::string route_app;
    std::string route;
    bool other = false;
    for (const auto& app : apps) {
        evidence.push_back(
            fmt::format("Application {}: {}{}", app.meta.name, state_of(app),
                        app.health_message.empty() ? "" : ": " + app.health_message));
        if (cosmetic_drift(app)) {
            std::vector<std::string> kinds;
            for (const auto& r : app.resources) {
                if (r.sync_status == "OutOfSync") {
                    kinds.push_back(r.kind + " " + r.name);
                }
            }
            evidence.push_back(
                fmt::format("Application {}: the sync to {} succeeded; OutOfSync only: {}",
                            app.meta.name, app.sync_revision, join(kinds, ", ")));
            drifted.push_back(app.meta.name);
            continue;
        }
        if (auto r = progressing_only_for_route(app);
            !r.empty() && (app.sync_status == "Synced" || app.sync_status.empty())) {
            route_app = app.meta.name;
            route = r;
            continue;
        }
        if (app.sync_status != "Synced" || app.health_status != "Healthy") {
            other = true;
        }
    }
    if (other) {
        return std::nullopt;
    }
    if (!route.empty()) {
        return skip(fmt::format("Application {} is Progressing only because HTTPRoute {} has no "
                                "status from the gateway yet (\"Waiting for HTTPRoute status\"); "
                                "follows from route",
                                route_app, route),
                    evidence);
    }
    if (drifted.empty()) {
        return std::nullopt;
    }
    Finding f = pass(fmt::format("{} Applications Healthy; {} shows cosmetic drift only",
                                 apps.size(), join(drifted, ", ")),
                     evidence);
    f.cause =
        "cosmetic drift under ServerSideApply: only HTTPRoute/ExternalSecret fields that the API "
        "server defaults differ; nothing is left to sync";
    f.fix =
        "write the defaults explicitly in kcl (backendRefs group: \"\", kind: Service, weight: 1; "
        "parentRefs group/kind), or add ignoreDifferences with RespectIgnoreDifferences=true";
    return f;
}

std::optional<Finding> namespace_sync_root(const Context& c) {
    if (!c.s.applications.ok() || c.ns() != nullptr) {
        return std::nullopt;
    }
    const auto& t = c.s.targets;
    for (const auto& app : *c.s.applications) {
        if (namespace_sync_failure(app, t.namespace_name) != "not found" ||
            creates_namespace(app)) {
            continue;
        }
        auto evidence = app_messages(app);
        evidence.insert(evidence.begin(), absent_namespace_line(c, ""));
        evidence.push_back(fmt::format(
            "Application {}: syncOptions {}", app.meta.name,
            app.sync_options.empty() ? std::string("(none)") : join(app.sync_options, ", ")));
        const auto revision = lockout_revision(app);
        const std::string then =
            revision ? "; then start the sync: " +
                           c.argocd().sync_application(c.argocd_ns(), app.meta.name, *revision,
                                                       app.source_revision)
                     : std::string();
        return fail(
            c.s.namespace_state.ok()
                ? fmt::format("namespace {} does not exist and nothing creates it",
                              t.namespace_name)
                : fmt::format("Argo CD's sync found no namespace {}, and nothing creates it",
                              t.namespace_name),
            std::move(evidence),
            fmt::format("Application {} lacks CreateNamespace=true in spec.syncPolicy.syncOptions, "
                        "so Argo CD does not create namespace {} and every sync into it fails "
                        "(the ApplicationSet template sets it: check the template, or whether the "
                        "Application was edited by hand)",
                        app.meta.name, t.namespace_name),
            fmt::format("put CreateNamespace=true back into the ApplicationSet template's "
                        "syncPolicy.syncOptions, or create the namespace: {}{}",
                        needs_workload_kube(c.s, shell_command({"kubectl", "create", "namespace",
                                                                t.namespace_name})),
                        then));
    }
    return std::nullopt;
}

std::optional<Finding> namespace_recreated_while_terminating(const Context& c) {
    if (!c.pr_open() || !c.labelled() || !c.s.applications.ok()) {
        return std::nullopt;
    }
    const auto& t = c.s.targets;
    for (const auto& app : *c.s.applications) {
        if (namespace_sync_failure(app, t.namespace_name).empty()) {
            continue;
        }
        auto evidence = namespace_blockers(c.s);
        const auto age = age_of(c.s, c.ns()->meta.deletion_timestamp);
        evidence.insert(evidence.begin(),
                        fmt::format("namespace {}: Terminating{}", t.namespace_name,
                                    age ? " for " + age_text(*age) : ""));
        const auto messages = app_messages(app);
        evidence.insert(evidence.end(), messages.begin(), messages.end());
        const auto revision = lockout_revision(app);
        const std::string wait = needs_workload_kube(
            c.s, shell_command({"kubectl", "wait", "--for=delete", "namespace/" + t.namespace_name,
                                "--timeout=10m"}));
        return fail(
            fmt::format("{} is still terminating from the previous preview", t.namespace_name),
            std::move(evidence),
            revision ? "the previous preview's namespace is still terminating; Argo CD's sync "
                       "failed against it and will not retry (C1)"
                     : "the previous preview's namespace is still terminating; Argo CD's sync "
                       "fails against it until it is gone",
            revision ? fmt::format("wait for the namespace, then start the sync: {} && {}", wait,
                                   c.argocd().sync_application(c.argocd_ns(), app.meta.name,
                                                               *revision, app.source_revision))
                     : fmt::format("wait for the namespace: {}", wait));
    }
    return std::nullopt;
}

}  // namespace preview::checks
