// Design §8: a snapshot read through the Argo CD API, with no kube context for either cluster.
// What it could not read is unknown, and fixes are ones the user can run.

#include "support/findings.hpp"
#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/diagnosis.hpp"
#include "preview/core/follow.hpp"
#include "preview/core/route_reads.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

// Issue 14: the children's sync found no namespace, and nothing creates it (no
// CreateNamespace=true): the world's namespace_missing as the Argo CD API source reads it. Nothing
// is deployed, so the gateway has no route for the URL.
Snapshot namespace_never_created(Snapshot s) {
    for (std::size_t i = 1; i < s.applications->size(); ++i) {
        auto& app = (*s.applications)[i];
        app.sync_status = "OutOfSync";
        app.health_status = "Missing";
        app.sync_options = {"ServerSideApply=true"};
        app.conditions = {
            cond("SyncError", "", "", "namespaces \"homerun2-core-catcher-pr-42\" not found")};
    }
    s.workloads = std::vector<Workload>{};
    s.pods = std::vector<Pod>{};
    s.routes = std::vector<HttpRoute>{};
    s.url = UrlProbe{s.targets.health_url, 404, 4, {}};
    return s;
}

constexpr std::string_view kNeedsWorkload =
    "needs a kube context for the workload cluster (pass --context NAME): ";
constexpr std::string_view kNeedsArgocd =
    "needs a kube context for the Argo CD cluster (pass --argocd-context NAME): ";

std::string needs_workload(std::string_view command) {
    return std::string(kNeedsWorkload) + std::string(command);
}

// The checks that judge platform objects (Kyverno's requests, stores, a Terminating namespace)
// need the namespace, which the Argo CD API does not show: these snapshots keep it read and
// take only the kube contexts away, to judge the fix texts for the access there is.
Snapshot api_only_with_namespace() {
    auto s = api_only_snapshot();
    s.namespace_state = healthy_snapshot().namespace_state;
    return s;
}

// A route no controller reports on, and its Gateway with `conditions`.
Snapshot gateway_in_trouble(Snapshot s, std::vector<Condition> conditions) {
    HttpRoute r = route("homerun2-core-catcher");
    r.parent_refs = {{"Gateway", "default", "homerun2-dev-gateway"}};
    r.parents.clear();
    s.routes = std::vector<HttpRoute>{r};
    s.url = UrlProbe{s.targets.health_url, 0, 5000, "Connection reset by peer"};
    Gateway g;
    g.meta = meta("homerun2-dev-gateway", "default", "2025-11-23T13:00:00Z");
    g.conditions = std::move(conditions);
    s.gateways.emplace("default/homerun2-dev-gateway", std::optional<Gateway>(g));
    return s;
}

void webhook_rejects(Snapshot& s, std::string message) {
    s.events->push_back(warning_event("FailedCreate", "ReplicaSet", "homerun2-core-catcher-7d9f8",
                                      std::move(message)));
}

}  // namespace

