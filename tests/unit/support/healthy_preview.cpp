#include "unit/support/healthy_preview.hpp"

namespace preview::testing {

void expect_healthy_preview(FakeTransport& fake, const PreviewHosts& hosts) {
    const std::string repo = kRepo;
    fake.expect("GET", repo + "/pulls/42", fixture_response("github/pull_request_open.json"))
        .on_host(hosts.github)
        .with_header("Accept", "application/vnd.github+json");
    fake.expect("GET", repo + "/issues/42/comments?per_page=100",
                fixture_response("github/issue_comments.json"));
    fake.expect("GET", repo + "/commits/" + kHead + "/check-runs?filter=latest&per_page=100",
                fixture_response("github/check_runs.json"));
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
                fixture_response("kube/application_list_pr42.json"))
        .on_host(hosts.argocd);
    fake.expect("GET", std::string("/api/v1/namespaces/") + kNs,
                fixture_response("kube/namespace_active.json"))
        .on_host(hosts.workload);
    fake.expect("GET", ns_path("/apis/apps/v1", "deployments") + "?limit=500",
                fixture_response("kube/deployment_list.json"))
        .on_host(hosts.workload);
    fake.expect("GET", ns_path("/apis/apps/v1", "statefulsets") + "?limit=500",
                fixture_response("kube/statefulset_list.json"));
    fake.expect("GET", ns_path("/api/v1", "pods") + "?limit=500",
                fixture_response("kube/pod_list.json"));
    fake.expect("GET", ns_path("/apis/batch/v1", "jobs") + "?limit=500",
                fixture_response("kube/job_list_seed_complete.json"));
    fake.expect("GET", ns_path("/apis/gateway.networking.k8s.io/v1", "httproutes") + "?limit=500",
                fixture_response("kube/http_route_list.json"));
    fake.expect("GET", ns_path("/api/v1", "events") + "?fieldSelector=type%3DWarning&limit=500",
                json_response(200, R"({"kind":"EventList","apiVersion":"v1","items":[]})"));
    fake.expect("GET", ns_path("/apis/external-secrets.io/v1", "externalsecrets") + "?limit=500",
                fixture_response("kube/external_secret_list.json"));
}

}  // namespace preview::testing
