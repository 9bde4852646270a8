#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "preview/api/api_errors.hpp"

namespace preview {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

bool contains(const std::string& text, std::string_view needle) {
    return text.find(needle) != std::string::npos;
}

constexpr std::string_view kWhat = R"(list pods in namespace "homerun2-core-catcher-pr-42")";

// 2026-08-21T14:00:00Z
constexpr std::int64_t kNow = 1787320800;

}  // namespace

TEST_SUITE("api::errors") {
    TEST_CASE("kube 401 Unauthorized") {
        const Error e = classify_kube_error(
            401,
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401})",
            kWhat);
        CHECK(e.kind == ErrorKind::auth);
        CHECK(e.http_status == 401);
        CHECK(e.reason == "Unauthorized");
        CHECK(
            contains(e.message, R"(cannot list pods in namespace "homerun2-core-catcher-pr-42")"));
        CHECK(contains(e.hint, "log in again"));
        CHECK(contains(e.hint, "kubeconfig"));
    }

    TEST_CASE("kube 403 Forbidden quotes the Status message") {
        const Error e = classify_kube_error(
            403,
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \"system:serviceaccount:ci:preview\" cannot list resource \"pods\" in API group \"\" in the namespace \"homerun2-core-catcher-pr-42\"","reason":"Forbidden","details":{"kind":"pods"},"code":403})",
            kWhat);
        CHECK(e.kind == ErrorKind::permission);
        CHECK(e.reason == "Forbidden");
        CHECK(contains(
            e.message,
            R"(cannot list resource "pods" in API group "" in the namespace "homerun2-core-catcher-pr-42")"));
        CHECK(contains(e.hint, "RBAC"));
    }

    TEST_CASE("kube 404 for an object and for an API that is not served") {
        const Error object = classify_kube_error(
            404,
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"applications.argoproj.io \"homerun2-core-catcher-pr-42\" not found","reason":"NotFound","details":{"name":"homerun2-core-catcher-pr-42","group":"argoproj.io","kind":"applications"},"code":404})",
            "read Application argocd/homerun2-core-catcher-pr-42");
        CHECK(object.kind == ErrorKind::not_found);
        CHECK(contains(object.message,
                       R"(applications.argoproj.io "homerun2-core-catcher-pr-42" not found)"));
        CHECK(object.hint.empty());

        const Error api = classify_kube_error(
            404,
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404})",
            "list ExternalSecrets in namespace x");
        CHECK(api.kind == ErrorKind::not_found);
        CHECK(contains(api.hint, "CRD"));

        const Error plain = classify_kube_error(404, "404 page not found\n", "list x");
        CHECK(plain.kind == ErrorKind::not_found);
        CHECK(contains(plain.message, "404 page not found"));
    }

    TEST_CASE("kube 409 Conflict, 410 Expired, 422 Invalid") {
        const Error conflict = classify_kube_error(
            409,
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on httproutes.gateway.networking.k8s.io \"homerun2-core-catcher\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","details":{"name":"homerun2-core-catcher","group":"gateway.networking.k8s.io","kind":"httproutes"},"code":409})",
            "annotate HTTPRoute homerun2-core-catcher");
        CHECK(conflict.kind == ErrorKind::api);
        CHECK(conflict.reason == "Conflict");
        CHECK(contains(conflict.message, "the object has been modified"));

        const Error expired = classify_kube_error(
            410,
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.","reason":"Expired","code":410})",
            kWhat);
        CHECK(expired.kind == ErrorKind::api);
        CHECK(expired.reason == "Expired");
        CHECK(contains(expired.hint, "retry"));

        const Error invalid = classify_kube_error(
            422,
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"HTTPRoute.gateway.networking.k8s.io \"homerun2-core-catcher\" is invalid: metadata.annotations: Invalid value: \"reconcile bump\": name part must consist of alphanumeric characters","reason":"Invalid","details":{"name":"homerun2-core-catcher","group":"gateway.networking.k8s.io","kind":"HTTPRoute","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: \"reconcile bump\": name part must consist of alphanumeric characters","field":"metadata.annotations"},{"reason":"FieldValueRequired","message":"Required value","field":"spec.parentRefs"}]},"code":422})",
            "annotate HTTPRoute homerun2-core-catcher");
        CHECK(invalid.kind == ErrorKind::api);
        CHECK(invalid.reason == "Invalid");
        CHECK(contains(invalid.message, "metadata.annotations: Invalid value"));
        CHECK(contains(invalid.message, "spec.parentRefs: Required value"));
    }

    TEST_CASE("kube 429 and 5xx") {
        const Error throttled = classify_kube_error(
            429,
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Too many requests, please try again later.","reason":"TooManyRequests","details":{"causes":[{"message":"The server is currently throttling this client"}],"retryAfterSeconds":1},"code":429})",
            kWhat);
        CHECK(throttled.kind == ErrorKind::api);
        CHECK(contains(throttled.message, "Too many requests"));
        CHECK(contains(throttled.hint, "retry in 1 s"));

        const Error internal = classify_kube_error(
            500,
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Internal error occurred: failed calling webhook \"validate.kyverno.svc-fail\": failed to call webhook: Post \"https://kyverno-svc.kyverno.svc:443/validate/fail?timeout=10s\": context deadline exceeded","reason":"InternalError","details":{"causes":[{"message":"failed calling webhook \"validate.kyverno.svc-fail\": failed to call webhook: Post \"https://kyverno-svc.kyverno.svc:443/validate/fail?timeout=10s\": context deadline exceeded"}]},"code":500})",
            "annotate HTTPRoute homerun2-core-catcher");
        CHECK(internal.kind == ErrorKind::api);
        CHECK(internal.reason == "InternalError");
        CHECK(contains(internal.message, "failed calling webhook"));
        CHECK(contains(internal.hint, "webhook"));

        const Error unavailable = classify_kube_error(
            503,
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server is currently unable to handle the request","reason":"ServiceUnavailable","details":{},"code":503})",
            kWhat);
        CHECK(unavailable.kind == ErrorKind::api);
        CHECK(contains(unavailable.message, "unable to handle the request"));
    }

    TEST_CASE("kube: the Status reason beats the HTTP code") {
        const Error e = classify_kube_error(
            500,
            R"({"kind":"Status","status":"Failure","message":"nope","reason":"Forbidden","code":500})",
            kWhat);
        CHECK(e.kind == ErrorKind::permission);
    }

    TEST_CASE("kube: an HTML page from a proxy") {
        const Error e = classify_kube_error(
            502,
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 "
            "Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
            kWhat);
        CHECK(e.kind == ErrorKind::api);
        CHECK(e.http_status == 502);
        CHECK(contains(e.message, "expected a Kubernetes API answer"));
        CHECK(contains(e.message, "but got an HTML page"));
        CHECK(contains(e.message, "502 Bad Gateway"));
        CHECK(contains(e.message, "(HTTP 502)"));
        CHECK_FALSE(contains(e.message, "<center>"));
        CHECK(contains(e.hint, "server URL"));
        CHECK(contains(e.hint, "proxy"));
        // Even for 401/403: an HTML page is not an API answer.
        CHECK(classify_kube_error(403, "<!DOCTYPE html><html><body>Denied</body></html>", kWhat)
                  .kind == ErrorKind::api);
    }

    TEST_CASE("kube: an empty body is classified by the status code") {
        CHECK(classify_kube_error(401, "", kWhat).kind == ErrorKind::auth);
        CHECK(classify_kube_error(403, "", kWhat).kind == ErrorKind::permission);
        CHECK(classify_kube_error(504, "", kWhat).kind == ErrorKind::api);
    }

    TEST_CASE("github answers by status: kind, reason, what the message and the hint say") {
        struct Case {
            const char* name;
            int status;
            Headers headers;
            std::string body;
            std::string what;
            ErrorKind kind;
            std::string reason;  // not checked when empty
            std::vector<std::string> in_message;
            std::vector<std::string> in_hint;
        };
        const Case cases[] = {
            {"401 Bad credentials",
             401,
             {{"content-type", "application/json; charset=utf-8"}},
             R"({"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"})",
             "read pull request stuttgart-things/homerun2-core-catcher#42",
             ErrorKind::auth,
             "",
             {"Bad credentials"},
             {"GH_TOKEN", "GITHUB_TOKEN", "gh auth login"}},
            {"403 secondary rate limit",
             403,
             {{"retry-after", "60"}, {"x-ratelimit-remaining", "4873"}},
             R"({"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID DEAD:BEEF:1234:5678:66C5F1E2.","documentation_url":"https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits","status":"403"})",
             "add label preview",
             ErrorKind::api,
             "SecondaryRateLimit",
             {"secondary rate limit", "retry after 60 s"},
             {}},
            {"other 403 is a permission error",
             403,
             {{"x-accepted-github-permissions", "issues=write; pull_requests=write"}},
             R"({"message":"Resource not accessible by personal access token","documentation_url":"https://docs.github.com/rest/issues/labels#add-labels-to-an-issue","status":"403"})",
             "add label preview to #42",
             ErrorKind::permission,
             "",
             {"Resource not accessible by personal access token"},
             {"issues=write"}},
            {"404 hints at a private repository",
             404,
             {},
             R"({"message":"Not Found","documentation_url":"https://docs.github.com/rest/pulls/pulls#get-a-pull-request","status":"404"})",
             "read pull request stuttgart-things/private#42",
             ErrorKind::not_found,
             "",
             {},
             {"private", "token"}},
            {"422 includes the errors detail",
             422,
             {},
             R"({"message":"Validation Failed","errors":[{"resource":"Label","code":"invalid","field":"name"},{"resource":"Issue","code":"custom","field":"labels","message":"labels must be unique"}],"documentation_url":"https://docs.github.com/rest/issues/labels#add-labels-to-an-issue","status":"422"})",
             "add label preview to #42",
             ErrorKind::api,
             "",
             {"Validation Failed", "Label.name: invalid", "Issue.labels: labels must be unique"},
             {}},
        };
        for (const Case& c : cases) {
            SUBCASE(c.name) {
                const Error e = classify_github_error(c.status, c.headers, c.body, c.what, kNow);
                CHECK(e.kind == c.kind);
                if (!c.reason.empty()) {
                    CHECK(e.reason == c.reason);
                }
                for (const auto& part : c.in_message) {
                    CHECK_MESSAGE(contains(e.message, part), part);
                }
                for (const auto& part : c.in_hint) {
                    CHECK_MESSAGE(contains(e.hint, part), part);
                }
            }
        }
    }

    TEST_CASE("github 403 primary rate limit") {
        const Headers headers = {{"x-ratelimit-limit", "5000"},
                                 {"x-ratelimit-remaining", "0"},
                                 {"x-ratelimit-reset", "1787321525"},  // 14:12:05 UTC
                                 {"x-ratelimit-used", "5000"},
                                 {"x-ratelimit-resource", "core"}};
        const Error e = classify_github_error(
            403, headers,
            R"({"message":"API rate limit exceeded for user ID 62734261. If you reach out to GitHub Support for help, please include the request ID ABCD:1234:5678:9ABC:66C5F1E2 and timestamp 2026-08-21 14:00:00 UTC.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api","status":"403"})",
            "list check runs", kNow);
        CHECK(e.kind == ErrorKind::api);
        CHECK(contains(e.message,
                       "GitHub API rate limit exhausted; resets at 14:12:05 UTC (in 13 min)"));

        const Error anonymous = classify_github_error(
            429, {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1787320800"}},
            R"json({"message":"API rate limit exceeded for 203.0.113.7. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"})json",
            "list check runs", kNow);
        CHECK(anonymous.kind == ErrorKind::api);
        CHECK(contains(anonymous.message, "resets at 14:00:00 UTC (now)"));
        CHECK(contains(anonymous.hint, "GH_TOKEN"));
    }

    TEST_CASE("github rate limit: only a numeric x-ratelimit-limit is quoted (fuzz regression)") {
        // Found by fuzz_api_errors (fuzz/corpus/api_errors/regress_ratelimit_limit_not_utf8): the
        // hint quoted the raw header, and a byte that is not UTF-8 made every JSON dump of the
        // error throw.
        const Error e = classify_github_error(
            403, {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-limit", "\xc3"}}, "", kWhat, kNow);
        CHECK(e.reason == "RateLimitExceeded");
        CHECK(e.hint == "wait for the reset");
        CHECK_NOTHROW((void)nlohmann::json(e.hint).dump());

        const Error numeric = classify_github_error(
            403, {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-limit", " 5000 "}}, "", kWhat,
            kNow);
        CHECK(numeric.hint == "wait for the reset (this token may send 5000 requests per hour)");
    }

    TEST_CASE("github HTML and 5xx") {
        const Error e = classify_github_error(
            502, {{"content-type", "text/html"}},
            "<!DOCTYPE html>\n<html>\n  <head>\n    <meta http-equiv=\"Content-Type\" "
            "content=\"text/html; charset=utf-8\">\n    <title>Unicorn! &middot; GitHub</title>\n"
            "  </head>\n  <body><p>No server is currently available to service your request.</p>"
            "</body>\n</html>\n",
            "list check runs", kNow);
        CHECK(e.kind == ErrorKind::api);
        CHECK(contains(e.message, "expected a GitHub API answer"));
        CHECK(contains(e.message, "HTML page"));
        CHECK(contains(e.message, "(HTTP 502)"));
        CHECK_FALSE(contains(e.message, "<p>"));

        const Error json = classify_github_error(500, {}, R"({"message":"Server Error"})",
                                                 "list check runs", kNow);
        CHECK(json.kind == ErrorKind::api);
        CHECK(contains(json.message, "HTTP 500"));
        CHECK(contains(json.message, "Server Error"));
    }

    TEST_CASE("unexpected 2xx bodies: one sentence, no dump") {
        const Error html = unexpected_body(
            "read pull request #42", 200,
            "<!DOCTYPE html><html><head><title>Sign in to GitHub · GitHub</title></head><body>" +
                std::string(5000, 'x') + "</body></html>");
        CHECK(html.kind == ErrorKind::api);
        CHECK(html.http_status == 200);
        CHECK(contains(html.message, "cannot read pull request #42"));
        CHECK(contains(html.message, "an HTML page titled \"Sign in to GitHub · GitHub\""));
        CHECK(contains(html.message, "(HTTP 200)"));
        CHECK(html.message.size() < 200);
        CHECK(html.message.find('\n') == std::string::npos);

        const Error truncated =
            unexpected_body("list pods", 200, R"({"kind":"PodList","items":[{"meta)");
        CHECK(contains(truncated.message, "truncated JSON"));
        CHECK(contains(truncated.hint, "retry"));

        const Error empty = unexpected_body("list pods", 200, "");
        CHECK(contains(empty.message, "an empty body"));

        const Error array = unexpected_body("read pull request #42", 200, "[]");
        CHECK(contains(array.message, "a JSON array"));

        const Error text = unexpected_body("list pods", 200,
                                           "upstream connect error or disconnect/reset before "
                                           "headers. reset reason: connection termination\n" +
                                               std::string(1000, 'y'));
        CHECK(contains(text.message, "text that is not JSON"));
        CHECK(text.message.size() < 160);

        const Error status = unexpected_body(
            "list pods", 0, R"({"kind":"Status","status":"Failure","message":"x"})");
        CHECK(contains(status.message, "\"Status\""));
        CHECK_FALSE(contains(status.message, "HTTP"));
    }

    TEST_CASE("excerpts stay valid UTF-8 and single-line") {
        std::string garbage = "\xff\xfe bad \xc3( \x01\x02 line\nsecond line";
        const Error e = unexpected_body("list pods", 200, garbage);
        CHECK(e.message.find('\n') == std::string::npos);
        CHECK(e.message.find('\xff') == std::string::npos);
        CHECK(e.message.find('\x01') == std::string::npos);
    }
}

}  // namespace preview