TEST_SUITE("doctor through the Argo CD API") {
    TEST_CASE("a sync that found no namespace names the missing CreateNamespace, not the source") {
        const auto s = namespace_never_created(api_only_snapshot());
        const auto ns = check(s, "namespace", CheckStatus::fail);
        CHECK(
            contains(ns.summary, "Argo CD's sync found no namespace homerun2-core-catcher-pr-42"));
        CHECK(contains(ns.cause, "lacks CreateNamespace=true"));
        CHECK(has_evidence(ns, "cannot tell whether it exists now"));
        CHECK(contains(ns.fix,
                       "needs a kube context for the workload cluster (pass --context "
                       "NAME): kubectl create namespace homerun2-core-catcher-pr-42"));
        const auto app = check(s, "application", CheckStatus::skip);
        CHECK(contains(app.cause, "follows from the namespace check"));
        CHECK_FALSE(contains(app.cause + app.fix, "fetch the source"));
        CHECK_FALSE(contains(app.fix, "--hard-refresh"));
        CHECK(contains(check(s, "workloads").cause, "follows from the namespace check"));
        const auto url = check(s, "url", CheckStatus::skip);
        CHECK(contains(url.cause, "follows from the failing namespace check"));
    }

    TEST_CASE("with CreateNamespace=true a namespace not found is no source fetch failure") {
        auto s = namespace_never_created(api_only_snapshot());
        for (auto& app : *s.applications) {
            app.sync_options = {"CreateNamespace=true"};
        }
        CHECK(check(s, "namespace").status == CheckStatus::skip);
        const auto app = check(s, "application", CheckStatus::fail);
        CHECK_FALSE(contains(app.cause, "fetch the source"));
        CHECK_FALSE(contains(app.fix, "--hard-refresh"));
    }

    TEST_CASE("no workloads in a namespace of unknown age is unknown, not new") {
        auto s = api_only_snapshot();
        s.workloads = std::vector<Workload>{};
        s.pods = std::vector<Pod>{};
        const auto f = check(s, "workloads", CheckStatus::skip);
        CHECK(f.cause.find("cannot tell whether that is late") != std::string::npos);
        CHECK(f.cause.find("is unknown") != std::string::npos);
    }

    TEST_CASE("a crash-looping pod's fix is the argocd CLI's previous log") {
        auto s = api_only_snapshot();
        (*s.pods)[0] = waiting_pod("homerun2-core-catcher-7d9f8-abcde", "img", "CrashLoopBackOff",
                                   "back-off", 4);
        (*s.workloads)[0].available = 0;
        s.sources.tree_apps["Pod/homerun2-core-catcher-7d9f8-abcde"] =
            "homerun2-core-catcher-pr-42-core-catcher";
        CHECK(check(s, "workloads").fix ==
              "argocd app logs homerun2-core-catcher-pr-42-core-catcher --kind Pod --name "
              "homerun2-core-catcher-7d9f8-abcde -c main --previous --app-namespace argocd");
        s.sources.tree_apps.clear();
        CHECK(check(s, "workloads")
                  .fix.starts_with("needs a kube context for the workload cluster (pass --context "
                                   "NAME): kubectl "));
    }

    TEST_CASE("gateway and cilium fixes name the workload cluster's access") {
        SUBCASE("waiting for a controller") {
            const auto s = gateway_in_trouble(
                api_only_snapshot(),
                {cond("Accepted", "Unknown", "Pending", "Waiting for controller")});
            CHECK(check(s, "gateway")
                      .fix.starts_with(needs_workload(
                          "kubectl -n kube-system rollout restart deployment/cilium-operator")));
        }
        SUBCASE("no address") {
            const auto s =
                gateway_in_trouble(api_only_snapshot(),
                                   {cond("Accepted", "True", "Accepted"),
                                    cond("Programmed", "False", "AddressNotAssigned", "waiting")});
            CHECK(check(s, "gateway")
                      .fix.starts_with(needs_workload("kubectl get ciliumloadbalancerippools")));
        }
        SUBCASE("any other condition") {
            auto s = gateway_in_trouble(
                api_only_snapshot(),
                {cond("Accepted", "False", "UnsupportedAddress", "bad address")});
            CHECK(check(s, "gateway")
                      .fix.starts_with(needs_workload(
                          "kubectl -n default describe gateway homerun2-dev-gateway")));
            // With a context for the workload cluster: unchanged.
            s.sources.workload_kube = true;
            CHECK(check(s, "gateway")
                      .fix.starts_with("kubectl -n default describe gateway homerun2-dev-gateway"));
        }
        SUBCASE("the Gateway does not exist") {
            auto s = gateway_in_trouble(api_only_snapshot(), {});
            s.gateways.insert_or_assign("default/homerun2-dev-gateway", std::optional<Gateway>());
            CHECK(check(s, "gateway").fix.starts_with(needs_workload("kubectl get gateways -A")));
        }
    }

    TEST_CASE("Kyverno's fixes name the workload cluster's access") {
        auto s = api_only_with_namespace();
        SUBCASE("an unreachable webhook: Kyverno's pods") {
            webhook_rejects(s,
                            "Error creating: Internal error occurred: failed calling webhook "
                            "\"mutate.kyverno.svc-fail\": failed to call webhook: no "
                            "endpoints available");
            CHECK(check(s, "policies").fix == needs_workload("kubectl -n kyverno get pods"));
        }
        SUBCASE("a denying policy") {
            webhook_rejects(s,
                            "Error creating: admission webhook \"validate.kyverno.svc-fail\" "
                            "denied the request: blocked due to the following policies "
                            "disallow-latest-tag:");
            CHECK(check(s, "policies").fix ==
                  needs_workload("kubectl describe clusterpolicy disallow-latest-tag"));
        }
        SUBCASE("a policy to edit, then the re-trigger") {
            s.external_secrets->pop_back();
            UpdateRequest ur;
            ur.meta = meta("ur-4kq9x", "kyverno");
            ur.policy = "homerun2-core-catcher-preview-secrets";
            ur.rule = "generate-externalsecret-redis";
            ur.resource_kind = "Namespace";
            ur.resource_name = "homerun2-core-catcher-pr-42";
            ur.state = "Failed";
            ur.message =
                "failed to generate resource: no matches for kind \"ExternalSecret\" in "
                "version \"external-secrets.io/v1beta1\"";
            s.follow_up.update_requests = std::vector<UpdateRequest>{ur};
            const auto fix = check(s, "policies").fix;
            CHECK(contains(fix, "(" +
                                    needs_workload("kubectl edit clusterpolicy "
                                                   "homerun2-core-catcher-preview-secrets") +
                                    ")"));
            CHECK(contains(fix, "re-trigger: " + needs_workload("kubectl label ns "
                                                                "homerun2-core-catcher-pr-42 ")));
        }
    }

    TEST_CASE("the secret store fixes name the workload cluster's access") {
        auto s = failing_secret(api_only_with_namespace());
        const std::string key = "ClusterSecretStore/vault-homerun2-pr";
        SUBCASE("a store that is not Ready") {
            PolicyObject o{"ClusterSecretStore", meta("vault-homerun2-pr", ""), {}};
            o.conditions.push_back(
                cond("Ready", "False", "InvalidProviderConfig", "unable to create client"));
            s.follow_up.stores.insert_or_assign(key, std::optional<PolicyObject>(o));
            CHECK(check(s, "secrets").fix ==
                  needs_workload("kubectl describe clustersecretstore vault-homerun2-pr"));
            s.sources.workload_kube = true;
            CHECK(check(s, "secrets").fix ==
                  "kubectl describe clustersecretstore vault-homerun2-pr");
        }
        SUBCASE("a store that does not exist") {
            s.follow_up.stores.insert_or_assign(key, std::optional<PolicyObject>());
            CHECK(check(s, "secrets").fix ==
                  needs_workload("kubectl get clustersecretstores,secretstores -A"));
        }
    }

    TEST_CASE("a stuck Terminating namespace: controller pods and leftovers behind the access") {
        auto s = api_only_with_namespace();
        auto& ns = **s.namespace_state;
        ns.phase = "Terminating";
        ns.meta.deletion_timestamp = "2026-11-23T15:00:00Z";
        s.leftovers = std::vector<Leftover>{
            leftover("external-secrets.io/v1", "ExternalSecret", "redis-stack-auth",
                     {"externalsecrets.external-secrets.io/externalsecret-cleanup"}),
            leftover("v1", "ConfigMap", "policy-state", {"cleanup.kyverno.io/finalizer"})};
        const auto f = check(s, "namespace", CheckStatus::fail);
        CHECK(contains(
            f.cause,
            needs_workload("kubectl get pods -A -l app.kubernetes.io/name=external-secrets")));
        CHECK(contains(f.cause,
                       needs_workload("kubectl get pods -A -l app.kubernetes.io/part-of=kyverno")));
        CHECK(f.fix == needs_workload("kubectl get externalsecret.external-secrets.io,configmap -n "
                                      "homerun2-core-catcher-pr-42"));
    }

    TEST_CASE("a merged PR whose namespace still runs: delete it with the access it needs") {
        auto s = api_only_with_namespace();
        s.pr->state = "closed";
        s.pr->merged = true;
        s.pr->merged_at = "2026-11-23T15:00:00Z";
        s.applications = std::vector<Application>{};
        const std::string del = "kubectl delete namespace homerun2-core-catcher-pr-42";
        CHECK(check(s, "pr-open").fix == needs_workload(del));
        FollowState state;
        state.started = s.now;
        CHECK(follow_step(state, s, Profile{}, Goal::gone, FollowOptions{}) ==
              FollowOutcome::failed);
        CHECK(contains(state.failure, "delete it: " + needs_workload(del)));
        s.sources.workload_kube = true;
        FollowState with_context;
        with_context.started = s.now;
        CHECK(follow_step(with_context, s, Profile{}, Goal::gone, FollowOptions{}) ==
              FollowOutcome::failed);
        CHECK(contains(with_context.failure, "delete it: " + del));
    }

    TEST_CASE("an older route's claim: read it with the access it needs") {
        auto s = api_only_snapshot();
        s.url->commit = "c0ffee0dc0ffee0dc0ffee0dc0ffee0dc0ffee0d";
        HttpRoute other = route("homerun2-core-catcher");
        other.meta.namespace_name = "homerun2-core-catcher-pr-7";
        other.meta.creation_timestamp = "2020-01-01T00:00:00Z";
        s.follow_up.cluster_routes = std::vector<HttpRoute>{(*s.routes)[0], other};
        CHECK(check(s, "route")
                  .fix.starts_with(needs_workload("kubectl -n homerun2-core-catcher-pr-7 get "
                                                  "httproute homerun2-core-catcher -o yaml")));
    }

    TEST_CASE("the ApplicationSet's fixes are the argocd CLI's") {
        auto s = api_only_snapshot();
        auto& set = **s.application_set;
        SUBCASE("applicationsSync keeps a closed PR's Applications: argocd app delete") {
            set.applications_sync = "create-update";
            s.pr->state = "closed";
            CHECK(check(s, "appset").fix ==
                  "argocd app delete homerun2-core-catcher-pr-42 "
                  "--app-namespace argocd");
            s.sources.argocd_kube = true;
            CHECK(check(s, "appset").fix ==
                  "kubectl -n argocd delete application homerun2-core-catcher-pr-42");
        }
        SUBCASE("a condition False: argocd appset get") {
            set.conditions = {cond("ResourcesUpToDate", "False", "Err", "not done")};
            CHECK(check(s, "appset").fix ==
                  "argocd appset get argocd/" + s.targets.application_set);
        }
        SUBCASE("not found: argocd appset list") {
            s.application_set = std::optional<ApplicationSet>();
            CHECK(check(s, "appset").fix == "argocd appset list --appset-namespace argocd");
        }
    }

    TEST_CASE("a sync policy that forbids updates: the ApplicationSet is edited through the CLI") {
        auto s = api_only_snapshot();
        const std::string old = "fedcba9876543210fedcba9876543210fedcba98";
        (*s.pods)[0] = running_pod("homerun2-core-catcher-6c5b4-zyxwv",
                                   "ghcr.io/stuttgart-things/homerun2-core-catcher:pr-42-" + old);
        s.url->version = "pr-42-" + old;
        s.url->commit = old;
        auto& parent = (*s.applications)[0];
        parent.helm_values = {{"valuesObject.coreCatcher.version", "pr-42-" + old},
                              {"valuesObject.coreCatcher.hostname", "cc-pr-42.example"}};
        auto& child = (*s.applications)[1];
        child.source_repo = "oci://ghcr.io/stuttgart-things/homerun2-core-catcher-kustomize";
        child.source_revision = "pr-42-" + old;
        child.summary_images = {"ghcr.io/stuttgart-things/homerun2-core-catcher:pr-42-" + old};
        (*s.application_set)->applications_sync = "create-only";
        const auto& name = s.targets.application_set;
        CHECK(check(s, "revision").fix ==
              "argocd appset get argocd/" + name +
                  " -o yaml > appset.yaml, edit it, then argocd appset create --upsert "
                  "appset.yaml");
        s.sources.argocd_kube = true;
        CHECK(check(s, "revision").fix == "kubectl -n argocd edit applicationset " + name);
    }

    TEST_CASE("the previous preview's namespace still terminating: wait with the access needed") {
        auto s = api_only_with_namespace();
        auto& child = (*s.applications)[1];
        const std::string why =
            "configmaps \"x\" is forbidden: unable to create new content in namespace "
            "homerun2-core-catcher-pr-42 because it is being terminated";
        child.sync_status = "OutOfSync";
        child.sync_revision = "sha256:feed";
        child.operation_phase = "Failed";
        child.operation_message = why + " (retried 5 times).";
        child.operation_revision = "sha256:feed";
        child.conditions = {
            cond("SyncError", "", "",
                 "Failed sync attempt to sha256:feed: " + why + " (retried 5 times).")};
        (*s.namespace_state)->meta.deletion_timestamp = "2026-11-23T15:55:00Z";
        (*s.namespace_state)->phase = "Terminating";
        const auto f = check(s, "namespace", CheckStatus::fail);
        CHECK(f.fix.starts_with(
            "wait for the namespace, then start the sync: " +
            needs_workload("kubectl wait --for=delete namespace/homerun2-core-catcher-pr-42 "
                           "--timeout=10m && argocd app sync ")));
    }

    TEST_CASE("a lost seed fixture: delete the Job and re-trigger, with the access it needs") {
        auto s = api_only_with_namespace();
        (*s.jobs)[0].completion_time = "2026-11-23T15:00:00Z";
        for (auto& pod : *s.pods) {
            if (pod.meta.name == "redis-stack-node-0") {
                pod.start_time = "2026-11-23T15:30:00Z";
            }
        }
        const auto f = check(s, "seed", CheckStatus::fail);
        CHECK(
            contains(f.fix, "re-trigger Kyverno's generate rules: " +
                                needs_workload("kubectl -n homerun2-core-catcher-pr-42 delete job "
                                               "seed-test-events && kubectl label ns "
                                               "homerun2-core-catcher-pr-42 "
                                               "preview.stuttgart-things/regen=")));
        s.sources.workload_kube = true;
        CHECK(contains(check(s, "seed").fix,
                       "re-trigger Kyverno's generate rules: kubectl -n "
                       "homerun2-core-catcher-pr-42 delete job seed-test-events && kubectl label "
                       "ns homerun2-core-catcher-pr-42 preview.stuttgart-things/regen="));
    }

    TEST_CASE("a closed PR's empty namespace the sweep left: delete it with the access it needs") {
        auto s = closed_gone_snapshot();
        s.sources = api_only_snapshot().sources;
        s.namespace_state = healthy_snapshot().namespace_state;
        s.pr->closed_at = "2026-11-23T10:00:00Z";
        const auto f = check(s, "pr-open", CheckStatus::fail);
        CHECK(f.fix == needs_workload("kubectl delete namespace homerun2-core-catcher-pr-42"));
    }
}
