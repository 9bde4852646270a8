// `preview status` end to end on the in-memory transport: flags, profile and kubeconfig are
// real files, every request is answered by the fake, nothing reaches a network.

#include <string>

#include "unit/support/command_setup.hpp"
#include "unit/support/fake_transport.hpp"
#include "unit/support/healthy_preview.hpp"
#include <doctest/doctest.h>

#include "preview/cli/status_command.hpp"

namespace {

using namespace preview;
using namespace preview::testing;

/// `status 42`.
ExitCode status(GlobalFlags& flags, AppContext& ctx) {
    StatusOptions options;
    options.pr = "42";
    return run_status(options, flags, ctx);
}

}  // namespace

TEST_SUITE("cli::status") {
    TEST_CASE("status of a healthy preview: one snapshot over the injected transport") {
        FakeTransport fake;
        expect_healthy_preview(fake);
        expect_label_events(fake);  // status alone reads them, for its timeline

        const CommandRun run(fake, OutputFormat::table, status);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        CHECK(run.err.str() == "");
        CHECK(run.out.str().find("homerun2-core-catcher-pr-42") != std::string::npos);
        for (const auto& request : fake.requests()) {
            const bool to_cluster = request.url.find("cluster.test") != std::string::npos;
            CHECK(request.bearer_token == (to_cluster ? "kube-token-for-tests" : "ghp_test"));
        }
    }

    TEST_CASE("status says which piece it could not read, and exits with its kind") {
        FakeTransport fake;
        expect_healthy_preview(fake);
        expect_label_events(fake);  // status alone reads them, for its timeline
        fake.answer(ns_path("/api/v1", "pods"), kube_forbidden("pods"));

        const CommandRun run(fake, OutputFormat::json, status);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::auth);
        CHECK(run.err.str().find("pods is forbidden") != std::string::npos);
        CHECK(run.out.str().find("\"phase\"") != std::string::npos);
    }
}
