#pragma once

// The requests a healthy PR 42 preview (homerun2 core-catcher, built-in profile without URL and
// artifacts) costs, with their answers from tests/fixtures made well: the base that gather and
// command tests change one answer of. `doctor` finds nothing on it and `up` calls it ready.

#include <functional>
#include <string>

#include "unit/support/fake_transport.hpp"
#include <nlohmann/json_fwd.hpp>

#include "preview/io/kubeconfig.hpp"

namespace preview::testing {

inline constexpr const char* kRepo = "/repos/stuttgart-things/homerun2-core-catcher";
inline constexpr const char* kHead = "9f3c2e1a7b4d5c6e8f90a1b2c3d4e5f6a7b8c9d0";  // the fixture's
inline constexpr const char* kArgo = "/apis/argoproj.io/v1alpha1/namespaces/argocd";
inline constexpr const char* kNs = "homerun2-core-catcher-pr-42";

/// "/apis/apps/v1/namespaces/homerun2-core-catcher-pr-42/deployments".
inline std::string ns_path(const std::string& api, const std::string& plural) {
    return api + "/namespaces/" + kNs + "/" + plural;
}

/// A kube context `context` for the cluster at `server` (no credentials).
inline KubeEndpoint kube_endpoint(const std::string& server, const std::string& context) {
    KubeEndpoint e;
    e.context = context;
    e.server = server;
    return e;
}

/// Where each service answers ("host" or "host:port").
struct PreviewHosts {
    std::string github;
    std::string argocd;
    std::string workload;
};

/// Expects the read of the PR's issue events (the label's history, for a timeline) once.
void expect_label_events(FakeTransport& fake);

/// Changes one item of a Kubernetes list.
using ItemEdit = std::function<void(nlohmann::json& item)>;

/// The list in tests/fixtures/`fixture` with `edit` applied to each item, as a 200 answer.
HttpResponse edited_fixture(const std::string& fixture, const ItemEdit& edit);

/// Expects each request of a healthy snapshot once: the PR open and labelled, its required
/// checks passed, every Application Synced and Healthy, the workloads ready, the seed Job done.
void expect_healthy_preview(FakeTransport& fake,
                            const PreviewHosts& hosts = {"api.github.test", "cluster.test",
                                                         "cluster.test"});

}  // namespace preview::testing
