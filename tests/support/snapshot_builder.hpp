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

}  // namespace preview::testing
