#include <algorithm>
#include <string>

#include "unit/api/test_fixture.hpp"
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "preview/api/kube_json.hpp"

namespace preview {
namespace {

using test::fixture;

const Condition* find_condition(const std::vector<Condition>& conditions, std::string_view type) {
    const auto it = std::find_if(conditions.begin(), conditions.end(),
                                 [type](const Condition& c) { return c.type == type; });
    return it == conditions.end() ? nullptr : &*it;
}

template <class T>
const T* by_name(const std::vector<T>& items, std::string_view name) {
    const auto it = std::find_if(items.begin(), items.end(),
                                 [name](const T& item) { return item.meta.name == name; });
    return it == items.end() ? nullptr : &*it;
}

}  // namespace

TEST_SUITE("api::kube") {
    TEST_CASE("a healthy parent Application") {
        const auto app = parse_application(fixture("kube/application_pr42_healthy.json"));
        REQUIRE(app.ok());
        CHECK(app->meta.name == "homerun2-core-catcher-pr-42");
        CHECK(app->meta.namespace_name == "argocd");
        CHECK(app->meta.generation == 57);
        CHECK(app->meta.labels.at("homerun2.stuttgart-things.com/pr") == "42");
        CHECK(app->meta.finalizers ==
              std::vector<std::string>{"resources-finalizer.argocd.argoproj.io"});
        REQUIRE(app->meta.owners.size() == 1);
        CHECK(app->meta.owners[0].kind == "ApplicationSet");
        CHECK(app->meta.owners[0].name == "homerun2-core-catcher-pr-preview");
        CHECK(app->sync_status == "Synced");
        CHECK(app->sync_revision == "5dc4e87b2f1a9c3d4e5f60718293a4b5c6d7e8f9");
        CHECK(app->health_status == "Healthy");
        CHECK(app->health_message.empty());
        CHECK(app->operation_phase == "Succeeded");
        CHECK(app->operation_message == "successfully synced (all tasks run)");
        CHECK(app->conditions.empty());
        CHECK(app->destination_server == "https://kubernetes.default.svc");
        CHECK(app->destination_namespace == "argocd");
        CHECK(app->source_repo == "https://github.com/stuttgart-things/argocd.git");
        CHECK(app->source_revision == "main");
        CHECK(app->project == "homerun2-test1");
        CHECK(app->reconciled_at == "2026-08-21T10:41:17Z");
        CHECK(app->operation_finished_at == "2026-08-21T09:12:09Z");  // the timeline's "synced"
        REQUIRE(app->resources.size() == 3);
        CHECK(app->resources[0].kind == "Application");
        CHECK(app->resources[0].name == "homerun2-core-catcher-pr-42-core-catcher");
        CHECK(app->resources[0].sync_status == "Synced");
        CHECK(app->resources[0].health_status.empty());  // Argo CD 3.x: health not persisted
    }

    TEST_CASE("an Application with a ComparisonError from the OCI source") {
        const auto app =
            parse_application(fixture("kube/application_pr42_core_catcher_comparison_error.json"));
        REQUIRE(app.ok());
        CHECK(app->meta.name == "homerun2-core-catcher-pr-42-core-catcher");
        CHECK(app->sync_status == "Unknown");
        CHECK(app->sync_revision.empty());
        CHECK(app->operation_phase.empty());
        REQUIRE(app->conditions.size() == 1);
        CHECK(app->conditions[0].type == "ComparisonError");
        CHECK(app->conditions[0].status.empty());  // Argo CD conditions carry no status
        CHECK(app->conditions[0].message.find("failed to load: oci pull") != std::string::npos);
        CHECK(app->conditions[0].last_transition_time == "2026-08-21T09:12:12Z");
        CHECK(app->destination_name == "homerun2-test1");
        CHECK(app->destination_server.empty());
        CHECK(app->destination_namespace == "homerun2-core-catcher-pr-42");
        CHECK(app->source_repo == "oci://ghcr.io/stuttgart-things/homerun2-core-catcher-kustomize");
        CHECK(app->source_revision == "pr-42-9f3c2e1a7b4d5c6e8f90a1b2c3d4e5f6a7b8c9d0");
    }

    TEST_CASE("the first of spec.sources and status.sync.revisions for multi-source apps") {
        const auto app = parse_application(R"({"apiVersion":"argoproj.io/v1alpha1",
            "kind":"Application","metadata":{"name":"multi","namespace":"argocd"},
            "spec":{"sources":[{"repoURL":"https://charts.example/","chart":"x",
                                "targetRevision":"1.2.3"},{"repoURL":"https://git.example/v.git",
                                "targetRevision":"main","ref":"values"}]},
            "status":{"sync":{"status":"Synced","revisions":["1.2.3","abc"]}}})");
        REQUIRE(app.ok());
        CHECK(app->source_repo == "https://charts.example/");
        CHECK(app->source_revision == "1.2.3");
        CHECK(app->sync_revision == "1.2.3");
    }

