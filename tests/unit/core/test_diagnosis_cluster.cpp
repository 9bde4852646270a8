#include <algorithm>

#include "support/findings.hpp"
#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/diagnosis.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

const std::string kImage =
    std::string("ghcr.io/stuttgart-things/homerun2-core-catcher:pr-42-") + kSha;
const std::string kNs = "homerun2-core-catcher-pr-42";

// The namespace of the healthy snapshot, created `age` before kNow.
void namespace_created(Snapshot& s, const char* created) {
    (*s.namespace_state)->meta.creation_timestamp = created;
}

Snapshot image_pull_backoff() {
    auto s = healthy_snapshot();
    (*s.pods)[0] = waiting_pod("homerun2-core-catcher-7d9f8-abcde", kImage, "ImagePullBackOff",
                               "Back-off pulling image \"" + kImage + "\"");
    (*s.workloads)[0].available = 0;
    return s;
}

Snapshot wrongpass_crash() {
    auto s = healthy_snapshot();
    (*s.pods)[0] = waiting_pod("homerun2-core-catcher-7d9f8-abcde", kImage, "CrashLoopBackOff",
                               "back-off 5m0s restarting failed container", 6);
    (*s.workloads)[0].available = 0;
    s.logs.insert_or_assign(
        "homerun2-core-catcher-7d9f8-abcde/main",
        Observed<std::string>(
            std::string("starting core-catcher\nconnecting to redis-stack:6379\n"
                        "redis: WRONGPASS invalid username-password pair or user is disabled.\n")));
    return s;
}

Snapshot terminating_namespace(const char* deleted) {
    auto s = closed_gone_snapshot();
    Namespace ns = (*healthy_snapshot().namespace_state).value();
    ns.phase = "Terminating";
    ns.meta.deletion_timestamp = deleted;
    ns.spec_finalizers = {"kubernetes"};
    ns.conditions = {
        cond("NamespaceContentRemaining", "True", "SomeResourcesRemain",
             "Some resources are remaining: externalsecrets.external-secrets.io has 1 resource "
             "instances, httproutes.gateway.networking.k8s.io has 1 resource instances"),
        cond("NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain",
             "Some content in the namespace has finalizers remaining: "
             "externalsecrets.external-secrets.io/externalsecret-cleanup in 1 resource "
             "instances")};
    s.namespace_state = std::optional<Namespace>(ns);
    s.leftovers = std::vector<Leftover>{
        leftover("external-secrets.io/v1", "ExternalSecret", "redis-stack-auth",
                 {"externalsecrets.external-secrets.io/externalsecret-cleanup"}),
        leftover("argoproj.io/v1alpha1", "Application", "stray-app",
                 {"resources-finalizer.argocd.argoproj.io"}),
        leftover("v1", "ConfigMap", "policy-state", {"cleanup.kyverno.io/finalizer"}),
        leftover("example.com/v1", "Widget", "w1", {"example.com/keep"}),
        leftover("gateway.networking.k8s.io/v1", "HTTPRoute", "homerun2-core-catcher", {})};
    return s;
}

}  // namespace

