// `preview list` end to end on the in-memory transport: flags, profile and kubeconfig are real
// files, every request is answered by the fake, nothing reaches a network.

#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "unit/support/command_setup.hpp"
#include "unit/support/fake_transport.hpp"
#include "unit/support/healthy_preview.hpp"
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "preview/cli/app.hpp"
#include "preview/cli/list_command.hpp"

namespace {

using namespace preview;
using namespace preview::testing;

/// `list -R stuttgart-things/homerun2-core-catcher`.
ExitCode list(GlobalFlags& flags, AppContext& ctx) {
    flags.repo = "stuttgart-things/homerun2-core-catcher";
    return run_list(flags, ctx);
}

/// The listings of one preview, PR 42: its open labelled PR, its Applications, its namespace,
/// and (as one of the Applications is not Synced/Healthy) its pods.
void expect_one_healthy_preview(FakeTransport& fake) {
    fake.expect(
            "GET", std::string(kRepo) + "/pulls?state=open&per_page=100",
            json_response(200, "[" + fixture_response("github/pull_request_open.json").body + "]"))
        .on_host("api.github.test");
    fake.expect("GET",
                std::string(kArgo) +
                    "/applications?labelSelector=homerun2.stuttgart-things.com%2Fpr&limit=500",
                fixture_response("kube/application_list_pr42.json"))
        .on_host("cluster.test");
    fake.expect("GET", "/api/v1/namespaces",
                json_response(200, R"({"kind":"NamespaceList","apiVersion":"v1","items":[)" +
                                       fixture_response("kube/namespace_active.json").body + "]}"))
        .on_host("cluster.test");
    fake.expect("GET", ns_path("/api/v1", "pods") + "?limit=500",
                fixture_response("kube/pod_list.json"))
        .on_host("cluster.test");
}

}  // namespace

TEST_SUITE("cli::list") {
    TEST_CASE("list of one healthy preview: exit 0 and the documented -o json fields") {
        FakeTransport fake;
        expect_one_healthy_preview(fake);

        const CommandRun run(fake, OutputFormat::json, list);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        CHECK(run.err.str() == "");
        const auto doc = run.json();
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
        fake.answer(std::string(kRepo) + "/pulls", json_response(200, "[]"));

        const CommandRun run(fake, OutputFormat::json, list);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        const auto doc = run.json();
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
        fake.answer("/api/v1/namespaces", kube_forbidden("namespaces"));

        const CommandRun run(fake, OutputFormat::json, list);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::auth);
        CHECK(run.err.str().find("namespaces is forbidden") != std::string::npos);
        const auto doc = run.json();
        REQUIRE(doc["previews"].size() == 1);
        REQUIRE(doc["errors"].size() == 1);
        CHECK(doc["errors"][0]["kind"] == "permission");
    }
}

namespace {

/// `list --all -o json`, through the command line as a user gives it (run_list is one
/// repository's), with prepare_command's files but no profile file: each repository's names come
/// from its built-in profile.
ExitCode list_all(GlobalFlags& flags, AppContext& ctx) {
    const std::vector<std::string> args = {"preview",
                                           "list",
                                           "--all",
                                           "-o",
                                           "json",
                                           "--kubeconfig",
                                           flags.kubeconfig,
                                           "--github-api-url",
                                           flags.github_api_url};
    std::filesystem::remove(flags.config_path);
    std::vector<const char*> argv;
    argv.reserve(args.size());
    for (const auto& a : args) {
        argv.push_back(a.c_str());
    }
    return static_cast<ExitCode>(run_app(static_cast<int>(argv.size()), argv.data(), ctx));
}

/// `text` with every "core-catcher" named "omni-pitcher" (its ApplicationSet, PR, Applications).
std::string as_omni_pitcher(std::string text) {
    for (std::size_t at = 0; (at = text.find("core-catcher", at)) != std::string::npos;) {
        text.replace(at, 12, "omni-pitcher");
    }
    return text;
}

/// Two repositories' ApplicationSets (homerun2-core-catcher with PR 42, homerun2-omni-pitcher
/// with PR 7), each answered by one list: the ApplicationSets, the namespaces, one open-PR list
/// per repository, one Application list for their shared PR label key, and the pods of the one
/// preview whose Application is not Synced.
void expect_two_repositories(FakeTransport& fake) {
    const std::string core_set = fixture_response("kube/applicationset_healthy.json").body;
    fake.expect("GET", std::string(kArgo) + "/applicationsets?limit=500",
                json_response(200, R"({"kind":"ApplicationSetList","apiVersion":
                    "argoproj.io/v1alpha1","metadata":{"resourceVersion":"48212000"},"items":[)" +
                                       core_set + "," + as_omni_pitcher(core_set) + "]}"))
        .on_host("cluster.test");
    auto omni_pr = nlohmann::json::parse(
        as_omni_pitcher(fixture_response("github/pull_request_open.json").body));
    omni_pr["number"] = 7;
    omni_pr["html_url"] = "https://github.com/stuttgart-things/homerun2-omni-pitcher/pull/7";
    fake.expect(
            "GET", std::string(kRepo) + "/pulls?state=open&per_page=100",
            json_response(200, "[" + fixture_response("github/pull_request_open.json").body + "]"))
        .on_host("api.github.test");
    fake.expect("GET", as_omni_pitcher(kRepo) + "/pulls?state=open&per_page=100",
                json_response(200, "[" + omni_pr.dump() + "]"))
        .on_host("api.github.test");
    auto apps = nlohmann::json::parse(fixture_response("kube/application_list_pr42.json").body);
    auto omni_app = nlohmann::json::parse(as_omni_pitcher(apps["items"][0].dump()));
    omni_app["metadata"]["name"] = "homerun2-pr-7";
    omni_app["metadata"]["labels"]["homerun2.stuttgart-things.com/pr"] = "7";
    apps["items"].push_back(omni_app);
    fake.expect("GET",
                std::string(kArgo) +
                    "/applications?labelSelector=homerun2.stuttgart-things.com%2Fpr&limit=500",
                json_response(200, apps.dump()))
        .on_host("cluster.test");
    auto omni_ns = nlohmann::json::parse(fixture_response("kube/namespace_active.json").body);
    omni_ns["metadata"]["name"] = "homerun2-pr-7";
    fake.expect("GET", "/api/v1/namespaces",
                json_response(200, R"({"kind":"NamespaceList","apiVersion":"v1","items":[)" +
                                       fixture_response("kube/namespace_active.json").body + "," +
                                       omni_ns.dump() + "]}"))
        .on_host("cluster.test");
    fake.expect("GET", ns_path("/api/v1", "pods") + "?limit=500",
                fixture_response("kube/pod_list.json"))
        .on_host("cluster.test");
}

}  // namespace

