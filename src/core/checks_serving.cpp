// Checks on serving the preview: the HTTPRoute, the seed Job and the URL.

#include <algorithm>
#include <set>

#include "checks.hpp"
#include <fmt/format.h>

namespace preview::checks {
namespace {

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

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

std::string route_cause(const HttpRoute& route) {
    for (const auto& parent : route.parents) {
        const auto* accepted = find_condition(parent.conditions, "Accepted");
        if (accepted != nullptr && accepted->status != "True") {
            return fmt::format(
                "Gateway {} does not accept the route ({}): its hostname or "
                "listener does not match",
                parent.parent_name, accepted->reason);
        }
        const auto* resolved = find_condition(parent.conditions, "ResolvedRefs");
        if (resolved != nullptr && resolved->status == "False") {
            return fmt::format(
                "the gateway controller cannot resolve the route's backend ({}): when the Service "
                "landed after the HTTPRoute it keeps that stale result until the route changes "
                "(if the Service really is missing, see workloads)",
                resolved->reason);
        }
    }
    return "no gateway controller has picked the route up: its parentRef names a Gateway no "
           "controller owns, or the controller missed it";
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
    if (workloads_missing(c)) {
        return skip("no HTTPRoute yet; the workloads are not deployed yet", evidence);
    }
    if (const auto age = c.ns_age(); !age || *age < kSettle) {
        return skip("no HTTPRoute yet; the namespace is new", evidence);
    }
    for (const auto& name : missing) {
        evidence.push_back(fmt::format("HTTPRoute {}: does not exist", name));
    }
    return fail(fmt::format("HTTPRoute {} does not exist", names), evidence,
                "the deployed manifests do not include it: the kustomize OCI renders it only with "
                "config.httpRouteEnabled and the chart's inlineHttpRoute set",
                kubectl_ns(c.s, {"get", "httproute"}));
}

const Job* find_job(const Snapshot& s, const std::string& name) {
    const auto it = std::find_if(s.jobs->begin(), s.jobs->end(),
                                 [&](const Job& j) { return j.meta.name == name; });
    return it == s.jobs->end() ? nullptr : &*it;
}

void add_job_logs(const Snapshot& s, const Job& job, std::vector<std::string>& evidence) {
    for (const auto& [key, log] : s.logs) {
        if (!key.starts_with(job.meta.name + "-") || !log.ok()) {
            continue;
        }
        evidence.push_back("last log lines of " + key + ":");
        auto tail = log_tail(*log, "  | ");
        evidence.insert(evidence.end(), tail.begin(), tail.end());
    }
}

Finding failed_job(const Context& c, const Job& job) {
    std::vector<std::string> evidence{
        fmt::format("Job {}: failed ({} failed pods)", job.meta.name, job.failed)};
    for (const auto& cond : job.conditions) {
        if (cond.status == "True" && (cond.type == "Failed" || cond.type == "FailureTarget")) {
            evidence.push_back(fmt::format("Job {}: {}=True {}: {}", job.meta.name, cond.type,
                                           cond.reason, cond.message));
        }
    }
    add_job_logs(c.s, job, evidence);
    return fail(fmt::format("{} failed", job.meta.name), evidence,
                "the seed Job could not post its fixture to omni-pitcher (it waits up to 5 min for "
                "omni-pitcher /health, then gives up); the dashboard stays empty",
                kubectl_ns(c.s, {"describe", "job", job.meta.name}) + " && " +
                    kubectl_ns(c.s, {"logs", "job/" + job.meta.name}));
}

Finding running_job(const Context& c, const Job& job) {
    const auto age =
        age_of(c.s, job.start_time.empty() ? job.meta.creation_timestamp : job.start_time);
    const std::string running = age ? " for " + age_text(*age) : "";
    std::vector<std::string> evidence{
        fmt::format("Job {}: running{}, {} active pods", job.meta.name, running, job.active)};
    if (!age || *age <= kSeedJobNormal) {
        evidence.push_back("it waits up to 5 min (60 x 5 s) for omni-pitcher /health");
        return pass(fmt::format("{} running{}", job.meta.name, running), evidence);
    }
    if (c.troubled("workloads")) {
        return skip("the seed Job waits for omni-pitcher; follows from the workloads check",
                    evidence);
    }
    const std::string summary =
        fmt::format("{} still running after {}", job.meta.name, age_text(*age));
    const std::string describe = kubectl_ns(c.s, {"describe", "job", job.meta.name});
    if (*age <= kSeedJobStuck) {
        return warn(summary, evidence,
                    "longer than its own 5-minute wait for omni-pitcher /health; its pod may not "
                    "be starting",
                    describe);
    }
    return fail(summary, evidence,
                "long after its own 5-minute wait for omni-pitcher /health: its pod is stuck "
                "(Pending, image pull) or keeps being retried",
                describe);
}

Finding absent_job(const Context& c) {
    const std::string& name = c.s.targets.seed_job;
    const auto age = c.ns_age();
    if (age && *age >= kSeedJobTtl) {
        return skip(
            fmt::format("{} is absent, expected once it has finished > 1 h ago (TTL {} s); "
                        "the namespace is {} old",
                        name, kSeedJobTtl, age_text(*age)));
    }
    return warn(fmt::format("{} does not exist", name),
                {fmt::format("Job {}: not found; namespace is {} old", name,
                             age ? age_text(*age) : "of unknown age")},
                "the namespace is younger than the Job's 1 h TTL, so it should still be there: "
                "Kyverno's generate policy has not created it (background controller RBAC for "
                "Jobs, or the policy is not installed for this cluster)",
                kubectl_ns(c.s, {"get", "jobs"}));
}

std::string url_cause(const UrlProbe& probe) {
    const long status = probe.http_status;
    if (status == 404) {
        return "the gateway has no route for this hostname: the HTTPRoute's hostname or parentRef "
               "does not match the Gateway listener";
    }
    if (status == 502 || status == 503 || status == 504) {
        return "the gateway reaches no ready backend: the Service has no ready endpoints";
    }
    if (status == 401 || status == 403) {
        return "something in front of the application refuses the request";
    }
    if (status >= 500) {
        return "the application answers with an error";
    }
    if (status != 0) {
        return fmt::format("the health path answers HTTP {}, not 2xx", status);
    }
    const std::string& e = probe.error;
    if (contains(e, "resolve")) {
        return "the hostname does not resolve: the wildcard DNS record for the preview domain is "
               "missing";
    }
    if (contains(e, "certificate") || contains(e, "SSL") || contains(e, "TLS")) {
        return "TLS fails: the gateway's certificate does not cover this hostname";
    }
    return "nothing answers at the URL";
}

}  // namespace

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
        const std::string summary =
            fmt::format("HTTPRoute {}: {}", first_bad->meta.name, route_state(*first_bad).message);
        if (young_unreported && bad.size() == 1) {
            return warn(summary, evidence, "the gateway controller has not reported on it yet");
        }
        return with_auto_fix(
            fail(summary, evidence, route_cause(*first_bad), bump_route_command(c.s.targets, bad)),
            FixKind::bump_route, bad);
    }
    if (!missing.empty()) {
        return missing_routes(c, missing, evidence);
    }
    if (routes.empty()) {
        return skip("the profile lists no HTTPRoutes and none exists");
    }
    return pass(fmt::format("{} HTTPRoute{} Accepted with ResolvedRefs", routes.size(),
                            routes.size() == 1 ? "" : "s"),
                evidence);
}