TEST_SUITE("core::diagnosis.cluster") {
    TEST_CASE("finalizer owners of well-known prefixes") {
        CHECK(finalizer_owner("resources-finalizer.argocd.argoproj.io") ==
              "Argo CD application controller");
        CHECK(finalizer_owner("resources-finalizer.argocd.argoproj.io/foreground") ==
              "Argo CD application controller");
        CHECK(finalizer_owner("externalsecrets.external-secrets.io/externalsecret-cleanup") ==
              "External Secrets Operator");
        CHECK(contains(finalizer_owner("kubernetes"), "namespace controller"));
        CHECK(contains(finalizer_owner("foregroundDeletion"), "garbage collector"));
        CHECK(finalizer_owner("cleanup.kyverno.io/finalizer") == "Kyverno");
        CHECK(finalizer_owner("example.com/keep") == "the controller that added it");
    }

    TEST_CASE("namespace") {
        SUBCASE("missing while an old Application exists fails") {
            auto s = healthy_snapshot();
            s.namespace_state = std::optional<Namespace>();
            const auto f = check(s, "namespace", CheckStatus::fail);
            CHECK(has_evidence(f, "namespace homerun2-core-catcher-pr-42: not found"));
            CHECK(f.fix == "kubectl -n argocd describe application homerun2-core-catcher-pr-42");
            for (const char* id : {"image-pull", "secrets", "workloads", "route", "seed", "url"}) {
                CHECK_MESSAGE(check(s, id).status == CheckStatus::skip, id);
                CHECK_MESSAGE(contains(check(s, id).cause, "namespace"), id);
            }
        }
        SUBCASE("an Application without a destination namespace says its manifests decide") {
            auto s = healthy_snapshot();
            s.namespace_state = std::optional<Namespace>();
            for (auto& app : *s.applications) {
                app.destination_namespace.clear();
            }
            const auto f = check(s, "namespace");
            CHECK(std::any_of(f.evidence.begin(), f.evidence.end(), [](const std::string& e) {
                return contains(e, "(namespace: as the manifests say)");
            }));
        }
        SUBCASE("missing while the Application is new warns") {
            auto s = healthy_snapshot();
            s.namespace_state = std::optional<Namespace>();
            (*s.applications)[0].meta.creation_timestamp = "2026-11-23T15:59:00Z";
            CHECK(check(s, "namespace").status == CheckStatus::warn);
        }
        SUBCASE("stuck Terminating names every blocker, its finalizers and their controllers") {
            const auto s = terminating_namespace("2026-11-23T15:00:00Z");
            const auto f = check(s, "namespace", CheckStatus::fail);
            CHECK(contains(f.summary, "stuck Terminating for 1h00m"));
            CHECK(has_evidence(f,
                               "ExternalSecret redis-stack-auth (external-secrets.io/v1): "
                               "finalizers externalsecrets.external-secrets.io/"
                               "externalsecret-cleanup (removed by External Secrets "
                               "Operator)"));
            CHECK(has_evidence(f,
                               "Application stray-app (argoproj.io/v1alpha1): finalizers "
                               "resources-finalizer.argocd.argoproj.io (removed by Argo CD "
                               "application controller)"));
            CHECK(has_evidence(f, "cleanup.kyverno.io/finalizer (removed by Kyverno)"));
            CHECK(has_evidence(f, "example.com/keep (removed by the controller that added it)"));
            CHECK(has_evidence(f, "HTTPRoute homerun2-core-catcher"));
            CHECK(has_evidence(
                f, "spec.finalizers: kubernetes (removed by the Kubernetes namespace controller)"));
            CHECK(has_evidence(f, "NamespaceContentRemaining: Some resources are remaining"));
            CHECK(has_evidence(f, "NamespaceFinalizersRemaining: Some content"));
            CHECK(contains(f.cause, "External Secrets Operator"));
            CHECK(contains(f.cause, "running and allowed (RBAC)"));
            CHECK(contains(f.cause, "app.kubernetes.io/name=external-secrets"));
            CHECK(f.fix ==
                  "kubectl get externalsecret.external-secrets.io,application.argoproj.io,"
                  "configmap,widget.example.com,httproute.gateway.networking.k8s.io -n " +
                      kNs);
            CHECK_FALSE(f.auto_fix);
            for (const auto& text : {f.fix, f.cause}) {
                CHECK_FALSE(contains(text, "patch"));
                CHECK_FALSE(contains(text, "finalizers\":"));
            }
            // The closed PR's own check defers to the namespace check instead of failing twice.
            CHECK(check(s, "pr-open").status == CheckStatus::warn);
            CHECK(summarize_findings(diagnose(s, Profile{})).fail == 1);
        }
        SUBCASE("terminating for a moment warns") {
            const auto s = terminating_namespace("2026-11-23T15:59:00Z");
            CHECK(check(s, "namespace").status == CheckStatus::warn);
        }
        SUBCASE("leftovers not gathered: the conditions still name the blockers") {
            auto s = terminating_namespace("2026-11-23T15:00:00Z");
            s.leftovers = Snapshot::not_read();
            const auto f = check(s, "namespace", CheckStatus::fail);
            CHECK(has_evidence(f, "could not read the objects left in the namespace"));
            CHECK(has_evidence(f, "externalsecrets.external-secrets.io/externalsecret-cleanup"));
            CHECK(f.fix == "kubectl get all,externalsecret -n " + kNs);
        }
    }

    TEST_CASE("image-pull") {
        SUBCASE("no namespace yet: skip") {
            auto s = healthy_snapshot();
            s.namespace_state = std::optional<Namespace>();
            CHECK(check(s, "image-pull").cause == "no namespace yet");
        }
        SUBCASE("tag exists: fail, evidence names the image and says so") {
            const auto f = check(image_pull_backoff(), "image-pull");
            CHECK(f.status == CheckStatus::fail);
            CHECK(has_evidence(f,
                               "pod homerun2-core-catcher-7d9f8-abcde container main: "
                               "ImagePullBackOff " +
                                   kImage));
            CHECK(has_evidence(f, "tag exists in the registry"));
            CHECK(contains(f.cause, "tag exists"));
            CHECK(f.fix == "kubectl -n " + kNs + " describe pod homerun2-core-catcher-7d9f8-abcde");
        }
        SUBCASE("tag not pushed yet while CI runs") {
            auto s = image_pull_backoff();
            s.artifacts[0] = ArtifactProbe{kImage, false, {}};
            (*s.checks)[0].status = "in_progress";
            (*s.checks)[0].conclusion = "";
            const auto f = check(s, "image-pull", CheckStatus::warn);
            CHECK(has_evidence(f, "tag is NOT in the registry"));
            CHECK(contains(f.cause, "is not built yet: build-pr still running (see ci)"));
        }
        SUBCASE("PR closed: the cleanup deleted the tag") {
            auto s = image_pull_backoff();
            s.artifacts[0] = ArtifactProbe{kImage, false, {}};
            s.pr->state = "closed";
            s.pr->closed_at = "2026-11-23T15:58:00Z";
            const auto f = check(s, "image-pull", CheckStatus::warn);
            CHECK(contains(f.cause, "PR closed, the cleanup workflow deleted"));
            CHECK(f.fix == "gh pr reopen 42 --repo stuttgart-things/homerun2-core-catcher");
        }
        SUBCASE("tag gone although CI passed") {
            auto s = image_pull_backoff();
            s.artifacts[0] = ArtifactProbe{kImage, false, {}};
            const auto f = check(s, "image-pull", CheckStatus::fail);
            CHECK(contains(f.cause, "gone although CI passed"));
        }
        SUBCASE("an image outside the profile's artifacts is not checked") {
            auto s = healthy_snapshot();
            (*s.pods)[1] = waiting_pod("homerun2-omni-pitcher-5c6d7-fghij",
                                       "ghcr.io/stuttgart-things/homerun2-omni-pitcher:v2.4.0",
                                       "ErrImagePull", "manifest unknown");
            const auto f = check(s, "image-pull", CheckStatus::fail);
            CHECK(has_evidence(f, "not checked"));
            CHECK(has_evidence(f, "manifest unknown"));
            CHECK(contains(f.cause, "unknown"));
        }
        SUBCASE("the workloads check defers to image-pull") {
            const auto f = check(image_pull_backoff(), "workloads");
            CHECK(f.status == CheckStatus::skip);
            CHECK(f.cause ==
                  "homerun2-core-catcher not available; follows from the image-pull check");
        }
    }

    TEST_CASE("secrets") {
        SUBCASE("an ExternalSecret not Ready fails with force-sync") {
            auto s = healthy_snapshot();
            (*s.external_secrets)[2] = external_secret("redis-stack-auth", false);
            const auto f = check(s, "secrets", CheckStatus::fail);
            CHECK(has_evidence(f,
                               "ExternalSecret redis-stack-auth: Ready=False SecretSyncedError: "
                               "could not get secret data from provider"));
            CHECK(f.fix == "kubectl -n " + kNs +
                               " annotate externalsecret redis-stack-auth "
                               "force-sync=$(date +%s) --overwrite");
            CHECK(f.auto_fix);
            CHECK(f.fix_kind == FixKind::force_sync_external_secret);
            CHECK(f.fix_targets == std::vector<std::string>{"redis-stack-auth"});
        }
        SUBCASE("WRONGPASS crash loop is tied to the ExternalSecret that is not Ready") {
            auto s = wrongpass_crash();
            (*s.external_secrets)[0] = external_secret("homerun2-omni-pitcher-token", false);
            (*s.external_secrets)[2] = external_secret("redis-stack-auth", false);
            const auto f = check(s, "secrets", CheckStatus::fail);
            CHECK(contains(f.summary, "WRONGPASS"));
            CHECK(contains(f.summary, "redis-stack-auth"));
            CHECK(has_evidence(f, "ExternalSecret redis-stack-auth: Ready=False"));
            CHECK(has_evidence(f, "redis: WRONGPASS invalid username-password pair"));
            CHECK(f.fix_targets == std::vector<std::string>{"redis-stack-auth"});
            CHECK(contains(f.fix, "annotate externalsecret redis-stack-auth force-sync="));
            CHECK(f.auto_fix);
            // Root cause first: the crash loop is reported once, by secrets.
            CHECK(check(s, "workloads").status == CheckStatus::skip);
        }
        SUBCASE("WRONGPASS with every ExternalSecret Ready is a password mismatch") {
            const auto f = check(wrongpass_crash(), "secrets");
            CHECK(f.status == CheckStatus::fail);
            CHECK(contains(f.cause, "password mismatch"));
            CHECK_FALSE(f.auto_fix);
            CHECK(has_evidence(f, "ExternalSecret redis-stack-auth: Ready"));
        }
        SUBCASE("WRONGPASS while the ExternalSecrets cannot be read still fails") {
            auto s = wrongpass_crash();
            s.external_secrets = Error{ErrorKind::permission, "externalsecrets is forbidden"};
            const auto f = check(s, "secrets", CheckStatus::fail);
            CHECK(has_evidence(f, "externalsecrets is forbidden"));
        }
        SUBCASE("an expected ExternalSecret missing: fail in an old namespace, warn in a new one") {
            auto s = healthy_snapshot();
            s.external_secrets->pop_back();
            // The root cause is Kyverno's: the policies check fails, secrets follows from it.
            auto f = check(s, "secrets");
            CHECK(f.status == CheckStatus::skip);
            CHECK(has_evidence(f, "ExternalSecret homerun2-core-catcher-redis: does not exist"));
            const auto policies = check(s, "policies", CheckStatus::fail);
            CHECK(contains(policies.summary, "ExternalSecret homerun2-core-catcher-redis"));
            CHECK(contains(policies.fix,
                           "kubectl label ns " + kNs + " preview.stuttgart-things/regen="));
            CHECK_FALSE(policies.auto_fix);
            namespace_created(s, "2026-11-23T15:59:00Z");
            CHECK(check(s, "secrets").status == CheckStatus::warn);
        }
        SUBCASE("a pod waiting for a Secret that does not exist") {
            auto s = healthy_snapshot();
            (*s.pods)[1] =
                waiting_pod("homerun2-omni-pitcher-5c6d7-fghij", "omni:v1",
                            "CreateContainerConfigError", "secret \"omni-extra\" not found");
            const auto f = check(s, "secrets", CheckStatus::fail);
            CHECK(contains(f.summary, "omni-extra"));
        }
    }

    TEST_CASE("workloads") {
        SUBCASE("CrashLoopBackOff fails with the last log lines") {
            auto s = healthy_snapshot();
            (*s.pods)[0] = waiting_pod("homerun2-core-catcher-7d9f8-abcde", kImage,
                                       "CrashLoopBackOff", "back-off", 4);
            (*s.workloads)[0].available = 0;
            s.logs.insert_or_assign(
                "homerun2-core-catcher-7d9f8-abcde/main",
                Observed<std::string>(
                    std::string("l1\nl2\nl3\nl4\nl5\npanic: config key REDIS_STREAM missing\n")));
            const auto f = check(s, "workloads", CheckStatus::fail);
            CHECK(has_evidence(f, "Deployment homerun2-core-catcher: 0/1 available"));
            CHECK(has_evidence(f, "CrashLoopBackOff, 4 restarts, last exit 1 (Error)"));
            CHECK(has_evidence(f, "| panic: config key REDIS_STREAM missing"));
            CHECK_FALSE(has_evidence(f, "| l1"));
            CHECK(has_evidence(f, "| l2"));
            CHECK(f.fix == "kubectl -n " + kNs +
                               " logs homerun2-core-catcher-7d9f8-abcde -c main --previous");
        }
        SUBCASE("a pod name from a hostile server is quoted in the fix") {
            auto s = healthy_snapshot();
            (*s.pods)[0] = waiting_pod("homerun2-core-catcher-x;touch${IFS}x;#$(id>y)", kImage,
                                       "CrashLoopBackOff", "back-off", 4);
            (*s.workloads)[0].available = 0;
            CHECK(check(s, "workloads").fix ==
                  "kubectl -n " + kNs +
                      " logs 'homerun2-core-catcher-x;touch${IFS}x;#$(id>y)' -c main --previous");
        }
        SUBCASE("quota exceeded fails with the event") {
            auto s = healthy_snapshot();
            (*s.workloads)[1].available = 0;
            s.pods->erase(s.pods->begin() + 1);
            s.events = std::vector<Event>{warning_event(
                "FailedCreate", "ReplicaSet", "homerun2-omni-pitcher-5c6d7",
                "Error creating: pods \"homerun2-omni-pitcher-5c6d7-x\" is forbidden: exceeded "
                "quota: pr-preview, requested: limits.memory=512Mi, used: limits.memory=1536Mi, "
                "limited: limits.memory=2Gi")};
            const auto f = check(s, "workloads", CheckStatus::fail);
            CHECK(has_evidence(f, "exceeded quota: pr-preview"));
            CHECK(contains(f.cause, "ResourceQuota"));
            CHECK(f.fix == "kubectl -n " + kNs + " describe resourcequota");
        }
        SUBCASE("an unschedulable pod fails") {
            auto s = healthy_snapshot();
            (*s.workloads)[2].available = 0;
            (*s.workloads)[2].ready = 0;
            (*s.pods)[2] = unschedulable_pod("redis-stack-node-0",
                                             "0/3 nodes are available: 3 Insufficient memory.");
            const auto f = check(s, "workloads", CheckStatus::fail);
            CHECK(has_evidence(f, "pod redis-stack-node-0: Pending Unschedulable: 0/3 nodes"));
            CHECK(contains(f.cause, "CPU/memory"));
            CHECK(f.fix == "kubectl -n " + kNs + " describe pod redis-stack-node-0");
        }
        SUBCASE("not available without a visible problem warns") {
            auto s = healthy_snapshot();
            (*s.workloads)[0].available = 0;
            (*s.pods)[0].ready = false;
            CHECK(check(s, "workloads").status == CheckStatus::warn);
        }
        SUBCASE("no workloads in an old namespace fails") {
            auto s = healthy_snapshot();
            s.workloads = std::vector<Workload>{};
            CHECK(check(s, "workloads").status == CheckStatus::fail);
            namespace_created(s, "2026-11-23T15:58:00Z");
            CHECK(check(s, "workloads").status == CheckStatus::warn);
        }
    }

    TEST_CASE("route") {
        SUBCASE("ResolvedRefs False fails with bump-route") {
            auto s = healthy_snapshot();
            (*s.routes)[0] = route("homerun2-core-catcher", false);
            const auto f = check(s, "route", CheckStatus::fail);
            CHECK(has_evidence(f,
                               "ResolvedRefs=False BackendNotFound: Service "
                               "\"homerun2-core-catcher\" not found"));
            CHECK(f.fix == "preview bump-route 42");
            CHECK(f.auto_fix);
            CHECK(f.fix_kind == FixKind::bump_route);
            CHECK(f.fix_targets == std::vector<std::string>{"homerun2-core-catcher"});
        }
        SUBCASE("Accepted False fails") {
            auto s = healthy_snapshot();
            (*s.routes)[0].parents[0].conditions[0] =
                cond("Accepted", "False", "NoMatchingListenerHostname", "no matching hostname");
            const auto f = check(s, "route", CheckStatus::fail);
            CHECK(contains(f.cause, "NoMatchingListenerHostname"));
            CHECK(f.fix == "preview bump-route 42");
        }
        SUBCASE("no route while the workloads are not deployed: skip") {
            auto s = healthy_snapshot();
            s.routes = std::vector<HttpRoute>{};
            s.workloads = std::vector<Workload>{};
            const auto f = check(s, "route", CheckStatus::skip);
            CHECK(contains(f.cause, "workloads"));
        }
        SUBCASE("no route although the workloads run fails") {
            auto s = healthy_snapshot();
            s.routes = std::vector<HttpRoute>{};
            const auto f = check(s, "route", CheckStatus::fail);
            CHECK(has_evidence(f, "HTTPRoute homerun2-core-catcher: does not exist"));
        }
    }

    TEST_CASE("seed") {
        auto s = healthy_snapshot();
        CHECK(check(s, "seed").status == CheckStatus::pass);
        SUBCASE("absent after its TTL expired is expected") {
            s.jobs = std::vector<Job>{};
            const auto f = check(s, "seed", CheckStatus::skip);
            CHECK(contains(f.cause, "absent, expected once it has finished > 1 h ago"));
            CHECK(summarize_findings(diagnose(s, Profile{})).fail == 0);
        }
        SUBCASE("absent in a namespace younger than the TTL: the policies check names it") {
            s.jobs = std::vector<Job>{};
            namespace_created(s, "2026-11-23T15:40:00Z");
            const auto f = check(s, "seed", CheckStatus::skip);
            CHECK(contains(f.cause, "follows from the policies check"));
            CHECK(contains(check(s, "policies").summary, "Job seed-test-events"));
        }
        SUBCASE("running: fine at first, warn after its own wait, fail long after") {
            Job j = job("seed-test-events", "");
            j.active = 1;
            j.start_time = "2026-11-23T15:57:00Z";
            s.jobs = std::vector<Job>{j};
            CHECK(check(s, "seed").status == CheckStatus::pass);
            (*s.jobs)[0].start_time = "2026-11-23T15:52:00Z";
            CHECK(check(s, "seed").status == CheckStatus::warn);
            (*s.jobs)[0].start_time = "2026-11-23T15:40:00Z";
            const auto f = check(s, "seed", CheckStatus::fail);
            CHECK(contains(f.summary, "still running after 20m"));
            SUBCASE("unless it only waits for a broken omni-pitcher") {
                (*s.workloads)[1].available = 0;
                (*s.pods)[1] = waiting_pod("homerun2-omni-pitcher-5c6d7-fghij", "omni:v1",
                                           "CrashLoopBackOff", "back-off", 3);
                CHECK(check(s, "seed").status == CheckStatus::skip);
            }
        }
        SUBCASE("failed fails with describe and logs") {
            Job j = job("seed-test-events", "Failed");
            j.conditions[0].reason = "BackoffLimitExceeded";
            j.conditions[0].message = "Job has reached the specified backoff limit";
            j.failed = 6;
            s.jobs = std::vector<Job>{j};
            s.logs.insert_or_assign(
                "seed-test-events-x7k2p/seed",
                Observed<std::string>(std::string(
                    "waiting for omni-pitcher /health\ncurl: (7) Failed to connect\n")));
            const auto f = check(s, "seed", CheckStatus::fail);
            CHECK(has_evidence(f, "BackoffLimitExceeded: Job has reached the specified backoff"));
            CHECK(has_evidence(f, "| curl: (7) Failed to connect"));
            CHECK(f.fix == "kubectl -n " + kNs + " describe job seed-test-events && kubectl -n " +
                               kNs + " logs job/seed-test-events");
        }
    }

    TEST_CASE("url") {
        SUBCASE("a non-2xx answer fails with the status") {
            auto s = healthy_snapshot();
            s.url = UrlProbe{s.targets.health_url, 503, 4, {}};
            const auto f = check(s, "url", CheckStatus::fail);
            CHECK(has_evidence(f,
                               "GET https://cc-pr-42.homerun2-dev.sthings-vsphere.labul.sva.de/"
                               "health: HTTP 503"));
            CHECK(contains(f.cause, "no ready backend"));
        }
        SUBCASE("a transport error fails with the error") {
            auto s = healthy_snapshot();
            s.url = UrlProbe{s.targets.health_url, 0, 0, "Could not resolve host: cc-pr-42"};
            const auto f = check(s, "url", CheckStatus::fail);
            CHECK(has_evidence(f, "no answer: Could not resolve host"));
            CHECK(contains(f.cause, "does not resolve"));
        }
        SUBCASE("not deployed: skip") {
            auto s = healthy_snapshot();
            s.namespace_state = std::optional<Namespace>();
            CHECK(check(s, "url").status == CheckStatus::skip);
        }
        SUBCASE("a failing route explains it: skip") {
            const auto s = broken_preview_snapshot();
            const auto f = check(s, "url", CheckStatus::skip);
            CHECK(contains(f.cause, "route"));
        }
    }

    TEST_CASE("the broken preview: three root causes, the URL follows") {
        const auto findings = diagnose(broken_preview_snapshot(), Profile{});
        const auto summary = summarize_findings(findings);
        CHECK(summary.pass ==
              12);  // revision: the crash-looping pod runs the head; gateway; policies
        CHECK(summary.fail == 3);
        CHECK(summary.skip == 1);
        CHECK(check(broken_preview_snapshot(), "workloads").status == CheckStatus::fail);
        CHECK(
            has_evidence(check(broken_preview_snapshot(), "workloads"), "previous log: not read"));
    }
}
