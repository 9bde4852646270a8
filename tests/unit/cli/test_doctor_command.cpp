// `preview doctor` end to end on the in-memory transport: flags, profile and kubeconfig are real
// files, every request is answered by the fake, nothing reaches a network.

#include <string>
#include <vector>

#include "unit/support/command_setup.hpp"
#include "unit/support/fake_transport.hpp"
#include "unit/support/healthy_preview.hpp"
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "preview/cli/doctor_command.hpp"

namespace {

using namespace preview;
using namespace preview::testing;

const std::string kRoutes = ns_path("/apis/gateway.networking.k8s.io/v1", "httproutes");
const std::string kStaleRoute = kRoutes + "/homerun2-core-catcher";

/// `doctor 42` (-o json), with --fix --yes when `fix`.
CommandRun::Command doctor(bool fix = false) {
    return [fix](GlobalFlags& flags, AppContext& ctx) {
        DoctorOptions options;
        options.pr = "42";
        options.fix = fix;
        options.yes = fix;
        return run_doctor(options, flags, ctx);
    };
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

/// The ids of the checks with `status`.
std::vector<std::string> checks_with(const nlohmann::json& doc, const std::string& status) {
    std::vector<std::string> ids;
    for (const auto& c : doc["checks"]) {
        if (c["status"] == status) {
            ids.push_back(c["id"].get<std::string>());
        }
    }
    return ids;
}

/// The preview's first snapshot finds the core-catcher's HTTPRoute with the stale
/// ResolvedRefs=False BackendNotFound of the fixture although its Service exists (what
/// `--fix` bumps); the snapshots after it read the route resolved.
void route_stale_at_first(FakeTransport& fake) {
    fake.answer_first(kRoutes, fixture_response("kube/http_route_list.json"));
    // The route's cause: whether its backend Service exists.
    std::string items;
    for (const char* name : {"homerun2-core-catcher", "homerun2-omni-pitcher"}) {
        items += std::string(items.empty() ? "" : ",") + R"({"metadata":{"name":")" + name +
                 R"(","namespace":")" + kNs +
                 R"("},"spec":{"ports":[{"name":"http","port":80,"targetPort":8080}]}})";
    }
    fake.expect(
        "GET", ns_path("/api/v1", "services") + "?limit=500",
        json_response(200, R"({"kind":"ServiceList","apiVersion":"v1","items":[)" + items + "]}"));
}

/// The merge patch `--fix` sends to bump the stale route.
Expectation& expect_route_bump(FakeTransport& fake, HttpOutcome answer) {
    return fake.expect("PATCH", kStaleRoute + "?fieldManager=preview", std::move(answer))
        .with_header("Content-Type", "application/merge-patch+json")
        .with_body(R"({"metadata":{"annotations":{"reconcile-bump":"1795449600"}}})");
}

}  // namespace

TEST_SUITE("cli::doctor") {
    TEST_CASE("doctor of a healthy preview: exit 0, no check fails or warns, the -o json fields") {
        FakeTransport fake;
        expect_healthy_preview(fake);

        const CommandRun run(fake, OutputFormat::json, doctor());

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        CHECK(run.err.str() == "");
        const auto doc = run.json();
        CHECK(doc["pr"]["repo"] == "stuttgart-things/homerun2-core-catcher");
        CHECK(doc["pr"]["number"] == 42);
        CHECK(doc["pr"]["headSha"] == kHead);
        CHECK(checks_with(doc, "fail").empty());
        CHECK(checks_with(doc, "warn").empty());
        // Only what the built-in profile without URL and artifacts has nothing for.
        CHECK(checks_with(doc, "skip") == std::vector<std::string>{"artifacts", "url"});
        CHECK(doc["summary"]["fail"] == 0);
        CHECK(doc["summary"]["warn"] == 0);
        CHECK(doc["summary"]["pass"] == 14);
    }

    TEST_CASE("a failed seed Job is a failing check: exit 1") {
        FakeTransport fake;
        expect_healthy_preview(fake);
        fake.answer(ns_path("/apis/batch/v1", "jobs"),
                    fixture_response("kube/job_list_seed_failed.json"));

        const CommandRun run(fake, OutputFormat::json, doctor());

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::not_achieved);
        const auto doc = run.json();
        CHECK(checks_with(doc, "fail") == std::vector<std::string>{"seed"});
    }

    TEST_CASE("a refused read skips its checks and exits 3, with the reason on stderr") {
        FakeTransport fake;
        expect_healthy_preview(fake);
        fake.answer(ns_path("/api/v1", "pods"), kube_forbidden("pods"));

        const CommandRun run(fake, OutputFormat::json, doctor());

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::auth);
        CHECK(run.err.str().find("pods is forbidden") != std::string::npos);
        const auto doc = run.json();
        CHECK(doc["summary"]["fail"] == 0);
        CHECK(check_of(doc, "image-pull")["status"] == "skip");
        CHECK(check_of(doc, "image-pull")["cause"].get<std::string>().find("pods") !=
              std::string::npos);
    }
}

TEST_SUITE("cli::doctor --fix") {
    TEST_CASE("--fix bumps the stale route with one merge patch, re-checks it healed: exit 0") {
        FakeTransport fake;
        expect_healthy_preview(fake);
        fake.expect_each(2);  // the checklist's snapshot and the re-check's
        route_stale_at_first(fake);
        expect_route_bump(fake, json_response(200, "{}"));

        const CommandRun run(fake, OutputFormat::json, doctor(true));

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::ok);
        // The patch went out after the first snapshot and before the re-check's.
        std::vector<std::string> methods;
        for (const auto& request : fake.requests()) {
            if (request.url.find("/httproutes") != std::string::npos) {
                methods.push_back(request.method);
            }
        }
        CHECK(methods == std::vector<std::string>{"GET", "PATCH", "GET"});
        CHECK(run.pauses.size() == 1);  // one pause before the re-check, which saw it healed
        const auto doc = run.json();
        CHECK(check_of(doc, "route")["status"] == "fail");
        const auto& fix = doc["fix"];
        CHECK(fix["outcome"] == "applied");
        CHECK(fix["applied"] == true);
        REQUIRE(fix["plan"].size() == 1);
        CHECK(fix["plan"][0]["command"] ==
              "kubectl -n homerun2-core-catcher-pr-42 annotate httproute homerun2-core-catcher "
              "reconcile-bump=1795449600 --overwrite");
        REQUIRE(fix["recheck"].size() == 1);
        CHECK(fix["recheck"][0]["id"] == "route");
        CHECK(fix["recheck"][0]["status"] == "pass");
        CHECK(fix["recheck"][0]["healed"] == true);
        CHECK(run.err.str().find("healed route") != std::string::npos);
    }

    TEST_CASE("--fix whose patch is refused (403 Status) exits 3 and re-checks nothing") {
        FakeTransport fake;
        expect_healthy_preview(fake);
        route_stale_at_first(fake);
        expect_route_bump(fake, kube_forbidden("httproutes.gateway.networking.k8s.io", "patch"));

        const CommandRun run(fake, OutputFormat::json, doctor(true));

        CHECK(fake.problems() == "");
        CHECK(run.code == ExitCode::auth);
        REQUIRE(run.failure.has_value());
        CHECK(run.failure->kind == ErrorKind::permission);
        CHECK(run.failure->message.find("cannot patch resource") != std::string::npos);
        CHECK(run.pauses.empty());
        CHECK(run.err.str().find("The fix makes these changes") != std::string::npos);
    }
}
