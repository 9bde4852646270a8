// `preview list` end to end on the in-memory transport: flags, profile and kubeconfig are real
// files, every request is answered by the fake, nothing reaches a network.

#include <sstream>
#include <string>
#include <vector>

#include "unit/io/test_kubeconfig_support.hpp"
#include "unit/support/command_setup.hpp"
#include "unit/support/fake_transport.hpp"
#include "unit/support/healthy_preview.hpp"
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "preview/cli/list_command.hpp"

namespace {

using namespace preview;
using preview::testing::FakeTransport;
using preview::testing::fixture_response;
using preview::testing::json_response;

/// One run of `list -R stuttgart-things/homerun2-core-catcher` with the given fake transport.
struct ListRun {
    preview::test::TempDir dir;
    std::ostringstream out;
    std::ostringstream err;
    GlobalFlags flags;
    ExitCode code = ExitCode::ok;

    explicit ListRun(FakeTransport& fake, OutputFormat format = OutputFormat::json) {
        flags.output = format;
        AppContext ctx(out, err);
        preview::testing::prepare_command(dir, flags, ctx);
        flags.repo = "stuttgart-things/homerun2-core-catcher";
        ctx.http_client = [&fake](const HttpClientOptions&) {
            return preview::testing::borrow(fake);
        };
        code = run_list(flags, ctx);
    }
};

/// The listings of one preview, PR 42: its open labelled PR, its Applications, its namespace,
/// and (as one of the Applications is not Synced/Healthy) its pods.
void expect_one_healthy_preview(FakeTransport& fake) {
    fake.expect(
            "GET", std::string(preview::testing::kRepo) + "/pulls?state=open&per_page=100",
            json_response(200, "[" + fixture_response("github/pull_request_open.json").body + "]"))
        .on_host("api.github.test");
    fake.expect("GET",
                std::string(preview::testing::kArgo) +
                    "/applications?labelSelector=homerun2.stuttgart-things.com%2Fpr&limit=500",
                fixture_response("kube/application_list_pr42.json"))
        .on_host("cluster.test");
    fake.expect("GET", "/api/v1/namespaces",
                json_response(200, R"({"kind":"NamespaceList","apiVersion":"v1","items":[)" +
                                       fixture_response("kube/namespace_active.json").body + "]}"))
        .on_host("cluster.test");
    fake.expect("GET", preview::testing::ns_path("/api/v1", "pods") + "?limit=500",
                fixture_response("kube/pod_list.json"))
        .on_host("cluster.test");
}

}  // namespace

TEST_SUITE("cli::list") {
    TEST_CASE("list of one healthy preview: exit 0 and the documented -o json fields") {
        FakeTransport fake;
        expect_one_healthy_preview(fake);

        const ListRun run(fake);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        CHECK(run.err.str() == "");
        const auto doc = nlohmann::json::parse(run.out.str());
        CHECK(doc["repo"] == "stuttgart-things/homerun2-core-catcher");
        CHECK(doc["label"] == "preview");
        REQUIRE(doc["previews"].size() == 1);
        CHECK(doc["previews"][0]["number"] == 42);
        CHECK(doc["orphans"] == 0);
        CHECK(doc["errors"] == nlohmann::json::array());
    }

    TEST_CASE("a namespace without a labelled PR is an orphan, which is no error") {
        FakeTransport fake;
        expect_one_healthy_preview(fake);
        for (auto& e : fake.expectations()) {
            if (e.path == std::string(preview::testing::kRepo) + "/pulls") {
                e.answer = json_response(200, "[]");
            }
        }

        const ListRun run(fake);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        const auto doc = nlohmann::json::parse(run.out.str());
        CHECK(doc["orphans"] == 2);
        REQUIRE(doc["previews"].size() == 1);
        std::vector<std::string> kinds;
        for (const auto& orphan : doc["previews"][0]["orphans"]) {
            kinds.push_back(orphan["kind"].get<std::string>());
        }
        CHECK(kinds == std::vector<std::string>{"namespace-without-pr", "application-without-pr"});
        CHECK(doc["errors"] == nlohmann::json::array());
    }

    TEST_CASE("a refused namespace list is reported, the rest still shown, and exits 3") {
        FakeTransport fake;
        expect_one_healthy_preview(fake);
        for (auto& e : fake.expectations()) {
            if (e.path == "/api/v1/namespaces") {
                e.answer = preview::testing::kube_status(
                    403, "Forbidden",
                    "namespaces is forbidden: User \"dev\" cannot list resource \"namespaces\"");
            }
        }

        const ListRun run(fake);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::auth);
        CHECK(run.err.str().find("namespaces is forbidden") != std::string::npos);
        const auto doc = nlohmann::json::parse(run.out.str());
        REQUIRE(doc["previews"].size() == 1);
        REQUIRE(doc["errors"].size() == 1);
        CHECK(doc["errors"][0]["kind"] == "permission");
    }
}