TEST_SUITE("cli::list --all") {
    TEST_CASE("list --all of two repositories: one list per kind, a row per preview") {
        FakeTransport fake;
        expect_two_repositories(fake);

        const CommandRun run(fake, OutputFormat::json, list_all);

        CHECK(fake.problems() == "");  // each list once, nothing else (no read per preview)
        CHECK(fake.requests().size() == 6);
        CHECK(run.code == ExitCode::ok);
        CHECK(run.err.str() == "");
        const auto doc = run.json();
        CHECK(doc["argocdNamespace"] == "argocd");
        CHECK(doc["orphans"] == 0);
        CHECK(doc["errors"] == nlohmann::json::array());
        CHECK(doc["skipped"] == nlohmann::json::array());
        const auto& repos = doc["repositories"];
        REQUIRE(repos.size() == 2);
        const std::vector<std::tuple<std::string, int, std::string, std::string>> rows = {
            {"homerun2-core-catcher", 42, "homerun2-core-catcher-pr-42", "degraded"},
            {"homerun2-omni-pitcher", 7, "homerun2-pr-7", "ready"}};
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& [name, number, ns, phase] = rows[i];
            const auto& repo = repos[i];
            CAPTURE(name);
            CHECK(repo["repo"] == "stuttgart-things/" + name);
            CHECK(repo["profile"] == "built-in profile " + name);
            REQUIRE(repo["applicationSets"].size() == 1);
            CHECK(repo["applicationSets"][0]["name"] == name + "-pr-preview");
            CHECK(repo["applicationSets"][0]["errors"] == nlohmann::json::array());
            const auto& list = repo["list"];
            CHECK(list["repo"] == "stuttgart-things/" + name);
            CHECK(list["label"] == "preview");
            REQUIRE(list["previews"].size() == 1);
            CHECK(list["previews"][0]["number"] == number);
            CHECK(list["previews"][0]["namespace"]["name"] == ns);
            CHECK(list["previews"][0]["phase"] == phase);
            CHECK(list["errors"] == nlohmann::json::array());
        }
    }

    TEST_CASE(
        "list --all: one repository's refused PR list is its error (exit 3), the other shown") {
        FakeTransport fake;
        expect_two_repositories(fake);
        fake.answer(as_omni_pitcher(kRepo) + "/pulls",
                    github_error(403, "Resource not accessible by integration"));

        const CommandRun run(fake, OutputFormat::json, list_all);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::auth);
        CHECK(run.err.str().find("Resource not accessible by integration") != std::string::npos);
        const auto doc = run.json();
        const auto& repos = doc["repositories"];
        REQUIRE(repos.size() == 2);
        CHECK(repos[0]["list"]["previews"].size() == 1);
        CHECK(repos[0]["list"]["errors"] == nlohmann::json::array());
        REQUIRE(repos[1]["list"]["errors"].size() == 1);
        CHECK(repos[1]["list"]["errors"][0]["kind"] == "permission");
        // No PR list: nothing of omni-pitcher is called an orphan.
        CHECK(repos[1]["list"]["orphans"] == 0);
    }
}