Finding check_seed(const Context& c) {
    if (c.s.targets.seed_job.empty()) {
        return skip("the profile has no seed Job");
    }
    if (auto gate = namespace_gate(c)) {
        return skip(*gate);
    }
    if (!c.s.jobs.ok()) {
        return skip(unreadable("the Jobs", c.s.jobs.error()));
    }
    const Job* job = find_job(c.s, c.s.targets.seed_job);
    if (job == nullptr) {
        return absent_job(c);
    }
    switch (job_state(*job)) {
        case JobState::complete:
            return pass(
                fmt::format("{} completed", job->meta.name),
                {fmt::format("Job {}: complete ({} succeeded)", job->meta.name, job->succeeded)});
        case JobState::failed:
            return failed_job(c, *job);
        case JobState::running:
            return running_job(c, *job);
    }
    return running_job(c, *job);
}

Finding check_url(const Context& c) {
    const auto& t = c.s.targets;
    if (t.health_url.empty()) {
        return skip("the profile has no URL");
    }
    if (auto gate = requested_gate(c)) {
        return skip(*gate);
    }
    if (c.s.namespace_state.ok() && (c.ns() == nullptr || c.ns_terminating())) {
        return skip(c.ns() == nullptr ? "the preview is not deployed (no namespace yet)"
                                      : "the namespace is being deleted");
    }
    if (!c.s.url.ok()) {
        return skip(unreadable("the URL", c.s.url.error()));
    }
    const UrlProbe& probe = *c.s.url;
    if (url_healthy(probe)) {
        return pass(fmt::format("{} answers HTTP {}", t.health_url, probe.http_status),
                    {fmt::format("GET {}: HTTP {} in {} ms", t.health_url, probe.http_status,
                                 probe.elapsed_ms)});
    }
    const std::vector<std::string> evidence{
        probe.http_status != 0 ? fmt::format("GET {}: HTTP {} in {} ms", t.health_url,
                                             probe.http_status, probe.elapsed_ms)
                               : fmt::format("GET {}: no answer: {}", t.health_url, probe.error)};
    std::vector<std::string> upstream;
    for (const char* id : {"image-pull", "secrets", "workloads", "route"}) {
        if (c.status_of(id) == CheckStatus::fail) {
            upstream.push_back(id);
        }
    }
    if (!upstream.empty()) {
        return skip(fmt::format("follows from the failing {} check{}", join(upstream, ", "),
                                upstream.size() == 1 ? "" : "s"),
                    evidence);
    }
    return fail(probe.http_status != 0
                    ? fmt::format("{} answers HTTP {}", t.health_url, probe.http_status)
                    : fmt::format("{} does not answer", t.health_url),
                evidence, url_cause(probe), fmt::format("curl -sS -i {}", t.health_url));
}

}  // namespace preview::checks
