#pragma once

// What a command's run_* needs to run on the in-memory transport: a kubeconfig with one cluster
// (https://cluster.test, a static token) for both Argo CD and the workload, a profile without
// URL and artifacts, GitHub at api.github.test, a fixed clock and pauses that take no time;
// CommandRun runs one command so.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "unit/io/test_kubeconfig_support.hpp"
#include "unit/support/fake_transport.hpp"
#include <nlohmann/json.hpp>

#include "preview/cli/context.hpp"
#include "preview/cli/exit_codes.hpp"

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

/// One run of a command on `fake` (prepare_command's files, -o `format`): its output, its exit
/// code (a Failure's, which `failure` keeps), and every pause it asked for, none of which waits.
struct CommandRun {
    using Command = std::function<ExitCode(GlobalFlags&, AppContext&)>;

    preview::test::TempDir dir;
    std::ostringstream out;
    std::ostringstream err;
    GlobalFlags flags;
    ExitCode code = ExitCode::ok;
    std::optional<Error> failure;
    std::vector<std::chrono::milliseconds> pauses;

    CommandRun(FakeTransport& fake, OutputFormat format, const Command& command) {
        flags.output = format;
        AppContext ctx(out, err);
        prepare_command(dir, flags, ctx);
        ctx.http_client = [&fake](const HttpClientOptions&) { return borrow(fake); };
        ctx.sleep = [this](std::chrono::milliseconds d) { pauses.push_back(d); };
        try {
            code = command(flags, ctx);
        } catch (const Failure& f) {
            failure = f.error;
            code = exit_code_for(f.error);
        }
    }

    /// stdout as one JSON document.
    nlohmann::json json() const { return nlohmann::json::parse(out.str()); }

    /// stdout's JSON lines (a follow's events).
    std::vector<nlohmann::json> json_lines() const {
        std::vector<nlohmann::json> lines;
        std::istringstream in(out.str());
        for (std::string line; std::getline(in, line);) {
            lines.push_back(nlohmann::json::parse(line));
        }
        return lines;
    }
};

}  // namespace preview::testing
