#include <string>

#include <doctest/doctest.h>

#include "preview/api/argocd_tree_json.hpp"
#include "preview/api/kube_json.hpp"

using namespace preview;

namespace {

const char* kTree = R"({"nodes":[
 {"group":"apps","version":"v1","kind":"Deployment","namespace":"ns","name":"web","uid":"d1",
  "health":{"status":"Healthy"}},
 {"group":"apps","version":"v1","kind":"ReplicaSet","namespace":"ns","name":"web-5f","uid":"r1",
  "parentRefs":[{"group":"apps","kind":"Deployment","namespace":"ns","name":"web","uid":"d1"}]},
 {"version":"v1","kind":"Pod","namespace":"ns","name":"web-5f-x","uid":"p1",
  "parentRefs":[{"group":"apps","kind":"ReplicaSet","namespace":"ns","name":"web-5f","uid":"r1"}],
  "info":[{"name":"Status Reason","value":"Running"},{"name":"Containers","value":"2/2"},
          {"name":"Restart Count","value":"3"}],
  "images":["ghcr.io/x/web:1"],"health":{"status":"Healthy"},"createdAt":"2026-01-01T00:00:00Z"},
 {"group":"gateway.networking.k8s.io","version":"v1","kind":"HTTPRoute","namespace":"ns",
  "name":"web","health":{"status":"Missing"}}],
 "orphanedNodes":[{"group":"external-secrets.io","version":"v1","kind":"ExternalSecret",
  "namespace":"ns","name":"token","uid":"e1","health":{"status":"Healthy","message":"ok"}}]})";

}  // namespace

