#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "unit/api/test_fixture.hpp"
#include <doctest/doctest.h>

#include "preview/api/api_errors.hpp"
#include "preview/api/github_json.hpp"
#include "preview/api/kube_json.hpp"
#include "preview/api/link_header.hpp"
#include "preview/api/www_authenticate.hpp"

namespace preview {
namespace {

using test::fixture;

// Every parser, run for its error (or value); returns the error message or "" on success.
std::vector<std::pair<std::string, std::function<std::string(std::string_view)>>> parsers() {
    auto message = [](const auto& result) {
        return result.ok() ? std::string() : result.error().message;
    };
    return {
        {"pull_request", [=](std::string_view b) { return message(parse_pull_request(b)); }},
        {"check_runs", [=](std::string_view b) { return message(parse_check_runs(b)); }},
        {"bot_comment",
         [=](std::string_view b) { return message(parse_bot_comment(b, "<!-- m -->", {})); }},
        {"labels", [=](std::string_view b) { return message(parse_labels(b)); }},
        {"issue_prs", [=](std::string_view b) { return message(parse_issue_pull_requests(b)); }},
        {"application", [=](std::string_view b) { return message(parse_application(b)); }},
        {"application_list",
         [=](std::string_view b) { return message(parse_application_list(b)); }},
        {"application_set", [=](std::string_view b) { return message(parse_application_set(b)); }},
        {"namespace", [=](std::string_view b) { return message(parse_namespace(b)); }},
        {"deployments",
         [=](std::string_view b) { return message(parse_workload_list(b, "Deployment")); }},
        {"statefulsets",
         [=](std::string_view b) { return message(parse_workload_list(b, "StatefulSet")); }},
        {"pods", [=](std::string_view b) { return message(parse_pod_list(b)); }},
        {"external_secrets",
         [=](std::string_view b) { return message(parse_external_secret_list(b)); }},
        {"jobs", [=](std::string_view b) { return message(parse_job_list(b)); }},
        {"routes", [=](std::string_view b) { return message(parse_http_route_list(b)); }},
        {"events", [=](std::string_view b) { return message(parse_event_list(b)); }},
    };
}

const std::vector<std::string>& all_fixtures() {
    static const std::vector<std::string> names = {
        "github/pull_request_open.json",
        "github/pull_request_closed.json",
        "github/pull_request_merged.json",
        "github/check_runs.json",
        "github/issue_comments.json",
        "github/labels.json",
        "github/issues_labelled_preview.json",
        "kube/application_pr42_healthy.json",
        "kube/application_pr42_core_catcher_comparison_error.json",
        "kube/application_list_pr42.json",
        "kube/applicationset_error_occurred.json",
        "kube/applicationset_healthy.json",
        "kube/namespace_active.json",
        "kube/namespace_terminating.json",
        "kube/deployment_list.json",
        "kube/statefulset_list.json",
        "kube/pod_list.json",
        "kube/external_secret_list.json",
        "kube/job_list_seed_complete.json",
        "kube/job_list_seed_failed.json",
        "kube/job_list_seed_running.json",
        "kube/http_route_list.json",
        "kube/event_list_warnings.json",
    };
    return names;
}

// Runs everything that takes untrusted text; nothing may throw or crash.
void run_all(std::string_view body) {
    for (const auto& [name, parse] : parsers()) {
        CAPTURE(name);
        CHECK_NOTHROW((void)parse(body));
    }
    CHECK_NOTHROW((void)list_continue_token(body));
    CHECK_NOTHROW((void)classify_kube_error(500, body, "x"));
    CHECK_NOTHROW((void)classify_github_error(403, {{"x-ratelimit-remaining", "0"}}, body, "x", 0));
    CHECK_NOTHROW((void)unexpected_body("x", 200, body));
    CHECK_NOTHROW((void)next_link(body));
    CHECK_NOTHROW((void)parse_bearer_challenge(body));
}

// A small deterministic generator (xorshift), so failures reproduce.
struct Rng {
    std::uint64_t state;
    std::uint64_t next() {
        state ^= state << 13u;
        state ^= state >> 7u;
        state ^= state << 17u;
        return state;
    }
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
};

}  // namespace

TEST_SUITE("api::kube") {
    TEST_CASE("malformed bodies are errors, never crashes") {
        const std::vector<std::string> bodies = {
            "",
            "   ",
            "[]",
            "{}",
            "null",
            "42",
            "\"text\"",
            "true",
            R"({"kind":"PodList","items":[{"metadata":{"na)",
            "<html><head><title>502 Bad Gateway</title></head></html>",
            R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods is forbidden","reason":"Forbidden","code":403})",
            R"({"items":{}})",
            R"({"items":[1,2,3]})",
            R"({"items":[{"metadata":{"name":7}}]})",
            R"({"metadata":[],"items":[]})",
            "{\"items\":[],\"x\":\"\xff\"}",
        };
        for (const std::string& body : bodies) {
            CAPTURE(body);
            for (const auto& [name, parse] : parsers()) {
                CAPTURE(name);
                std::string message;
                CHECK_NOTHROW(message = parse(body));
                // "{}" and empty lists are fine for some parsers; everything else must fail.
                if (body != "{}" && body != "[]" && body != R"({"metadata":[],"items":[]})") {
                    CHECK_FALSE(message.empty());
                }
                CHECK(message.find('\n') == std::string::npos);
            }
            run_all(body);
        }
    }

