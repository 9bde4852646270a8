// `preview doctor` end to end on the in-memory transport: flags, profile and kubeconfig are real
// files, every request is answered by the fake, nothing reaches a network.

#include <functional>
#include <sstream>
#include <string>

#include "unit/io/test_kubeconfig_support.hpp"
#include "unit/support/command_setup.hpp"
#include "unit/support/fake_transport.hpp"
#include "unit/support/healthy_preview.hpp"
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "preview/cli/doctor_command.hpp"

namespace {

using namespace preview;
using preview::testing::FakeTransport;

/// One run of `doctor 42` with the given fake transport.
struct DoctorRun {
    preview::test::TempDir dir;
    std::ostringstream out;
    std::ostringstream err;
    GlobalFlags flags;
    ExitCode code = ExitCode::ok;

    explicit DoctorRun(FakeTransport& fake, OutputFormat format = OutputFormat::json) {
        flags.output = format;
        AppContext ctx(out, err);
        preview::testing::prepare_command(dir, flags, ctx);
        ctx.http_client = [&fake](const HttpClientOptions&) {
            return preview::testing::borrow(fake);
        };
        DoctorOptions options;
        options.pr = "42";
        code = run_doctor(options, flags, ctx);
    }
};

/// The answer of the request to `path` (exactly) becomes `answer`.
void answer(FakeTransport& fake, const std::string& path, const HttpOutcome& outcome) {
    for (auto& e : fake.expectations()) {
        if (e.path == path) {
            e.answer = outcome;
        }
    }
}

/// A fixture with every condition True: a Ready/Available/Accepted variant of a listing.
HttpResponse all_true(const std::string& fixture,
                      const std::function<void(nlohmann::json&)>& also) {
    auto list = nlohmann::json::parse(preview::testing::fixture_response(fixture).body);
    const auto all_conditions_true = [](nlohmann::json& status) {
        if (status.contains("conditions")) {
            for (auto& c : status["conditions"]) {
                c["status"] = "True";
            }
        }
    };
    for (auto& item : list["items"]) {
        auto& status = item["status"];
        all_conditions_true(status);
        if (status.contains("parents")) {  // an HTTPRoute's, per parent Gateway
            for (auto& parent : status["parents"]) {
                all_conditions_true(parent);
            }
        }
        also(item);
    }
    return preview::testing::json_response(200, list.dump());
}

/// The base preview made well: secrets synced, workloads available, pods ready, routes resolved.
void make_healthy(FakeTransport& fake) {
    const auto none = [](nlohmann::json&) {};
    answer(fake, preview::testing::ns_path("/apis/external-secrets.io/v1", "externalsecrets"),
           all_true("kube/external_secret_list.json", none));
    answer(fake, preview::testing::ns_path("/apis/gateway.networking.k8s.io/v1", "httproutes"),
           all_true("kube/http_route_list.json", none));
    answer(fake, preview::testing::ns_path("/apis/apps/v1", "deployments"),
           all_true("kube/deployment_list.json", [](nlohmann::json& d) {
               auto& status = d["status"];
               status["availableReplicas"] = status["replicas"];
               status["readyReplicas"] = status["replicas"];
               status["updatedReplicas"] = status["replicas"];
               status.erase("unavailableReplicas");
           }));
    answer(fake, preview::testing::ns_path("/api/v1", "pods"),
           all_true("kube/pod_list.json", [](nlohmann::json& pod) {
               for (auto& c : pod["status"]["containerStatuses"]) {
                   c["ready"] = true;
                   c["started"] = true;
                   c["restartCount"] = 0;
                   c["state"] = {{"running", {{"startedAt", "2026-08-21T09:13:06Z"}}}};
                   c.erase("lastState");
               }
           }));
}

/// The check `id` of a doctor -o json document.
nlohmann::json check_of(const nlohmann::json& doc, const std::string& id) {
    for (const auto& c : doc["checks"]) {
        if (c["id"] == id) {
            return c;
        }
    }
    return nullptr;
}

}  // namespace

TEST_SUITE("cli::doctor") {
    TEST_CASE("doctor of a healthy preview: exit 0 and the documented -o json fields") {
        FakeTransport fake;
        preview::testing::expect_healthy_preview(
            fake, {"api.github.test", "cluster.test", "cluster.test"});
        make_healthy(fake);

        const DoctorRun run(fake);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        CHECK(run.err.str() == "");
        const auto doc = nlohmann::json::parse(run.out.str());
        CHECK(doc["pr"]["repo"] == "stuttgart-things/homerun2-core-catcher");
        CHECK(doc["pr"]["number"] == 42);
        CHECK(doc["pr"]["headSha"] == preview::testing::kHead);
        REQUIRE(doc["checks"].is_array());
        CHECK(!doc["checks"].empty());
        CHECK(doc["summary"]["fail"] == 0);
        CHECK(doc["summary"]["pass"].get<int>() > 0);
    }

    TEST_CASE("a failed seed Job is a failing check: exit 1") {
        FakeTransport fake;
        preview::testing::expect_healthy_preview(
            fake, {"api.github.test", "cluster.test", "cluster.test"});
        make_healthy(fake);
        answer(fake, preview::testing::ns_path("/apis/batch/v1", "jobs"),
               preview::testing::fixture_response("kube/job_list_seed_failed.json"));

        const DoctorRun run(fake);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::not_achieved);
        const auto doc = nlohmann::json::parse(run.out.str());
        CHECK(doc["summary"]["fail"].get<int>() > 0);
        CHECK(check_of(doc, "seed")["status"] == "fail");
    }

    TEST_CASE("a refused read skips its checks and exits 3, with the reason on stderr") {
        FakeTransport fake;
        preview::testing::expect_healthy_preview(
            fake, {"api.github.test", "cluster.test", "cluster.test"});
        make_healthy(fake);
        answer(
            fake, preview::testing::ns_path("/api/v1", "pods"),
            preview::testing::kube_status(
                403, "Forbidden", "pods is forbidden: User \"dev\" cannot list resource \"pods\""));

        const DoctorRun run(fake);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::auth);
        CHECK(run.err.str().find("pods is forbidden") != std::string::npos);
        const auto doc = nlohmann::json::parse(run.out.str());
        CHECK(doc["summary"]["fail"] == 0);
        CHECK(check_of(doc, "image-pull")["status"] == "skip");
        CHECK(check_of(doc, "image-pull")["cause"].get<std::string>().find("pods") !=
              std::string::npos);
    }
}