    TEST_CASE("an Application without status is valid and reads as empty") {
        const auto app = parse_application(
            R"({"apiVersion":"argoproj.io/v1alpha1","kind":"Application",
                "metadata":{"name":"fresh","namespace":"argocd","creationTimestamp":null},
                "spec":{"destination":{"server":"https://kubernetes.default.svc"}},
                "status":null})");
        REQUIRE(app.ok());
        CHECK(app->sync_status.empty());
        CHECK(app->health_status.empty());
        CHECK(app->meta.creation_timestamp.empty());
    }

    TEST_CASE("the Application list of a PR: parent and children") {
        const auto apps = parse_application_list(fixture("kube/application_list_pr42.json"));
        REQUIRE(apps.ok());
        REQUIRE(apps->size() == 4);
        CHECK((*apps)[0].meta.name == "homerun2-core-catcher-pr-42");
        const Application* child = by_name(*apps, "homerun2-core-catcher-pr-42-core-catcher");
        REQUIRE(child != nullptr);
        REQUIRE(child->conditions.size() == 1);
        CHECK(child->conditions[0].type == "ComparisonError");
        const Application* redis = by_name(*apps, "homerun2-core-catcher-pr-42-redis-stack");
        REQUIRE(redis != nullptr);
        CHECK(redis->meta.annotations.at("argocd.argoproj.io/sync-wave") == "-10");
        CHECK(redis->health_status == "Healthy");
        CHECK(list_continue_token(fixture("kube/application_list_pr42.json")).empty());
    }

    TEST_CASE("an ApplicationSet with ErrorOccurred True") {
        const auto set = parse_application_set(fixture("kube/applicationset_error_occurred.json"));
        REQUIRE(set.ok());
        CHECK(set->meta.name == "homerun2-core-catcher-pr-preview");
        const Condition* error = find_condition(set->conditions, "ErrorOccurred");
        REQUIRE(error != nullptr);
        CHECK(error->status == "True");
        CHECK(error->reason == "ApplicationGenerationFromParamsError");
        CHECK(error->message.find("401 Bad credentials") != std::string::npos);
        const Condition* generated = find_condition(set->conditions, "ParametersGenerated");
        REQUIRE(generated != nullptr);
        CHECK(generated->status == "False");
    }

    TEST_CASE("a healthy ApplicationSet") {
        const auto set = parse_application_set(fixture("kube/applicationset_healthy.json"));
        REQUIRE(set.ok());
        REQUIRE(set->conditions.size() == 3);
        CHECK(find_condition(set->conditions, "ErrorOccurred")->status == "False");
        CHECK(find_condition(set->conditions, "ResourcesUpToDate")->status == "True");
    }

    TEST_CASE("an ApplicationSet's pullRequest generators, also nested in a matrix") {
        const auto set = parse_application_set(R"({"metadata":{"name":"a"},"spec":{
            "goTemplate":true,
            "syncPolicy":{"applicationsSync":"create-update"},
            "generators":[{"matrix":{"generators":[{"clusters":{}},
              {"pullRequest":{"github":{"owner":"o","repo":"r","labels":["preview","ok"]},
                              "continueOnRepoNotFoundError":true}}]}},
              {"pullRequest":{"github":{"owner":"o","repo":"r2","labels":["preview"]},
                              "requeueAfterSeconds":120}}]}})");
        REQUIRE(set.ok());
        CHECK(set->applications_sync == "create-update");
        CHECK(set->continue_on_repo_not_found);
        CHECK(set->clusters_generator);
        CHECK(set->go_template);
        REQUIRE(set->pr_label_filters.size() == 2);
        CHECK(set->pr_label_filters[0] == std::vector<std::string>{"preview", "ok"});
        CHECK(set->pr_label_filters[1] == std::vector<std::string>{"preview"});
        const auto plain = parse_application_set(
            R"({"metadata":{"name":"a"},"spec":{"generators":[{"pullRequest":{"github":{}}}]}})");
        REQUIRE(plain.ok());
        CHECK_FALSE(plain->continue_on_repo_not_found);
        CHECK_FALSE(plain->clusters_generator);
        CHECK_FALSE(plain->go_template);
        CHECK(plain->pr_label_filters.empty());
        CHECK(plain->requeue_after_seconds == 0);
    }

    TEST_CASE("a Namespace stuck Terminating") {
        const auto ns = parse_namespace(fixture("kube/namespace_terminating.json"));
        REQUIRE(ns.ok());
        CHECK(ns->meta.name == "homerun2-core-catcher-pr-42");
        CHECK(ns->phase == "Terminating");
        CHECK(ns->meta.deletion_timestamp == "2026-08-22T08:05:44Z");
        CHECK(ns->spec_finalizers == std::vector<std::string>{"kubernetes"});
        const Condition* content = find_condition(ns->conditions, "NamespaceContentRemaining");
        REQUIRE(content != nullptr);
        CHECK(content->status == "True");
        CHECK(content->reason == "SomeResourcesRemain");
        CHECK(content->message.find("externalsecrets.external-secrets.io has 4 resource "
                                    "instances") != std::string::npos);
        const Condition* finalizers =
            find_condition(ns->conditions, "NamespaceFinalizersRemaining");
        REQUIRE(finalizers != nullptr);
        CHECK(finalizers->reason == "SomeFinalizersRemain");
        CHECK(find_condition(ns->conditions, "NamespaceDeletionDiscoveryFailure")->status ==
              "False");
    }

    TEST_CASE("an Active Namespace") {
        const auto ns = parse_namespace(fixture("kube/namespace_active.json"));
        REQUIRE(ns.ok());
        CHECK(ns->phase == "Active");
        CHECK(ns->conditions.empty());
        CHECK(ns->meta.deletion_timestamp.empty());
    }

    TEST_CASE("Deployments: unavailable core-catcher and crash-looping omni-pitcher") {
        const auto list = parse_workload_list(fixture("kube/deployment_list.json"), "Deployment");
        REQUIRE(list.ok());
        REQUIRE(list->size() == 2);
        const Workload& cc = (*list)[0];
        CHECK(cc.kind == "Deployment");
        CHECK(cc.meta.name == "homerun2-core-catcher");
        CHECK(cc.desired == 1);
        CHECK(cc.current == 1);
        CHECK(cc.ready == 0);
        CHECK(cc.available == 0);  // omitted by the server when 0
        CHECK(cc.updated == 1);
        CHECK(cc.observed_generation == 2);
        CHECK(cc.meta.generation == 2);
        CHECK(cc.selector.at("app.kubernetes.io/name") == "homerun2-core-catcher");
        const Condition* progressing = find_condition(cc.conditions, "Progressing");
        REQUIRE(progressing != nullptr);
        CHECK(progressing->reason == "ProgressDeadlineExceeded");
    }

    TEST_CASE("the redis StatefulSet") {
        const auto list = parse_workload_list(fixture("kube/statefulset_list.json"), "StatefulSet");
        REQUIRE(list.ok());
        REQUIRE(list->size() == 1);
        const Workload& redis = (*list)[0];
        CHECK(redis.kind == "StatefulSet");
        CHECK(redis.meta.name == "redis-stack-node");
        CHECK(redis.desired == 1);
        CHECK(redis.ready == 1);
        CHECK(redis.available == 1);
        CHECK(redis.conditions.empty());
    }

    TEST_CASE("workload defaults: replicas 1, StatefulSet without availableReplicas") {
        const auto sts = parse_workload_list(R"({"kind":"StatefulSetList","apiVersion":"apps/v1",
            "metadata":{},"items":[{"metadata":{"name":"redis-stack-node"},"spec":{},
            "status":{"replicas":3,"readyReplicas":2,"currentReplicas":3}}]})",
                                             "StatefulSet");
        REQUIRE(sts.ok());
        CHECK((*sts)[0].desired == 1);
        CHECK((*sts)[0].available == 2);
        const auto dep = parse_workload_list(R"({"kind":"DeploymentList","items":[
            {"metadata":{"name":"d"},"spec":{"replicas":0},"status":{"readyReplicas":2}}]})",
                                             "Deployment");
        REQUIRE(dep.ok());
        CHECK((*dep)[0].desired == 0);
        CHECK((*dep)[0].available == 0);
        CHECK_FALSE(
            parse_workload_list(R"({"kind":"DaemonSetList","items":[]})", "DaemonSet").ok());
    }

    TEST_CASE("pods: ImagePullBackOff, CrashLoopBackOff with lastState Error, Running ready") {
        const auto pods = parse_pod_list(fixture("kube/pod_list.json"));
        REQUIRE(pods.ok());
        REQUIRE(pods->size() == 3);

        const Pod& cc = (*pods)[0];
        CHECK(cc.meta.name == "homerun2-core-catcher-5d8f7c9b6-qk7wz");
        CHECK(cc.phase == "Pending");
        CHECK_FALSE(cc.ready);
        REQUIRE(cc.meta.owners.size() == 1);
        CHECK(cc.meta.owners[0].kind == "ReplicaSet");
        REQUIRE(cc.containers.size() == 1);
        CHECK(cc.containers[0].state == "waiting");
        CHECK(cc.containers[0].reason == "ImagePullBackOff");
        CHECK(cc.containers[0].image ==
              "ghcr.io/stuttgart-things/homerun2-core-catcher:pr-42-"
              "9f3c2e1a7b4d5c6e8f90a1b2c3d4e5f6a7b8c9d0");
        CHECK(cc.containers[0].message.find("Back-off pulling image") == 0);

        const Pod& omni = (*pods)[1];
        CHECK(omni.phase == "Running");
        CHECK_FALSE(omni.ready);
        REQUIRE(omni.containers.size() == 1);
        const ContainerStatus& c = omni.containers[0];
        CHECK(c.state == "waiting");
        CHECK(c.reason == "CrashLoopBackOff");
        CHECK(c.restart_count == 5);
        CHECK(c.last_reason == "Error");
        CHECK(c.last_exit_code == 1);
        CHECK_FALSE(c.init);

        const Pod& redis = (*pods)[2];
        CHECK(redis.ready);
        CHECK(redis.phase == "Running");
        REQUIRE(redis.containers.size() == 3);
        CHECK(redis.containers[0].name == "volume-permissions");
        CHECK(redis.containers[0].init);
        CHECK(redis.containers[0].state == "terminated");
        CHECK(redis.containers[0].reason == "Completed");
        CHECK(redis.containers[0].exit_code == 0);
        CHECK(redis.containers[1].name == "redis");
        CHECK_FALSE(redis.containers[1].init);
        CHECK(redis.containers[1].state == "running");
        CHECK(redis.containers[1].ready);
        CHECK(redis.containers[2].name == "sentinel");
        CHECK(redis.meta.owners[0].kind == "StatefulSet");
    }

    TEST_CASE("a Pending pod without container statuses and an evicted pod") {
        const auto pods = parse_pod_list(R"({"kind":"PodList","apiVersion":"v1","metadata":{},
            "items":[{"metadata":{"name":"p"},"status":{"phase":"Pending","conditions":[
              {"type":"PodScheduled","status":"False","reason":"Unschedulable",
               "message":"0/3 nodes are available: 3 Insufficient cpu."}]}},
             {"metadata":{"name":"e"},"status":{"phase":"Failed","reason":"Evicted",
              "message":"The node was low on resource: memory."}}]})");
        REQUIRE(pods.ok());
        CHECK((*pods)[0].containers.empty());
        CHECK((*pods)[0].conditions[0].reason == "Unschedulable");
        CHECK((*pods)[1].reason == "Evicted");
        CHECK((*pods)[1].message == "The node was low on resource: memory.");
    }

    TEST_CASE("ExternalSecrets Ready True and False with SecretSyncedError") {
        const auto list = parse_external_secret_list(fixture("kube/external_secret_list.json"));
        REQUIRE(list.ok());
        REQUIRE(list->size() == 4);
        const ExternalSecret* token = by_name(*list, "homerun2-omni-pitcher-token");
        REQUIRE(token != nullptr);
        CHECK(token->api_version == "external-secrets.io/v1");
        CHECK(token->store_kind == "ClusterSecretStore");
        CHECK(token->store_name == "vault-homerun2-pr");
        CHECK(token->refresh_time.empty());
        REQUIRE(token->conditions.size() == 1);
        CHECK(token->conditions[0].type == "Ready");
        CHECK(token->conditions[0].status == "False");
        CHECK(token->conditions[0].reason == "SecretSyncedError");
        const ExternalSecret* redis = by_name(*list, "redis-stack-auth");
        REQUIRE(redis != nullptr);
        CHECK(redis->conditions[0].status == "True");
        CHECK(redis->refresh_time == "2026-08-21T10:41:12Z");
    }

    TEST_CASE("ExternalSecret api_version comes from the list (v1beta1 fallback)") {
        const auto list = parse_external_secret_list(
            R"({"apiVersion":"external-secrets.io/v1beta1","kind":"ExternalSecretList",
                "items":[{"metadata":{"name":"a"}}]})");
        REQUIRE(list.ok());
        CHECK((*list)[0].api_version == "external-secrets.io/v1beta1");
    }

    TEST_CASE("the seed Job: complete, failed, running") {
        const auto complete = parse_job_list(fixture("kube/job_list_seed_complete.json"));
        REQUIRE(complete.ok());
        REQUIRE(complete->size() == 1);
        CHECK((*complete)[0].meta.name == "seed-test-events");
        CHECK((*complete)[0].succeeded == 1);
        CHECK((*complete)[0].completion_time == "2026-08-21T09:15:31Z");
        CHECK(find_condition((*complete)[0].conditions, "Complete")->status == "True");

        const auto failed = parse_job_list(fixture("kube/job_list_seed_failed.json"));
        REQUIRE(failed.ok());
        CHECK((*failed)[0].failed == 4);
        CHECK((*failed)[0].completion_time.empty());
        const Condition* f = find_condition((*failed)[0].conditions, "Failed");
        REQUIRE(f != nullptr);
        CHECK(f->reason == "BackoffLimitExceeded");

        const auto running = parse_job_list(fixture("kube/job_list_seed_running.json"));
        REQUIRE(running.ok());
        CHECK((*running)[0].active == 1);
        CHECK((*running)[0].start_time == "2026-08-21T09:13:02Z");
        CHECK((*running)[0].conditions.empty());
    }

    TEST_CASE("an HTTPRoute with ResolvedRefs False from the Cilium gateway controller") {
        const auto routes = parse_http_route_list(fixture("kube/http_route_list.json"));
        REQUIRE(routes.ok());
        REQUIRE(routes->size() == 2);
        const HttpRoute& cc = (*routes)[0];
        CHECK(cc.meta.name == "homerun2-core-catcher");
        CHECK(cc.hostnames ==
              std::vector<std::string>{"cc-pr-42.homerun2-dev.sthings-vsphere.labul.sva.de"});
        REQUIRE(cc.parents.size() == 1);
        CHECK(cc.parents[0].parent_name == "homerun2-dev-gateway");
        CHECK(cc.parents[0].parent_namespace == "default");
        CHECK(cc.parents[0].controller == "io.cilium/gateway-controller");
        const Condition* refs = find_condition(cc.parents[0].conditions, "ResolvedRefs");
        REQUIRE(refs != nullptr);
        CHECK(refs->status == "False");
        CHECK(refs->reason == "BackendNotFound");
        CHECK(refs->observed_generation == 1);
        CHECK(find_condition(cc.parents[0].conditions, "Accepted")->status == "True");
    }

    TEST_CASE("a parentRef without namespace means the route's namespace") {
        const auto routes = parse_http_route_list(R"({"kind":"HTTPRouteList","items":[
            {"metadata":{"name":"r","namespace":"ns1"},"status":{"parents":[
              {"parentRef":{"name":"gw"},"controllerName":"c","conditions":[]},
              {"parentRef":{"name":"gw","sectionName":"https","port":443},"conditions":[]}]}}]})");
        REQUIRE(routes.ok());
        CHECK((*routes)[0].parents[0].parent_namespace == "ns1");
        CHECK((*routes)[0].parents[0].section_name.empty());
        CHECK((*routes)[0].parents[0].port == 0);
        CHECK((*routes)[0].parents[1].section_name == "https");
        CHECK((*routes)[0].parents[1].port == 443);
    }

    TEST_CASE("Warning events: FailedCreate exceeded quota and FailedScheduling") {
        const auto events = parse_event_list(fixture("kube/event_list_warnings.json"));
        REQUIRE(events.ok());
        REQUIRE(events->size() == 3);
        const Event& quota = (*events)[0];
        CHECK(quota.type == "Warning");
        CHECK(quota.reason == "FailedCreate");
        CHECK(quota.message.find("exceeded quota: pr-preview") != std::string::npos);
        CHECK(quota.object_kind == "ReplicaSet");
        CHECK(quota.object_name == "homerun2-core-catcher-5d8f7c9b6");
        CHECK(quota.count == 14);
        CHECK(quota.last_timestamp == "2026-08-21T10:35:44Z");
        CHECK(quota.source == "replicaset-controller");

        const Event& scheduling = (*events)[1];
        CHECK(scheduling.reason == "FailedScheduling");
        CHECK(scheduling.object_kind == "Pod");
        CHECK(scheduling.count == 1);  // no count on events.k8s.io-style events
        CHECK(scheduling.last_timestamp == "2026-08-21T10:37:02.418907Z");  // eventTime
        CHECK(scheduling.source == "default-scheduler");

        CHECK((*events)[2].count == 322);
    }

    TEST_CASE("event timestamps fall back to firstTimestamp; series count wins") {
        const auto events = parse_event_list(R"({"kind":"EventList","items":[
            {"metadata":{"name":"a"},"firstTimestamp":"2026-01-01T00:00:00Z","count":0},
            {"metadata":{"name":"b"},"eventTime":"2026-01-02T00:00:00.000001Z",
             "series":{"count":7,"lastObservedTime":"2026-01-03T00:00:00.000002Z"}}]})");
        REQUIRE(events.ok());
        CHECK((*events)[0].last_timestamp == "2026-01-01T00:00:00Z");
        CHECK((*events)[0].count == 1);
        CHECK((*events)[1].last_timestamp == "2026-01-03T00:00:00.000002Z");
        CHECK((*events)[1].count == 7);
    }

    TEST_CASE("list_continue_token") {
        CHECK(
            list_continue_token(
                R"({"kind":"PodList","metadata":{"continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NDgyMTIxOTAsInN0YXJ0IjoicG9kLTQ5OVx1MDAwMCJ9","remainingItemCount":12},"items":[]})") ==
            "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NDgyMTIxOTAsInN0YXJ0IjoicG9kLTQ5OVx1MDAwMCJ9");
        CHECK(list_continue_token(fixture("kube/pod_list.json")).empty());
        CHECK(list_continue_token("").empty());
        CHECK(list_continue_token("<html>").empty());
        CHECK(list_continue_token(R"({"metadata":{"continue":7}})").empty());
        CHECK(list_continue_token(R"({"metadata":"x"})").empty());
    }

    TEST_CASE("parse_object_meta") {
        const auto meta =
            parse_object_meta(nlohmann::json::parse(R"({"name":"x","namespace":"y","generation":3,
                "labels":{"a":"b"},"finalizers":["f"],
                "ownerReferences":[{"kind":"ReplicaSet","name":"rs"}]})"),
                              "Pod \"x\"");
        REQUIRE(meta.ok());
        CHECK(meta->name == "x");
        CHECK(meta->generation == 3);
        CHECK(meta->labels.at("a") == "b");
        CHECK(meta->owners[0].name == "rs");
        const auto bad =
            parse_object_meta(nlohmann::json::parse(R"({"labels":{"a":1}})"), "Pod \"x\"");
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error().message.find("Pod \"x\"") != std::string::npos);
        CHECK(bad.error().message.find("metadata.labels") != std::string::npos);
        CHECK_FALSE(parse_object_meta(nlohmann::json::array(), "Pod \"x\"").ok());
    }
}

}  // namespace preview
