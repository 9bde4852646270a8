// `preview up` and `preview down` on the in-memory transport: the first snapshot, the changes
// they make, their exit codes, and (without --no-wait) the follow: snapshots, woken by watches
// the fake answers at once, judged until the goal or a terminal failure. No pause waits.

#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "unit/support/command_setup.hpp"
#include "unit/support/fake_transport.hpp"
#include "unit/support/healthy_preview.hpp"
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "preview/cli/follow_command.hpp"

namespace {

using namespace preview;
using namespace preview::testing;

constexpr const char* kAppSet =
    "/apis/argoproj.io/v1alpha1/namespaces/argocd/applicationsets/"
    "homerun2-core-catcher-pr-preview";
const std::string kPull = std::string(kRepo) + "/pulls/42";
const std::string kDeployments = ns_path("/apis/apps/v1", "deployments");
const std::string kUrl = "https://cc-pr-42.homerun2-dev.sthings-vsphere.labul.sva.de";

/// `up 42` or `down 42` (-o json); `--no-wait` when `no_wait`.
CommandRun::Command follow(bool up, bool no_wait) {
    return [up, no_wait](GlobalFlags& flags, AppContext& ctx) {
        FollowCommandOptions options;
        options.pr = "42";
        options.no_wait = no_wait;
        options.timeout = "10m";
        return up ? run_up(options, flags, ctx) : run_down(options, flags, ctx);
    };
}

/// As follow(up, false), with the built-in profile's URL (and still no artifacts): `up` then
/// waits for it and prints it.
CommandRun::Command up_with_url() {
    return [](GlobalFlags& flags, AppContext& ctx) {
        std::ofstream(flags.config_path, std::ios::trunc) << "artifacts: []\n";
        return follow(true, false)(flags, ctx);
    };
}

void expect_appset_refresh(FakeTransport& fake) {
    fake.expect("PATCH", std::string(kAppSet) + "?fieldManager=preview", json_response(200, "{}"))
        .with_header("Content-Type", "application/merge-patch+json");
}

/// The PR as GitHub answers it, changed by `edit` (its state, its labels).
HttpResponse pull(const std::function<void(nlohmann::json&)>& edit) {
    auto pr = nlohmann::json::parse(fixture_response("github/pull_request_open.json").body);
    edit(pr);
    return json_response(200, pr.dump());
}

void unlabel(nlohmann::json& pr) {
    pr["labels"] = nlohmann::json::array({{{"name", "bug"}}});
}

/// The `command` of each event, in order.
std::vector<std::string> commands_of(const std::vector<nlohmann::json>& events) {
    std::vector<std::string> commands;
    commands.reserve(events.size());
    for (const auto& e : events) {
        commands.push_back(e.value("command", ""));
    }
    return commands;
}

/// The events of one kind ("phase", "note"; how it ended: "ready", "gone", "failed").
std::vector<nlohmann::json> events_of(const CommandRun& run, const std::string& kind) {
    std::vector<nlohmann::json> found;
    for (const auto& e : run.json_lines()) {
        if (e.value("event", "") == kind) {  // the doctor's findings are a line without one
            found.push_back(e);
        }
    }
    return found;
}

/// The phases the follow entered, in order.
std::vector<std::string> phases_of(const CommandRun& run) {
    std::vector<std::string> phases;
    for (const auto& e : events_of(run, "phase")) {
        phases.push_back(e["phase"].get<std::string>());
    }
    return phases;
}

/// The Deployments of the preview still rolling out: none available yet, none failed.
HttpResponse rolling_deployments() {
    return edited_fixture("kube/deployment_list.json", [](nlohmann::json& d) {
        auto& status = d["status"];
        status["availableReplicas"] = 0;
        status["readyReplicas"] = 0;
        status["unavailableReplicas"] = status["replicas"];
        status["conditions"] = nlohmann::json::array(
            {{{"type", "Progressing"}, {"status", "True"}, {"reason", "ReplicaSetUpdated"}}});
    });
}

/// The probe of the preview URL's /health, answered `status` each of `times` calls.
void expect_url(FakeTransport& fake, long status, int times) {
    fake.expect("GET", "/health", json_response(status, R"({"status":"ok"})"))
        .on_host("cc-pr-42.homerun2-dev.sthings-vsphere.labul.sva.de")
        .times = times;
}

}  // namespace

TEST_SUITE("cli::down") {
    TEST_CASE("down --no-wait removes the label, then refreshes the ApplicationSet: exit 0") {
        FakeTransport fake;
        expect_healthy_preview(fake);
        fake.expect("DELETE", std::string(kRepo) + "/issues/42/labels/preview",
                    json_response(200, "[]"));
        expect_appset_refresh(fake);

        const CommandRun run(fake, OutputFormat::json, follow(false, true));

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        CHECK(run.err.str() == "");
        const auto events = run.json_lines();
        for (const auto& e : events) {
            CHECK(e["event"] == "note");
        }
        CHECK(commands_of(events) ==
              std::vector<std::string>{
                  "gh pr edit 42 --repo stuttgart-things/homerun2-core-catcher --remove-label "
                  "preview",
                  "kubectl -n argocd annotate applicationset homerun2-core-catcher-pr-preview "
                  "argocd.argoproj.io/application-set-refresh=true --overwrite"});
    }

    TEST_CASE("a refused label removal exits 3, and the refresh after it is not sent") {
        FakeTransport fake;
        expect_healthy_preview(fake);
        fake.expect("DELETE", std::string(kRepo) + "/issues/42/labels/preview",
                    github_error(403, "Resource not accessible by integration"));

        const CommandRun run(fake, OutputFormat::json, follow(false, true));

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::auth);
        REQUIRE(run.failure.has_value());
        CHECK(run.failure->message.find("remove the label \"preview\" from #42") !=
              std::string::npos);
    }
}

