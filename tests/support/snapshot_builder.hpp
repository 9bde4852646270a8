#pragma once

#include <string>

#include "preview/core/profile.hpp"
#include "preview/core/snapshot.hpp"

namespace preview::testing {

inline constexpr std::int64_t kNow = 1795449600;  // 2026-11-23T16:00:00Z
inline constexpr const char* kSha = "0123456789abcdef0123456789abcdef01234567";

inline Condition cond(std::string type, std::string status, std::string reason = {},
                      std::string message = {}) {
    Condition c;
    c.type = std::move(type);
    c.status = std::move(status);
    c.reason = std::move(reason);
    c.message = std::move(message);
    return c;
}

inline ObjectMeta meta(std::string name, std::string ns = "homerun2-core-catcher-pr-42",
                       std::string created = "2026-11-23T13:00:00Z") {
    ObjectMeta m;
    m.name = std::move(name);
    m.namespace_name = std::move(ns);
    m.creation_timestamp = std::move(created);
    m.generation = 1;
    return m;
}

inline Application app(std::string name, std::string sync = "Synced",
                       std::string health = "Healthy") {
    Application a;
    a.meta = meta(std::move(name), "argocd");
    a.sync_status = std::move(sync);
    a.health_status = std::move(health);
    return a;
}

inline Workload workload(std::string kind, std::string name, int desired = 1, int available = 1) {
    Workload w;
    w.kind = std::move(kind);
    w.meta = meta(std::move(name));
    w.desired = desired;
    w.current = desired;
    w.ready = available;
    w.available = available;
    w.updated = desired;
    w.observed_generation = 1;
    return w;
}

inline Pod running_pod(std::string name, std::string image) {
    Pod p;
    p.meta = meta(std::move(name));
    p.phase = "Running";
    p.ready = true;
    ContainerStatus c;
    c.name = "main";
    c.image = std::move(image);
    c.ready = true;
    c.state = "running";
    p.containers.push_back(c);
    p.conditions.push_back(cond("Ready", "True"));
    return p;
}

inline ExternalSecret external_secret(std::string name, bool ready = true) {
    ExternalSecret es;
    es.meta = meta(std::move(name));
    es.api_version = "external-secrets.io/v1";
    es.conditions.push_back(ready ? cond("Ready", "True", "SecretSynced", "secret synced")
                                  : cond("Ready", "False", "SecretSyncedError",
                                         "could not get secret data from provider"));
    return es;
}

inline HttpRoute route(std::string name, bool resolved = true) {
    HttpRoute r;
    r.meta = meta(std::move(name));
    r.hostnames = {"cc-pr-42.homerun2-dev.sthings-vsphere.labul.sva.de"};
    RouteParentStatus parent;
    parent.parent_name = "homerun2-dev-gateway";
    parent.parent_namespace = "default";
    parent.controller = "io.cilium/gateway-controller";
    parent.conditions.push_back(cond("Accepted", "True", "Accepted"));
    parent.conditions.push_back(resolved ? cond("ResolvedRefs", "True", "ResolvedRefs")
                                         : cond("ResolvedRefs", "False", "BackendNotFound",
                                                "Service \"homerun2-core-catcher\" not found"));
    r.parents.push_back(parent);
    return r;
}

inline Job job(std::string name, std::string condition) {
    Job j;
    j.meta = meta(std::move(name));
    if (!condition.empty()) {
        j.conditions.push_back(cond(std::move(condition), "True"));
    }
    return j;
}

/// A healthy homerun2 core-catcher preview for PR 42, every piece observed.
inline Snapshot healthy_snapshot() {
    Snapshot s;
    s.ref = {"stuttgart-things", "homerun2-core-catcher", 42};
    auto targets = render_targets(Profile{}, s.ref, kSha);
    s.targets = targets.value();
    s.now = kNow;

    PullRequest pr;
    pr.owner = "stuttgart-things";
    pr.repo = "homerun2-core-catcher";
    pr.number = 42;
    pr.state = "open";
    pr.title = "Add dashboard filter";
    pr.author = "alice";
    pr.head_sha = kSha;
    pr.head_ref = "feature/filter";
    pr.labels = {"preview"};
    s.pr = pr;

    CheckRun build{"build-pr / Build, Scan & Push Image", "completed", "success", {}, {}, {}};
    CheckRun push{
        "push-kustomize / Push kustomize base via Dagger", "completed", "success", {}, {}, {}};
    CheckRun lint{"Lint-Repository / Repository Linting", "completed", "success", {}, {}, {}};
    s.checks = std::vector<CheckRun>{build, push, lint};
    s.bot_comment =
        std::optional<BotComment>(BotComment{1, "github-actions[bot]", "https://x", ""});

    ApplicationSet set;
    set.meta = meta("homerun2-core-catcher-pr-preview", "argocd");
    set.conditions = {cond("ErrorOccurred", "False", "ApplicationSetUpToDate"),
                      cond("ParametersGenerated", "True", "ParametersGenerated"),
                      cond("ResourcesUpToDate", "True", "ApplicationSetUpToDate")};
    s.application_set = std::optional<ApplicationSet>(set);
    s.applications = std::vector<Application>{app("homerun2-core-catcher-pr-42"),
                                              app("homerun2-core-catcher-pr-42-core-catcher"),
                                              app("homerun2-core-catcher-pr-42-omni-pitcher"),
                                              app("homerun2-core-catcher-pr-42-redis-stack")};
    Namespace ns;
    ns.meta = meta("homerun2-core-catcher-pr-42", "");
    ns.phase = "Active";
    s.namespace_state = std::optional<Namespace>(ns);
    s.workloads = std::vector<Workload>{workload("Deployment", "homerun2-core-catcher"),
                                        workload("Deployment", "homerun2-omni-pitcher"),
                                        workload("StatefulSet", "redis-stack-node")};
    s.pods = std::vector<Pod>{
        running_pod("homerun2-core-catcher-7d9f8-abcde",
                    std::string("ghcr.io/stuttgart-things/homerun2-core-catcher:pr-42-") + kSha),
        running_pod("homerun2-omni-pitcher-5c6d7-fghij",
                    "ghcr.io/stuttgart-things/homerun2-omni-pitcher:v1.11.1"),
        running_pod("redis-stack-node-0", "ghcr.io/stuttgart-things/redis-stack-server:7.2.0-v18")};
    s.external_secrets = std::vector<ExternalSecret>{
        external_secret("homerun2-omni-pitcher-token"),
        external_secret("homerun2-omni-pitcher-redis"), external_secret("redis-stack-auth"),
        external_secret("homerun2-core-catcher-redis")};
    s.jobs = std::vector<Job>{job("seed-test-events", "Complete")};
    s.routes = std::vector<HttpRoute>{route("homerun2-core-catcher")};
    s.events = std::vector<Event>{};
    s.url = UrlProbe{s.targets.health_url, 200, 12, {}};
    for (const auto& ref : s.targets.artifacts) {
        s.artifacts.emplace_back(ArtifactProbe{ref, true, "sha256:abc"});
    }
    return s;
}

/// No Application and no namespace: nothing deployed yet, or all of it removed.
inline void remove_deployment(Snapshot& s) {
    s.applications = std::vector<Application>{};
    s.namespace_state = std::optional<Namespace>();
}

/// The healthy preview read through the Argo CD API alone (design §8): no kube context for
/// either cluster, so the Namespace object is not read.
inline Snapshot api_only_snapshot() {
    auto s = healthy_snapshot();
    s.namespace_state = Snapshot::not_read(
        "the Argo CD API does not show the Namespace object: needs a kube context for the "
        "workload cluster");
    s.sources.argocd = ReadSource::argocd_api;
    s.sources.workload = ReadSource::argocd_api;
    s.sources.argocd_kube = false;
    s.sources.workload_kube = false;
    return s;
}

/// A pod whose single container waits with `reason` (ImagePullBackOff, CrashLoopBackOff, ...).
/// `s` with redis-stack-auth not Ready since 15:30, read from ClusterSecretStore
/// vault-homerun2-pr.
inline Snapshot failing_secret(Snapshot s = healthy_snapshot()) {
    auto& es = (*s.external_secrets)[2];
    es = external_secret("redis-stack-auth", false);
    es.conditions[0].last_transition_time = "2026-11-23T15:30:00Z";
    es.store_kind = "ClusterSecretStore";
    es.store_name = "vault-homerun2-pr";
    return s;
}

inline Pod waiting_pod(std::string name, std::string image, std::string reason,
                       std::string message = {}, int restarts = 0) {
    Pod p = running_pod(std::move(name), std::move(image));
    p.ready = false;
    p.conditions = {cond("Ready", "False", "ContainersNotReady")};
    auto& c = p.containers[0];
    c.ready = false;
    c.state = "waiting";
    c.reason = std::move(reason);
    c.message = std::move(message);
    c.restart_count = restarts;
    if (restarts > 0) {
        c.last_reason = "Error";
        c.last_exit_code = 1;
    }
    return p;
}

/// A Pending pod the scheduler cannot place.
inline Pod unschedulable_pod(std::string name, std::string message) {
    Pod p;
    p.meta = meta(std::move(name));
    p.phase = "Pending";
    p.conditions = {cond("PodScheduled", "False", "Unschedulable", std::move(message))};
    return p;
}

/// A Warning event about `kind`/`name`.
inline Event warning_event(std::string reason, std::string kind, std::string name,
                           std::string message) {
    Event e;
    e.type = "Warning";
    e.reason = std::move(reason);
    e.object_kind = std::move(kind);
    e.object_name = std::move(name);
    e.message = std::move(message);
    e.count = 3;
    return e;
}

/// An object left in a terminating namespace.
inline Leftover leftover(std::string api_version, std::string kind, std::string name,
                         std::vector<std::string> finalizers) {
    return Leftover{std::move(api_version), std::move(kind), std::move(name),
                    std::move(finalizers)};
}

/// A check run with a GitHub Actions URL naming run `run_id`.
inline CheckRun check_run(std::string name, std::string status, std::string conclusion,
                          std::string run_id = "1234567890") {
    CheckRun r;
    r.name = std::move(name);
    r.status = std::move(status);
    r.conclusion = std::move(conclusion);
    r.html_url = "https://github.com/stuttgart-things/homerun2-core-catcher/actions/runs/" +
                 run_id + "/job/42";
    return r;
}

/// The healthy preview of PR 42 after its PR was closed and everything was removed.
inline Snapshot closed_gone_snapshot(bool merged = false) {
    Snapshot s = healthy_snapshot();
    s.pr->state = "closed";
    s.pr->merged = merged;
    s.pr->closed_at = "2026-11-23T12:00:00Z";
    s.pr->merged_at = merged ? "2026-11-23T12:00:00Z" : "";
    remove_deployment(s);
    s.workloads = Snapshot::not_read("namespace does not exist");
    s.pods = Snapshot::not_read("namespace does not exist");
    s.external_secrets = Snapshot::not_read("namespace does not exist");
    s.jobs = Snapshot::not_read("namespace does not exist");
    s.routes = Snapshot::not_read("namespace does not exist");
    s.url = UrlProbe{s.targets.health_url, 0, 5, "Could not resolve host"};
    s.artifacts.clear();
    for (const auto& ref : s.targets.artifacts) {
        s.artifacts.emplace_back(ArtifactProbe{ref, false, {}});
    }
    return s;
}

/// The broken preview of the status render tests: core-catcher crash-loops, redis-stack-auth is
/// not Ready, the HTTPRoute has ResolvedRefs False, the URL answers 503, events are forbidden.
inline Snapshot broken_preview_snapshot() {
    auto s = healthy_snapshot();
    auto& crash = (*s.pods)[0].containers[0];
    crash.state = "waiting";
    crash.reason = "CrashLoopBackOff";
    crash.message = "back-off 5m0s restarting failed container";
    crash.restart_count = 7;
    crash.ready = false;
    (*s.pods)[0].ready = false;
    (*s.workloads)[0].available = 0;
    (*s.external_secrets)[2] = external_secret("redis-stack-auth", false);
    (*s.routes)[0] = route("homerun2-core-catcher", false);
    s.url = UrlProbe{s.targets.health_url, 503, 4, {}};
    s.events = Error(ErrorKind::permission,
                     "cannot list Warning events in namespace homerun2-core-catcher-pr-42: events "
                     "is forbidden",
                     "ask for list permission on events");
    return s;
}

}  // namespace preview::testing
