#pragma once

// What a command's run_* needs to run on the in-memory transport: a kubeconfig with one cluster
// (https://cluster.test, a static token) for both Argo CD and the workload, a profile without
// URL and artifacts, GitHub at api.github.test, and a fixed clock. The test sets
// AppContext::http_client.

#include <cstdint>

#include "unit/io/test_kubeconfig_support.hpp"

#include "preview/cli/context.hpp"

namespace preview::testing {

inline constexpr const char* kOneClusterKubeconfig = R"(apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev
  cluster:
    server: https://cluster.test
contexts:
- name: dev
  context:
    cluster: dev
    user: dev
users:
- name: dev
  user:
    token: kube-token-for-tests
)";

/// Writes the files into `dir` and points `flags` and `ctx` at them.
inline void prepare_command(const preview::test::TempDir& dir, GlobalFlags& flags,
                            AppContext& ctx) {
    flags.kubeconfig = dir.write("kubeconfig", kOneClusterKubeconfig);
    flags.config_path = dir.write("preview.yaml", "url: \"\"\nartifacts: []\n");
    flags.github_api_url = "https://api.github.test";
    ctx.env = {{"HOME", dir.path()}, {"GH_TOKEN", "ghp_test"}};
    ctx.working_directory = dir.path();
    ctx.now = [] { return std::int64_t{1795449600}; };
}

}  // namespace preview::testing