TEST_SUITE("cli::up") {
    TEST_CASE("up --no-wait on an unlabelled PR adds the label, then refreshes: exit 0") {
        FakeTransport fake;
        expect_healthy_preview(fake);
        fake.answer(kPull, pull(unlabel));
        fake.expect("POST", std::string(kRepo) + "/issues/42/labels", json_response(200, "[]"))
            .with_body(R"({"labels":["preview"]})");
        expect_appset_refresh(fake);

        const CommandRun run(fake, OutputFormat::json, follow(true, true));

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        const auto commands = commands_of(run.json_lines());
        REQUIRE(commands.size() == 2);
        CHECK(commands[0].find("--add-label preview") != std::string::npos);
    }

    TEST_CASE("up refuses a closed PR with exit 2 and changes nothing") {
        FakeTransport fake;
        expect_healthy_preview(fake);
        fake.answer(kPull, pull([](nlohmann::json& pr) { pr["state"] = "closed"; }));

        const CommandRun run(fake, OutputFormat::json, follow(true, true));

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::usage);
        REQUIRE(run.failure.has_value());
        CHECK(run.failure->message.find("closed") != std::string::npos);
        for (const auto& request : fake.requests()) {
            CHECK(request.method == "GET");
        }
    }
}

TEST_SUITE("cli::up following") {
    TEST_CASE("up follows a rollout: a watch wakes it, the next snapshot is ready: exit 0, URL") {
        FakeTransport fake;
        expect_healthy_preview(fake);
        fake.expect_each(3);  // up's first look, the follow's, and the one after the watch
        fake.answer_first(kDeployments, rolling_deployments(), 2);
        expect_url(fake, 503, 2);
        expect_url(fake, 200, 1);
        expect_appset_refresh(fake);
        fake.expect_watch();
        expect_label_events(fake);  // ready: read once, for the timeline

        const CommandRun run(fake, OutputFormat::json, up_with_url());

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        CHECK(run.pauses.empty());
        // The wait watched the Deployments from the list's resourceVersion, among others.
        bool deployments_watched = false;
        for (const auto& url : fake.watched()) {
            deployments_watched =
                deployments_watched || url.find("/deployments?watch=1") != std::string::npos;
        }
        CHECK(deployments_watched);
        CHECK(phases_of(run) == std::vector<std::string>{"deploying", "ready"});
        const auto done = events_of(run, "ready");
        REQUIRE(done.size() == 1);
        CHECK(done[0]["url"] == kUrl);
    }

    TEST_CASE("up stops at a failed seed Job once CI passed: the findings, exit 1, no wait") {
        FakeTransport fake;
        expect_healthy_preview(fake);
        fake.expect_each(3);  // up's first look, the follow's, and the findings' fresh look
        fake.answer(ns_path("/apis/batch/v1", "jobs"),
                    fixture_response("kube/job_list_seed_failed.json"));
        expect_appset_refresh(fake);

        const CommandRun run(fake, OutputFormat::json, follow(true, false));

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::not_achieved);
        CHECK(run.pauses.empty());
        CHECK(fake.watched().empty());
        const auto done = events_of(run, "failed");
        REQUIRE(done.size() == 1);
        CHECK(done[0]["message"].get<std::string>().find("the seed Job seed-test-events failed") !=
              std::string::npos);
        // Then the doctor's findings that explain it: the seed check alone fails.
        const auto lines = run.json_lines();
        REQUIRE(!lines.empty());
        const auto& findings = lines.back();
        REQUIRE(findings["checks"].size() == 1);
        CHECK(findings["checks"][0]["id"] == "seed");
        CHECK(findings["checks"][0]["status"] == "fail");
    }
}

TEST_SUITE("cli::down following") {
    TEST_CASE("down follows the teardown until the Applications and the namespace are gone") {
        FakeTransport fake;
        expect_healthy_preview(fake);
        fake.expect_each(3);  // down's first look, the follow's, and the one after the watch
        // The label is gone from the follow's first look on; Argo CD prunes after the watch.
        fake.answer_after(kPull, 1, pull(unlabel));
        const std::string argo = kArgo;
        fake.answer_after(argo + "/applications", 2,
                          json_response(200, R"({"kind":"ApplicationList","apiVersion":
                            "argoproj.io/v1alpha1","metadata":{"resourceVersion":"48213000"},
                            "items":[]})"));
        fake.answer_after(argo + "/applications/homerun2-core-catcher-pr-42", 2,
                          kube_status(404, "NotFound",
                                      "applications.argoproj.io \"homerun2-core-catcher-pr-42\" "
                                      "not found"));
        fake.answer_after(
            std::string("/api/v1/namespaces/") + kNs, 2,
            kube_status(404, "NotFound", "namespaces \"homerun2-core-catcher-pr-42\" not found"));
        fake.expect("DELETE", std::string(kRepo) + "/issues/42/labels/preview",
                    json_response(200, "[]"));
        expect_appset_refresh(fake);
        fake.expect_watch();

        const CommandRun run(fake, OutputFormat::json, follow(false, false));

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        CHECK(run.pauses.empty());
        CHECK_FALSE(fake.watched().empty());
        // Nothing left of a PR without the label: the preview is no longer requested.
        CHECK(phases_of(run) == std::vector<std::string>{"tearing-down", "not-requested"});
        const auto done = events_of(run, "gone");
        REQUIRE(done.size() == 1);
        CHECK(done[0]["message"] == "Preview #42 is gone after 0s.");
    }
}
