#include "unit/support/healthy_preview.hpp"

#include <nlohmann/json.hpp>

namespace preview::testing {

HttpResponse edited_fixture(const std::string& fixture, const ItemEdit& edit) {
    auto list = nlohmann::json::parse(fixture_response(fixture).body);
    for (auto& item : list["items"]) {
        edit(item);
    }
    return json_response(200, list.dump());
}

namespace {

// The fixtures are PR 42 as it was caught half way (CI running, an image not pushed yet, a route
// that has not resolved its Service): each answer below is its fixture made well.

/// Every condition of `status` True.
void all_conditions_true(nlohmann::json& status) {
    if (status.contains("conditions")) {
        for (auto& c : status["conditions"]) {
            c["status"] = "True";
        }
    }
}

/// `fixture`'s items with every condition True (an HTTPRoute's per parent Gateway too), each
/// then changed by `also`.
HttpResponse all_true(const std::string& fixture, const ItemEdit& also) {
    return edited_fixture(fixture, [&also](nlohmann::json& item) {
        auto& status = item["status"];
        all_conditions_true(status);
        if (status.contains("parents")) {
            for (auto& parent : status["parents"]) {
                all_conditions_true(parent);
            }
        }
        also(item);
    });
}

const ItemEdit kNothingElse = [](nlohmann::json&) {};

/// Every check run completed with success.
HttpResponse checks_passed() {
    auto runs = nlohmann::json::parse(fixture_response("github/check_runs.json").body);
    for (auto& run : runs["check_runs"]) {
        run["status"] = "completed";
        run["conclusion"] = "success";
    }
    return json_response(200, runs.dump());
}

/// The children without the core-catcher's ComparisonError (its kustomize image is pushed now):
/// every one Synced at its target revision.
HttpResponse applications_synced() {
    return edited_fixture("kube/application_list_pr42.json", [](nlohmann::json& app) {
        auto& status = app["status"];
        status.erase("conditions");
        status["sync"]["status"] = "Synced";
        if (!status["sync"].contains("revision")) {
            status["sync"]["revision"] = app["spec"]["source"]["targetRevision"];
        }
    });
}

HttpResponse healthy_deployments() {
    return all_true("kube/deployment_list.json", [](nlohmann::json& d) {
        auto& status = d["status"];
        status["availableReplicas"] = status["replicas"];
        status["readyReplicas"] = status["replicas"];
        status["updatedReplicas"] = status["replicas"];
        status.erase("unavailableReplicas");
    });
}

HttpResponse healthy_pods() {
    return all_true("kube/pod_list.json", [](nlohmann::json& pod) {
        for (auto& c : pod["status"]["containerStatuses"]) {
            c["ready"] = true;
            c["started"] = true;
            c["restartCount"] = 0;
            c["state"] = {{"running", {{"startedAt", "2026-08-21T09:13:06Z"}}}};
            c.erase("lastState");
        }
    });
}

HttpResponse synced_external_secrets() {
    return all_true("kube/external_secret_list.json", kNothingElse);
}

HttpResponse resolved_routes() {
    return all_true("kube/http_route_list.json", kNothingElse);
}

}  // namespace

void expect_label_events(FakeTransport& fake) {
    fake.expect("GET", std::string(kRepo) + "/issues/42/events?per_page=100",
                fixture_response("github/issue_events.json"));
}

void expect_healthy_preview(FakeTransport& fake, const PreviewHosts& hosts) {
    const std::string repo = kRepo;
    fake.expect("GET", repo + "/pulls/42", fixture_response("github/pull_request_open.json"))
        .on_host(hosts.github)
        .with_header("Accept", "application/vnd.github+json");
    fake.expect("GET", repo + "/issues/42/comments?per_page=100",
                fixture_response("github/issue_comments.json"));
    fake.expect("GET", repo + "/commits/" + kHead + "/check-runs?filter=latest&per_page=100",
                checks_passed());
    fake.expect("GET", std::string(kArgo) + "/applicationsets/homerun2-core-catcher-pr-preview",
                fixture_response("kube/applicationset_healthy.json"))
        .on_host(hosts.argocd)
        .with_header("Accept", "application/json");
    fake.expect("GET", std::string(kArgo) + "/applications/homerun2-core-catcher-pr-42",
                fixture_response("kube/application_pr42_healthy.json"))
        .on_host(hosts.argocd);
    fake.expect("GET",
                std::string(kArgo) +
                    "/applications?labelSelector=homerun2.stuttgart-things.com%2Fpr%3D42&limit=500",
                applications_synced())
        .on_host(hosts.argocd);
    fake.expect("GET", std::string("/api/v1/namespaces/") + kNs,
                fixture_response("kube/namespace_active.json"))
        .on_host(hosts.workload);
    fake.expect("GET", ns_path("/apis/apps/v1", "deployments") + "?limit=500",
                healthy_deployments())
        .on_host(hosts.workload);
    fake.expect("GET", ns_path("/apis/apps/v1", "statefulsets") + "?limit=500",
                fixture_response("kube/statefulset_list.json"));
    fake.expect("GET", ns_path("/api/v1", "pods") + "?limit=500", healthy_pods());
    fake.expect("GET", ns_path("/apis/batch/v1", "jobs") + "?limit=500",
                fixture_response("kube/job_list_seed_complete.json"));
    fake.expect("GET", ns_path("/apis/gateway.networking.k8s.io/v1", "httproutes") + "?limit=500",
                resolved_routes());
    fake.expect("GET", ns_path("/api/v1", "events") + "?fieldSelector=type%3DWarning&limit=500",
                json_response(200, R"({"kind":"EventList","apiVersion":"v1","items":[]})"));
    fake.expect("GET", ns_path("/apis/external-secrets.io/v1", "externalsecrets") + "?limit=500",
                synced_external_secrets());
}

}  // namespace preview::testing
