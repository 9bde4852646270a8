#include "gather/follow_up_fetch.hpp"

#include <string>

#include "gather/fetch_rounds.hpp"
#include "gather/kube_fetch.hpp"
#include <fmt/format.h>

#include "preview/api/kube_json.hpp"
#include "preview/api/policy_json.hpp"
#include "preview/core/follow_up.hpp"
#include "preview/core/route_claims.hpp"

namespace preview {
namespace {

const GroupVersion kKyverno{"kyverno.io", "v1"};
const GroupVersion kKyvernoV2{"kyverno.io", "v2"};
const GroupVersion kEso{"external-secrets.io", "v1"};
const GroupVersion kGateway{"gateway.networking.k8s.io", "v1"};

void add_policy_reads(FetchRounds& next, const Sources& src, Snapshot& snap) {
    if (!snap.follow_up.update_requests.ok()) {
        return;
    }
    for (const auto& name :
         policies_to_read(*snap.follow_up.update_requests, snap.targets.namespace_name)) {
        auto& out = snap.follow_up.policies.emplace(name, Snapshot::not_read()).first->second;
        next.add(get_object<PolicyObject>(
            src.workload, KubePath::object(kKyverno, "clusterpolicies", "", name),
            fmt::format("read ClusterPolicy {}", name),
            [](std::string_view body) { return parse_policy_object(body, "ClusterPolicy"); }, out));
    }
}

void add_update_requests(FetchRounds& rounds, const Sources& src, Snapshot& snap) {
    Fetch list = list_objects<UpdateRequest>(
        src.workload, KubePath::collection(kKyvernoV2, "updaterequests", kKyvernoNamespace),
        {{"labelSelector", update_request_selector(snap.targets.namespace_name)}},
        fmt::format("list Kyverno UpdateRequests in namespace {}", kKyvernoNamespace),
        [](std::string_view body) { return parse_update_request_list(body); },
        snap.follow_up.update_requests);
    // The policies to read are known once the requests are.
    auto inner = std::move(list.handle);
    list.handle = [inner, &src, &snap](const HttpOutcome& outcome, FetchRounds& next) {
        inner(outcome, next);
        add_policy_reads(next, src, snap);
    };
    rounds.add(std::move(list));
}

void add_store(FetchRounds& rounds, const Sources& src, Snapshot& snap, const StoreRef& ref) {
    auto& out = snap.follow_up.stores.emplace(ref.key(), Snapshot::not_read()).first->second;
    const bool cluster = ref.kind == "ClusterSecretStore";
    rounds.add(get_object<PolicyObject>(
        src.workload,
        KubePath::object(kEso, cluster ? "clustersecretstores" : "secretstores",
                         cluster ? "" : snap.targets.namespace_name, ref.name),
        fmt::format("read {} {}", ref.kind, ref.name),
        [kind = ref.kind](std::string_view body) { return parse_policy_object(body, kind); }, out));
}

}  // namespace

void add_namespace_follow_ups(FetchRounds& rounds, const Sources& src, Snapshot& snap) {
    if (!missing_generated(snap).empty()) {
        add_update_requests(rounds, src, snap);
    }
    for (const auto& ref : failing_stores(snap)) {
        add_store(rounds, src, snap, ref);
    }
}

void gather_follow_up(const Sources& src, Snapshot& snap, bool namespace_ones) {
    FetchRounds rounds(src.http);
    if (namespace_ones) {
        add_namespace_follow_ups(rounds, src, snap);
    }
    if (route_claims_to_read(snap)) {
        // One cluster-wide LIST, only when the URL serves something the accepted routes do not
        // explain: another route may hold the hostname.
        rounds.add(list_objects<HttpRoute>(
            src.workload, KubePath::collection(kGateway, "httproutes", ""), {},
            "list the cluster's HTTPRoutes",
            [](std::string_view body) { return parse_http_route_list(body); },
            snap.follow_up.cluster_routes));
    }
    if (!rounds.empty()) {
        rounds.run();
    }
}

}  // namespace preview
