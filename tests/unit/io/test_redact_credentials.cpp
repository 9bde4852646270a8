#include <string>

#include <doctest/doctest.h>

#include "preview/io/http.hpp"

using preview::HttpRequest;
using preview::HttpResponse;
using preview::redact_credentials;

namespace {

HttpResponse answer(std::string body, std::vector<preview::Header> headers = {}) {
    HttpResponse response;
    response.status = 401;
    response.body = std::move(body);
    response.headers = std::move(headers);
    return response;
}

}  // namespace

TEST_SUITE("io::http") {
    TEST_CASE("redact_credentials removes a bearer token the server quotes back") {
        HttpRequest request;
        request.bearer_token = "ghp_secretToken0123";
        auto response = answer(R"({"message":"Bad credentials: Bearer ghp_secretToken0123 and )"
                               R"(again ghp_secretToken0123"})",
                               {{"www-authenticate", "Bearer error=\"ghp_secretToken0123\""}});
        redact_credentials(response, request);
        CHECK(response.body ==
              R"({"message":"Bad credentials: Bearer REDACTED and again REDACTED"})");
        CHECK(response.header("www-authenticate") == "Bearer error=\"REDACTED\"");
    }

    TEST_CASE("redact_credentials removes a Basic password, plain and as the header's base64") {
        HttpRequest request;
        request.basic_user = "basic-dev";
        request.basic_password = "basic-password-3f1c";
        // base64("basic-dev:basic-password-3f1c")
        auto response = answer(
            "denied: Basic YmFzaWMtZGV2OmJhc2ljLXBhc3N3b3JkLTNmMWM= "
            "(basic-dev:basic-password-3f1c)");
        redact_credentials(response, request);
        CHECK(response.body == "denied: Basic REDACTED (basic-dev:REDACTED)");
    }

    TEST_CASE("redact_credentials leaves answers without credentials, and short secrets, alone") {
        HttpRequest request;
        request.bearer_token = "tok123";  // too short to tell from ordinary text
        request.basic_user = "alice";
        request.basic_password = "pw";
        const std::string body = R"({"items":[],"note":"tok123 pw YWxpY2U6cHc="})";
        auto response = answer(body);
        redact_credentials(response, request);
        CHECK(response.body == body);

        HttpRequest none;
        auto untouched = answer("token: none");
        redact_credentials(untouched, none);
        CHECK(untouched.body == "token: none");
    }

    TEST_CASE("redact_credentials terminates when the secret contains the replacement") {
        HttpRequest request;
        request.bearer_token = "xREDACTEDx1";
        auto response = answer("a xREDACTEDx1 b xREDACTEDx1");
        redact_credentials(response, request);
        CHECK(response.body == "a REDACTED b REDACTED");
    }
}