TEST_SUITE("api::argocd_tree_json") {
    TEST_CASE("a tree's nodes and orphaned nodes, with parents, info and health") {
        auto tree = parse_resource_tree(kTree);
        REQUIRE(tree.ok());
        REQUIRE(tree->size() == 5);
        const auto& pod = (*tree)[2];
        CHECK(pod.kind == "Pod");
        CHECK(pod.group.empty());
        CHECK(pod.parents.size() == 1);
        CHECK(pod.parents[0].uid == "r1");
        CHECK(pod.info.at("Containers") == "2/2");
        CHECK(pod.images == std::vector<std::string>{"ghcr.io/x/web:1"});
        CHECK((*tree)[3].uid.empty());  // managed, missing from the cluster
        CHECK((*tree)[3].health_status == "Missing");
        CHECK((*tree)[4].orphaned);
        CHECK_FALSE((*tree)[0].orphaned);
    }

    TEST_CASE("healthy nodes become snapshot objects with only what the tree vouches for") {
        auto tree = parse_resource_tree(kTree);
        REQUIRE(tree.ok());
        const Pod pod = pod_from_node((*tree)[2]);
        CHECK(pod.phase == "Running");
        CHECK(pod.ready);
        REQUIRE(pod.containers.size() == 2);
        CHECK(pod.containers[0].restart_count == 3);
        CHECK(pod.meta.owners.at(0).name == "web-5f");
        // The Deployment counts the healthy pod below its ReplicaSet.
        const Workload w = workload_from_node((*tree)[0], *tree);
        CHECK(w.desired == 1);
        CHECK(w.available == 1);
        const ExternalSecret es = external_secret_from_node((*tree)[4]);
        CHECK(es.api_version == "external-secrets.io/v1");
        REQUIRE(es.conditions.size() == 1);
        CHECK(es.conditions[0].status == "True");
    }

    TEST_CASE("a pod the tree does not call Healthy is not ready; hostile counts read as 0") {
        TreeNode node;
        node.kind = "Pod";
        node.name = "p";
        node.health_status = "Degraded";
        node.info["Containers"] = "1/99999999";
        node.info["Restart Count"] = "-5";
        const Pod pod = pod_from_node(node);
        CHECK_FALSE(pod.ready);
        CHECK(pod.phase == "Pending");
        CHECK(pod.containers.empty());
    }

    TEST_CASE("a tree's cycle of owners ends the walk") {
        auto tree = parse_resource_tree(R"({"nodes":[
          {"kind":"Deployment","group":"apps","version":"v1","name":"d","uid":"d"},
          {"kind":"ReplicaSet","name":"a","uid":"a","parentRefs":[{"kind":"ReplicaSet","uid":"b"}]},
          {"kind":"ReplicaSet","name":"b","uid":"b","parentRefs":[{"kind":"ReplicaSet","uid":"a"}]},
          {"kind":"Pod","name":"p","uid":"p","health":{"status":"Healthy"},
           "parentRefs":[{"kind":"ReplicaSet","uid":"a"}]}]})");
        REQUIRE(tree.ok());
        CHECK(workload_from_node((*tree)[0], *tree).desired == 0);
    }

    TEST_CASE("hostile trees are errors: wrong types, no name, not JSON, too deep") {
        CHECK_FALSE(parse_resource_tree("").ok());
        CHECK_FALSE(parse_resource_tree("<html>Argo CD</html>").ok());
        CHECK_FALSE(parse_resource_tree("[]").ok());
        CHECK_FALSE(parse_resource_tree(R"({"nodes":"x"})").ok());
        CHECK_FALSE(parse_resource_tree(R"({"nodes":[{"kind":"Pod"}]})").ok());
        CHECK_FALSE(parse_resource_tree(R"({"nodes":[{"kind":"Pod","name":7}]})").ok());
        CHECK_FALSE(
            parse_resource_tree(R"({"nodes":[{"kind":"Pod","name":"p","health":"x"}]})").ok());
        CHECK_FALSE(parse_resource_tree(std::string(100000, '[')).ok());
        CHECK(parse_resource_tree("{}").ok());
    }

    TEST_CASE("a tree over the node limit is an error, not a cut list") {
        std::string body = R"({"nodes":[)";
        for (std::size_t i = 0; i <= kMaxTreeNodes; ++i) {
            body += (i == 0 ? "" : ",") + std::string(R"({"kind":"Pod","name":"p"})");
        }
        body += "]}";
        auto tree = parse_resource_tree(body);
        REQUIRE_FALSE(tree.ok());
        CHECK(tree.error().message.find("more than") != std::string::npos);
    }

    TEST_CASE("a live manifest becomes a one-item list the Kubernetes parsers read") {
        auto doc = live_manifest_as_list(
            R"({"manifest":"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\"},\"status\":{\"phase\":\"Running\"}}"})",
            "Pod", "p");
        REQUIRE(doc.ok());
        auto pods = parse_pod_list(*doc);
        REQUIRE(pods.ok());
        REQUIRE(pods->size() == 1);
        CHECK(pods->front().phase == "Running");
    }

    TEST_CASE("a live manifest of another object, or no manifest string, is refused") {
        const char* other =
            R"({"manifest":"{\"kind\":\"Pod\",\"metadata\":{\"name\":\"victim\"}}"})";
        auto swapped = live_manifest_as_list(other, "Pod", "p");
        REQUIRE_FALSE(swapped.ok());
        CHECK(swapped.error().message.find("victim") != std::string::npos);
        CHECK_FALSE(live_manifest_as_list(R"({"manifest":"{\"kind\":\"Secret\",)"
                                          R"(\"metadata\":{\"name\":\"p\"}}"})",
                                          "Pod", "p")
                        .ok());
        CHECK_FALSE(live_manifest_as_list(R"({"manifest":{"kind":"Pod"}})", "Pod", "p").ok());
        CHECK_FALSE(live_manifest_as_list(R"({"manifest":"[1]"})", "Pod", "p").ok());
        CHECK_FALSE(live_manifest_as_list(R"({"manifest":"not json"})", "Pod", "p").ok());
        CHECK_FALSE(live_manifest_as_list(R"({})", "Pod", "p").ok());
        // An injection attempt stays one string, parsed on its own: no second item appears.
        CHECK_FALSE(
            live_manifest_as_list(R"({"manifest":"{\"kind\":\"Pod\"}]},{\"x\":1"})", "Pod", "p")
                .ok());
    }

    TEST_CASE("a log stream joins its contents up to the last message") {
        auto log =
            parse_log_stream(R"({"result":{"content":"one","podName":"p","last":false}})"
                             "\n"
                             R"({"result":{"content":"WRONGPASS","podName":"p","last":false}})"
                             "\n"
                             R"({"result":{"content":"","podName":"","last":true}})"
                             "\n"
                             R"({"result":{"content":"after last","podName":"p","last":false}})");
        REQUIRE(log.ok());
        CHECK(*log == "one\nWRONGPASS\n");
    }

    TEST_CASE("a log stream's refusal or error is an error; hostile lines too") {
        auto refused = parse_log_stream(
            R"({"result":{"content":"previous terminated container \"c\" in pod \"p\" not found","podName":"","last":false}})");
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message.find("previous terminated container") != std::string::npos);
        auto failed = parse_log_stream(
            R"({"error":{"grpc_code":7,"http_code":403,"message":"permission denied: logs, get"}})");
        REQUIRE_FALSE(failed.ok());
        CHECK(failed.error().message.find("permission denied") != std::string::npos);
        CHECK_FALSE(parse_log_stream("not json\n").ok());
        CHECK_FALSE(parse_log_stream(R"({"result":{"content":5,"podName":"p"}})").ok());
        CHECK_FALSE(parse_log_stream(R"({"other":1})").ok());
        CHECK(parse_log_stream("").ok());
    }
}
