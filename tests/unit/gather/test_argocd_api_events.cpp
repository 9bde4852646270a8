// Which objects of an Argo CD resource tree get an events call (one per workload short of pods),
// the bound on those calls, and what the snapshot then says it covers.

#include <memory>
#include <string>
#include <vector>

#include "gather/argocd_api_events.hpp"
#include "unit/support/fake_transport.hpp"
#include <doctest/doctest.h>

namespace {

using namespace preview;
using preview::testing::FakeTransport;
using preview::testing::json_response;

TreeNode node(std::string kind, std::string name, std::string health, std::string uid = "") {
    TreeNode n;
    n.group = kind == "Pod" || kind == "Service" ? "" : "apps";
    n.version = "v1";
    n.kind = std::move(kind);
    n.namespace_name = "homerun2-core-catcher-pr-7";
    n.name = std::move(name);
    n.uid = uid.empty() ? "uid-" + n.name : std::move(uid);
    n.health_status = std::move(health);
    return n;
}

TreeNode child_of(TreeNode n, const TreeNode& parent) {
    n.parents.push_back({parent.kind, parent.name, parent.uid});
    return n;
}

std::vector<std::string> keys(const std::vector<TreeNode>& nodes) {
    std::vector<std::string> out;
    for (const auto& n : nodes) {
        out.push_back(n.kind + "/" + n.name);
    }
    return out;
}

TEST_CASE("short_of_pods: the ReplicaSets and StatefulSets Argo CD does not call Healthy") {
    const TreeNode catcher = node("Deployment", "catcher", "Progressing");
    const TreeNode pitcher = node("Deployment", "pitcher", "Healthy");
    const TreeNode lonely = node("Deployment", "lonely", "Degraded");  // no ReplicaSet yet
    const std::vector<TreeNode> tree{
        catcher,
        child_of(node("ReplicaSet", "catcher-new", "Progressing"), catcher),
        child_of(node("ReplicaSet", "catcher-old", "Healthy"), catcher),
        pitcher,
        child_of(node("ReplicaSet", "pitcher-1", "Healthy"), pitcher),
        lonely,
        node("StatefulSet", "redis", "Degraded"),
        node("StatefulSet", "paused", "Suspended"),
        node("StatefulSet", "missing", "Missing", "-"),  // managed, not in the cluster
        node("Pod", "catcher-new-x", "Progressing"),
        node("ReplicaSet", "no-health", ""),
    };
    std::vector<TreeNode> nodes = tree;
    nodes[8].uid.clear();
    // Degraded first, then by kind and name; the Deployment with a ReplicaSet is left to it.
    CHECK(keys(short_of_pods(nodes)) == std::vector<std::string>{"Deployment/lonely",
                                                                 "StatefulSet/redis",
                                                                 "ReplicaSet/catcher-new"});
}

TEST_CASE("short_of_pods: a healthy tree asks for no events") {
    const TreeNode d = node("Deployment", "catcher", "Healthy");
    CHECK(short_of_pods({d, child_of(node("ReplicaSet", "catcher-1", "Healthy"), d),
                         node("StatefulSet", "redis", "Healthy")})
              .empty());
}

TEST_CASE("short_of_pods: a ReplicaSet known by its parent's name only still counts") {
    TreeNode d = node("Deployment", "catcher", "Progressing");
    TreeNode rs = node("ReplicaSet", "catcher-1", "Progressing");
    rs.parents.push_back({"Deployment", "catcher", ""});
    CHECK(keys(short_of_pods({d, rs})) == std::vector<std::string>{"ReplicaSet/catcher-1"});
}

struct EventsWorld {
    FakeTransport http;
    ArgocdEndpoint endpoint{{"https://argocd.test", "argocd.test", "test", false, false, false},
                            "token",
                            "test",
                            {},
                            std::chrono::milliseconds(30000)};
    Targets targets = [] {
        Targets t;
        t.namespace_name = "homerun2-core-catcher-pr-7";
        t.argocd_namespace = "argocd";
        return t;
    }();
    std::shared_ptr<ApiEvents> state = std::make_shared<ApiEvents>();

    static std::string path(const std::string& name) {
        return "/api/v1/applications/catcher/events?resourceNamespace=homerun2-core-catcher-pr-7"
               "&resourceName=" +
               name + "&resourceUID=uid-" + name + "&appNamespace=argocd";
    }

