// Checks on serving the preview: the seed Job and the URL (the HTTPRoute is in checks_route).

#include <algorithm>
#include <set>

#include "checks.hpp"
#include "contains.hpp"
#include <fmt/format.h>

#include "preview/core/time.hpp"

namespace preview::checks {
namespace {

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
        evidence.emplace_back("it waits up to 5 min (60 x 5 s) for omni-pitcher /health");
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
    if (c.status_of("policies") == CheckStatus::fail) {
        return skip(fmt::format("{} does not exist; follows from the policies check", name));
    }
    return warn(fmt::format("{} does not exist", name),
                {fmt::format("Job {}: not found; namespace is {} old", name,
                             age ? age_text(*age) : "of unknown age")},
                "the namespace is younger than the Job's 1 h TTL, so it should still be there: "
                "Kyverno's generate policy has not created it (background controller RBAC for "
                "Jobs, or the policy is not installed for this cluster)",
                kubectl_ns(c.s, {"get", "jobs"}));
}

bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Envoy's 503 for a connection to an endpoint that is gone (cilium#48460).
bool stale_endpoint(const UrlProbe& probe) {
    return probe.http_status == 503 && contains(probe.body, "upstream connect error") &&
           contains(probe.body, "connection timeout");
}

// The gateway's own words for a 5xx it made up (Envoy's texts), by class.
std::optional<std::string> gateway_5xx_cause(const UrlProbe& probe) {
    const long status = probe.http_status;
    if (status == 500 && blank(probe.body)) {
        return "the gateway answers 500 with an empty body: an invalid backend (see route); "
               "Gateway API makes a route whose backendRef does not resolve answer 500";
    }
    if (stale_endpoint(probe)) {
        return "the gateway kept a stale pod IP: it still connects to an endpoint that is gone "
               "(typically after the backend pod restarted) and times out; restart the backend "
               "pod, or update cilium-envoy (cilium#48460)";
    }
    if (status == 503 && contains(probe.body, "no healthy upstream")) {
        return "the gateway has no healthy endpoint behind the Service (`no healthy upstream`): no "
               "backend pod is Ready, or the Service's selector matches none";
    }
    return std::nullopt;
}

// A redis pod that started, or a redis container that restarted, after the seed Job completed:
// redis-stack runs without persistence in previews, so the fixture is gone (G1).
std::optional<Finding> seed_lost(const Context& c, const Job& job) {
    const auto done = parse_rfc3339(job.completion_time);
    if (!done || !c.s.pods.ok()) {
        return std::nullopt;
    }
    for (const auto& pod : *c.s.pods) {
        if (pod.meta.name.find("redis") == std::string::npos) {
            continue;
        }
        std::string when;
        if (const auto started = parse_rfc3339(pod.start_time); started && *started > *done) {
            when = pod.start_time;
        }
        for (const auto& ct : pod.containers) {
            const auto died = parse_rfc3339(ct.last_finished_at);
            if (when.empty() && ct.restart_count > 0 && died && *died > *done) {
                when = ct.last_finished_at;
            }
        }
        if (when.empty()) {
            continue;
        }
        return fail(
            fmt::format("the seed fixture is gone: redis restarted after {} ran", job.meta.name),
            {fmt::format("Job {}: completed at {}", job.meta.name, job.completion_time),
             fmt::format("pod {}: (re)started at {}", pod.meta.name, when)},
            fmt::format("seed ran at {}, redis restarted at {} without persistence: the fixture "
                        "is gone, and Kyverno does not rerun the Job (synchronize: false)",
                        job.completion_time, when),
            fmt::format(
                "re-post the fixture to omni-pitcher's /pitch, or delete the Job and "
                "re-trigger Kyverno's generate rules: {}",
                needs_workload_kube(c.s, shell_command({"kubectl", "-n", c.s.targets.namespace_name,
                                                        "delete", "job", job.meta.name}) +
                                             " && " + regen_kubectl(c.s))));
    }
    return std::nullopt;
}

std::string url_cause(const UrlProbe& probe) {
    const long status = probe.http_status;
    if (status == 404) {
        return "the gateway has no route for this hostname: the HTTPRoute's hostname or parentRef "
               "does not match the Gateway listener";
    }
    if (auto known = gateway_5xx_cause(probe)) {
        return *known;
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

std::string first_line(std::string_view body) {
    const auto start = body.find_first_not_of(" \t\r\n");
    const std::string_view rest = body.substr(start);
    return std::string(rest.substr(0, rest.find_first_of("\r\n")));
}

// Every HTTPRoute the profile names exists: the preview has been deployed at least once.
bool deployed(const Context& c) {
    if (!c.s.routes.ok()) {
        return true;  // unknown: judge the URL on its own
    }
    return std::all_of(c.s.targets.http_routes.begin(), c.s.targets.http_routes.end(),
                       [&](const std::string& name) {
                           return std::any_of(
                               c.s.routes->begin(), c.s.routes->end(),
                               [&](const HttpRoute& r) { return r.meta.name == name; });
                       });
}

// The preview's Service behind the profile's first HTTPRoute (the one the health URL goes
// through).
const RouteBackendRef* first_backend(const Context& c) {
    if (!c.s.routes.ok() || c.s.targets.http_routes.empty()) {
        return nullptr;
    }
    for (const auto& route : *c.s.routes) {
        if (route.meta.name == c.s.targets.http_routes.front()) {
            const auto& refs = route.backend_refs;
            const auto it = std::find_if(refs.begin(), refs.end(), [&](const auto& ref) {
                return ref.kind == "Service" && ref.namespace_name == c.s.targets.namespace_name;
            });
            return it == refs.end() ? nullptr : &*it;
        }
    }
    return nullptr;
}

// Restarting the backend renews the endpoint. The workload is the one named like the Service
// (as the chart names them), when one was read; else the Service shows which pods it selects.
std::string stale_endpoint_fix(const Context& c, const RouteBackendRef& backend) {
    if (c.s.workloads.ok()) {
        for (const auto& w : *c.s.workloads) {
            if (w.meta.name == backend.name) {
                const std::string kind = w.kind == "StatefulSet" ? "statefulset" : "deployment";
                return kubectl_ns(c.s, {"rollout", "restart", kind + "/" + w.meta.name});
            }
        }
    }
    return kubectl_ns(c.s, {"describe", "service", backend.name}) +
           "   # no workload shares its name: restart the one whose pods it selects";
}

std::string url_fix(const Context& c, const UrlProbe& probe) {
    if (const auto* backend = first_backend(c); backend != nullptr && stale_endpoint(probe)) {
        return stale_endpoint_fix(c, *backend);
    }
    return fmt::format("curl -sS -i {}", c.s.targets.health_url);
}

}  // namespace

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
            if (auto lost = seed_lost(c, *job)) {
                return *lost;
            }
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
    std::vector<std::string> evidence{
        probe.http_status != 0 ? fmt::format("GET {}: HTTP {} in {} ms", t.health_url,
                                             probe.http_status, probe.elapsed_ms)
                               : fmt::format("GET {}: no answer: {}", t.health_url, probe.error)};
    if (probe.http_status != 0) {
        evidence.push_back(blank(probe.body) ? std::string("body: empty")
                                             : "body: " + first_line(probe.body));
    }
    if (!deployed(c)) {
        if (auto why = unfinished_upstream(c)) {
            return skip(fmt::format("the preview is not deployed yet: {}", *why), evidence);
        }
        // No HTTPRoute, and Argo CD's side failed: the gateway's 404 follows from that.
        for (const char* id : {"application", "namespace"}) {
            if (c.status_of(id) == CheckStatus::fail) {
                return skip(fmt::format("the preview is not deployed; follows from the failing {} "
                                        "check",
                                        id),
                            evidence);
            }
        }
    }
    std::vector<std::string> upstream;
    for (const char* id : {"image-pull", "secrets", "workloads", "gateway", "route"}) {
        if (c.status_of(id) == CheckStatus::fail) {
            upstream.emplace_back(id);
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
                evidence, url_cause(probe), url_fix(c, probe));
}

}  // namespace preview::checks