    TEST_CASE("wrong field types name the resource and the field") {
        const auto dep = parse_workload_list(
            R"({"kind":"DeploymentList","items":[{"metadata":{"name":"homerun2-core-catcher"},
                "spec":{"replicas":"3"}}]})",
            "Deployment");
        REQUIRE_FALSE(dep.ok());
        CHECK(dep.error().kind == ErrorKind::api);
        CHECK(
            dep.error().message ==
            R"(cannot read Deployment "homerun2-core-catcher": field spec.replicas is a string, expected an integer)");

        const auto pod = parse_pod_list(
            R"({"kind":"PodList","items":[{"metadata":{"name":"p"},"status":{"containerStatuses":
                [{"name":"c","restartCount":1.5}]}}]})");
        REQUIRE_FALSE(pod.ok());
        CHECK(pod.error().message.find(
                  R"(Pod "p": field status.containerStatuses[0].restartCount is a number)") !=
              std::string::npos);

        const auto app = parse_application(
            R"({"kind":"Application","metadata":{"name":"a"},"status":{"conditions":"oops"}})");
        REQUIRE_FALSE(app.ok());
        CHECK(app.error().message.find("status.conditions is a string, expected an array") !=
              std::string::npos);

        const auto pr = parse_pull_request(R"({"number":42,"labels":[{"name":["x"]}]})");
        REQUIRE_FALSE(pr.ok());
        CHECK(pr.error().message.find("pull request #42: field labels[0].name is an array") !=
              std::string::npos);

        const auto ns = parse_namespace(R"({"kind":"Namespace","metadata":{"name":"n"},
                                            "status":"Active"})");
        REQUIRE_FALSE(ns.ok());
        CHECK(ns.error().message.find("field status is a string, expected an object") !=
              std::string::npos);

        const auto big = parse_job_list(
            R"({"kind":"JobList","items":[{"metadata":{"name":"j"},"status":{"failed":99999999999}}]})");
        REQUIRE_FALSE(big.ok());
        CHECK(big.error().message.find("status.failed is out of range") != std::string::npos);
    }

    TEST_CASE("objects without a name and lists of the wrong kind") {
        const auto nameless = parse_pod_list(R"({"kind":"PodList","items":[{"metadata":{}}]})");
        REQUIRE_FALSE(nameless.ok());
        CHECK(nameless.error().message.find("Pod #0: has no metadata.name") != std::string::npos);

        const auto status = parse_application(
            R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":"applications.argoproj.io \"x\" not found","reason":"NotFound","code":404})");
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().message.find("expected an Application but got a Status") !=
              std::string::npos);

        CHECK_FALSE(parse_pod_list(R"({"kind":"Table","apiVersion":"meta.k8s.io/v1"})").ok());
        CHECK_FALSE(parse_pod_list(R"({"kind":"PodList"})").ok());  // no items
        CHECK(parse_pod_list(R"({"kind":"PodList","items":null})").ok());

        CHECK_FALSE(parse_pull_request(R"({"message":"Not Found"})").ok());
        CHECK_FALSE(parse_issue_pull_requests(R"({"message":"Bad credentials"})").ok());
    }

    TEST_CASE("truncated and mutated fixtures never crash") {
        Rng rng{0x9e3779b97f4a7c15ull};
        for (const std::string& name : all_fixtures()) {
            CAPTURE(name);
            const std::string text = fixture(name);
            // Every truncation point near the start and the end, and ~12 in between: enough to
            // cut inside every kind of token while keeping the suite fast (fuzzing goes deeper).
            const std::size_t stride = std::max<std::size_t>(1, text.size() / 12);
            for (std::size_t cut = 0; cut < text.size();
                 cut += (cut < 8 || cut + 8 > text.size()) ? 1 : 1 + rng.below(stride)) {
                const std::string_view head(text.data(), cut);
                for (const auto& [parser, parse] : parsers()) {
                    (void)parse(head);
                }
                (void)list_continue_token(head);
            }
            // Random byte mutations, including structural characters.
            static constexpr char kInteresting[] = "{}[]\":,0-.e\\n\xff\x00";
            for (int round = 0; round < 10; ++round) {
                std::string mutated = text;
                for (int flips = 1 + static_cast<int>(rng.below(4)); flips > 0; --flips) {
                    mutated[rng.below(mutated.size())] =
                        kInteresting[rng.below(sizeof(kInteresting) - 1)];
                }
                run_all(mutated);
            }
        }
    }

    TEST_CASE("deeply nested input") {
        const std::string deep = std::string(100000, '[') + std::string(100000, ']');
        run_all(deep);
        const std::string open_only(100000, '{');
        run_all(open_only);
    }
}

}  // namespace preview
