#pragma once

// The requests a healthy PR 42 preview (homerun2 core-catcher, built-in profile without URL and
// artifacts) costs, with their answers from tests/fixtures: the base that gather and command
// tests change one answer of.

#include <string>

#include "unit/support/fake_transport.hpp"

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

/// Expects each request of a healthy snapshot once, answered from the fixtures.
void expect_healthy_preview(FakeTransport& fake, const PreviewHosts& hosts);

}  // namespace preview::testing
