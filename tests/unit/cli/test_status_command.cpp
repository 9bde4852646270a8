// `preview status` end to end on the in-memory transport: flags, profile and kubeconfig are
// real files, every request is answered by the fake, nothing reaches a network.

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "unit/io/test_kubeconfig_support.hpp"
#include "unit/support/command_setup.hpp"
#include "unit/support/fake_transport.hpp"
#include "unit/support/healthy_preview.hpp"
#include <doctest/doctest.h>

#include "preview/cli/status_command.hpp"

namespace {

using namespace preview;
using preview::testing::FakeTransport;

/// One run of `status 42` with the given fake transport.
struct StatusRun {
    preview::test::TempDir dir;
    std::ostringstream out;
    std::ostringstream err;
    GlobalFlags flags;
    ExitCode code = ExitCode::ok;

    explicit StatusRun(FakeTransport& fake, OutputFormat format = OutputFormat::table) {
        flags.output = format;
        AppContext ctx(out, err);
        preview::testing::prepare_command(dir, flags, ctx);
        ctx.http_client = [&fake](const HttpClientOptions&) {
            return preview::testing::borrow(fake);
        };
        StatusOptions options;
        options.pr = "42";
        code = run_status(options, flags, ctx);
    }
};

// `status` alone reads the PR's issue events, for its timeline.
void expect_label_events(FakeTransport& fake) {
    fake.expect("GET", std::string(preview::testing::kRepo) + "/issues/42/events?per_page=100",
                preview::testing::fixture_response("github/issue_events.json"));
}

}  // namespace

TEST_SUITE("cli::status") {
    TEST_CASE("status of a healthy preview: one snapshot over the injected transport") {
        FakeTransport fake;
        preview::testing::expect_healthy_preview(
            fake, {"api.github.test", "cluster.test", "cluster.test"});
        expect_label_events(fake);

        const StatusRun run(fake);

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
        preview::testing::expect_healthy_preview(
            fake, {"api.github.test", "cluster.test", "cluster.test"});
        expect_label_events(fake);
        for (auto& e : fake.expectations()) {
            if (e.path == preview::testing::ns_path("/api/v1", "pods")) {
                e.answer = preview::testing::kube_status(
                    403, "Forbidden",
                    "pods is forbidden: User \"dev\" cannot list resource \"pods\"");
            }
        }

        const StatusRun run(fake, OutputFormat::json);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::auth);
        CHECK(run.err.str().find("pods is forbidden") != std::string::npos);
        CHECK(run.out.str().find("\"phase\"") != std::string::npos);
    }
}
