// `preview up` and `preview down` with --no-wait on the in-memory transport: the first snapshot,
// the changes they make and their exit codes; following (watches, polls) is not run here.

#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "unit/io/test_kubeconfig_support.hpp"
#include "unit/support/command_setup.hpp"
#include "unit/support/fake_transport.hpp"
#include "unit/support/healthy_preview.hpp"
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "preview/cli/follow_command.hpp"

namespace {

using namespace preview;
using preview::testing::FakeTransport;
using preview::testing::json_response;

constexpr const char* kAppSet =
    "/apis/argoproj.io/v1alpha1/namespaces/argocd/applicationsets/"
    "homerun2-core-catcher-pr-preview";

/// One run of `up 42 --no-wait` or `down 42 --no-wait` (-o json); a Failure becomes its exit
/// code.
struct FollowRun {
    preview::test::TempDir dir;
    std::ostringstream out;
    std::ostringstream err;
    GlobalFlags flags;
    ExitCode code = ExitCode::ok;
    std::optional<Error> failure;

    FollowRun(FakeTransport& fake, bool up) {
        flags.output = OutputFormat::json;
        AppContext ctx(out, err);
        preview::testing::prepare_command(dir, flags, ctx);
        ctx.http_client = [&fake](const HttpClientOptions&) {
            return preview::testing::borrow(fake);
        };
        FollowCommandOptions options;
        options.pr = "42";
        options.no_wait = true;
        options.timeout = "10m";
        try {
            code = up ? run_up(options, flags, ctx) : run_down(options, flags, ctx);
        } catch (const Failure& f) {
            failure = f.error;
            code = exit_code_for(f.error);
        }
    }

    /// stdout's JSON events, one a line.
    std::vector<nlohmann::json> events() const {
        std::vector<nlohmann::json> lines;
        std::istringstream in(out.str());
        for (std::string line; std::getline(in, line);) {
            lines.push_back(nlohmann::json::parse(line));
        }
        return lines;
    }
};

void expect_preview(FakeTransport& fake) {
    preview::testing::expect_healthy_preview(fake,
                                             {"api.github.test", "cluster.test", "cluster.test"});
}

void expect_appset_refresh(FakeTransport& fake) {
    fake.expect("PATCH", std::string(kAppSet) + "?fieldManager=preview", json_response(200, "{}"))
        .with_header("Content-Type", "application/merge-patch+json");
}

/// The PR as GitHub answers it, changed by `edit` (its state, its labels).
void answer_pull(FakeTransport& fake, const std::function<void(nlohmann::json&)>& edit) {
    auto pull = nlohmann::json::parse(
        preview::testing::fixture_response("github/pull_request_open.json").body);
    edit(pull);
    for (auto& e : fake.expectations()) {
        if (e.path == std::string(preview::testing::kRepo) + "/pulls/42") {
            e.answer = json_response(200, pull.dump());
        }
    }
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

}  // namespace

TEST_SUITE("cli::down") {
    TEST_CASE("down --no-wait removes the label, then refreshes the ApplicationSet: exit 0") {
        FakeTransport fake;
        expect_preview(fake);
        fake.expect("DELETE", std::string(preview::testing::kRepo) + "/issues/42/labels/preview",
                    json_response(200, "[]"));
        expect_appset_refresh(fake);

        const FollowRun run(fake, false);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        CHECK(run.err.str() == "");
        const auto events = run.events();
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
        expect_preview(fake);
        fake.expect("DELETE", std::string(preview::testing::kRepo) + "/issues/42/labels/preview",
                    preview::testing::github_error(403, "Resource not accessible by integration"));

        const FollowRun run(fake, false);

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
        expect_preview(fake);
        answer_pull(fake, [](nlohmann::json& pull) {
            pull["labels"] = nlohmann::json::array({{{"name", "enhancement"}}});
        });
        fake.expect("POST", std::string(preview::testing::kRepo) + "/issues/42/labels",
                    json_response(200, "[]"))
            .with_body(R"({"labels":["preview"]})");
        expect_appset_refresh(fake);

        const FollowRun run(fake, true);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        const auto commands = commands_of(run.events());
        REQUIRE(commands.size() == 2);
        CHECK(commands[0].find("--add-label preview") != std::string::npos);
    }

    TEST_CASE("up refuses a closed PR with exit 2 and changes nothing") {
        FakeTransport fake;
        expect_preview(fake);
        answer_pull(fake, [](nlohmann::json& pull) { pull["state"] = "closed"; });

        const FollowRun run(fake, true);

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::usage);
        REQUIRE(run.failure.has_value());
        CHECK(run.failure->message.find("closed") != std::string::npos);
        for (const auto& request : fake.requests()) {
            CHECK(request.method == "GET");
        }
    }
}