    void run(const std::vector<TreeNode>& tree) {
        FetchRounds rounds(http);
        add_event_reads(rounds, endpoint, targets, "catcher", tree, state);
        rounds.run();
    }
};

constexpr const char* kQuotaEvents = R"({"metadata":{},"items":[
  {"metadata":{"name":"rs-0.a"},"involvedObject":{"kind":"ReplicaSet","name":"rs-0","uid":"uid-rs-0"},
   "type":"Warning","reason":"FailedCreate","message":"Error creating: exceeded quota: pr-preview",
   "count":17,"lastTimestamp":"2026-01-01T00:00:00Z"},
  {"metadata":{"name":"rs-0.b"},"involvedObject":{"kind":"ReplicaSet","name":"rs-0","uid":"uid-rs-0"},
   "type":"Normal","reason":"SuccessfulCreate","message":"Created pod: rs-0-x"},
  {"metadata":{"name":"other.c"},"involvedObject":{"kind":"ReplicaSet","name":"other","uid":"u"},
   "type":"Warning","reason":"FailedCreate","message":"not asked for"}]})";

TEST_CASE("add_event_reads: one call per object, at most kMaxEventReads, the rest said") {
    EventsWorld w;
    std::vector<TreeNode> tree;
    for (std::size_t i = 0; i < kMaxEventReads + 2; ++i) {
        tree.push_back(node("ReplicaSet", "rs-" + std::to_string(i), "Progressing"));
    }
    w.http.expect("GET", EventsWorld::path("rs-0"), json_response(200, kQuotaEvents));
    w.http.expect("GET", EventsWorld::path("rs-1"),
                  json_response(403, R"({"error":"permission denied","code":7,)"
                                     R"("message":"permission denied"})"));
    for (std::size_t i = 2; i < kMaxEventReads; ++i) {
        w.http.expect("GET", EventsWorld::path("rs-" + std::to_string(i)),
                      json_response(200, R"({"metadata":{},"items":null})"));
    }
    w.run(tree);
    CHECK(w.http.problems() == "");
    CHECK(w.state->asked.size() == kMaxEventReads);

    Snapshot snap;
    fill_api_events(*w.state, snap);
    REQUIRE(snap.events.ok());
    // Only the Warning events of the object asked about.
    REQUIRE(snap.events->size() == 1);
    CHECK(snap.events->front().reason == "FailedCreate");
    CHECK(snap.events->front().object_name == "rs-0");
    CHECK(snap.events->front().count == 17);
    CHECK_FALSE(snap.sources.events_namespace_wide);
    CHECK(snap.sources.events_of.size() == kMaxEventReads - 1);
    CHECK(snap.sources.events_unread.at("ReplicaSet/rs-1").find("permission denied") !=
          std::string::npos);
    const std::string over = "ReplicaSet/rs-" + std::to_string(kMaxEventReads);
    CHECK(snap.sources.events_unread.at(over).find("more than") != std::string::npos);
}

TEST_CASE("add_event_reads: a name or uid no query may carry is not asked about") {
    EventsWorld w;
    TreeNode bad_uid = node("ReplicaSet", "rs-a", "Progressing", "uid&x=1");
    TreeNode bad_name = node("ReplicaSet", "RS_B", "Progressing");
    w.run({bad_uid, bad_name});
    CHECK(w.http.requests().empty());
    Snapshot snap;
    fill_api_events(*w.state, snap);
    CHECK_FALSE(snap.events.ok());
    CHECK(snap.sources.events_unread.size() == 2);
}

TEST_CASE("fill_api_events: nothing short of pods leaves the events not gathered") {
    EventsWorld w;
    w.run({node("ReplicaSet", "rs-a", "Healthy")});
    CHECK(w.http.requests().empty());
    Snapshot snap;
    snap.events = Snapshot::not_read("the Argo CD API lists no namespace events");
    fill_api_events(*w.state, snap);
    REQUIRE_FALSE(snap.events.ok());
    CHECK(snap.events.error().not_gathered);
    CHECK(snap.sources.events_namespace_wide);
}

TEST_CASE("fill_api_events: every call failed is the piece's error") {
    EventsWorld w;
    w.http.expect("GET", EventsWorld::path("rs-a"),
                  json_response(403, R"({"error":"permission denied","code":7,)"
                                     R"("message":"permission denied"})"));
    w.run({node("ReplicaSet", "rs-a", "Degraded")});
    Snapshot snap;
    fill_api_events(*w.state, snap);
    REQUIRE_FALSE(snap.events.ok());
    CHECK_FALSE(snap.events.error().not_gathered);
    CHECK(snap.events.error().message.find("ReplicaSet rs-a") != std::string::npos);
}

}  // namespace
