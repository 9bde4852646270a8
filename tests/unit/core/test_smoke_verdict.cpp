#include <string>

#include <doctest/doctest.h>

#include "preview/core/smoke.hpp"

namespace {

const preview::PrRef kPr{"stuttgart-things", "homerun2-core-catcher", 12};

preview::SmokePlan plan() {
    preview::SmokePlan p;
    p.method = "POST";
    p.send_url = "https://omni-cc-pr-12.example.com/pitch";
    p.expect_url = "https://cc-pr-12.example.com/export?format=json";
    p.env_vars = {"OMNI_PITCHER_TOKEN"};
    p.timeout_seconds = 30;
    return p;
}

preview::SmokeSendResult answered(long status, bool json_error = false, std::string message = {}) {
    preview::SmokeSendResult s;
    s.status = status;
    s.json_error = json_error;
    s.error_message = std::move(message);
    return s;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_SUITE("core::smoke_verdict") {
    TEST_CASE("the message arrived: passed") {
        preview::SmokeReceiveResult r;
        r.found = true;
        r.polls = 2;
        const auto v = preview::judge_smoke(plan(), kPr, answered(200), r);
        CHECK(v.passed);
        CHECK_FALSE(v.failed_step);
    }

    TEST_CASE("401 from the sender: the token variable, credentials") {
        const auto v =
            preview::judge_smoke(plan(), kPr, answered(401, true, "Invalid token"), std::nullopt);
        CHECK_FALSE(v.passed);
        CHECK(v.failed_step == preview::SmokeStep::send);
        CHECK(v.credentials);
        CHECK(has(v.cause, "401 \"Invalid token\""));
        CHECK(has(v.cause, "$OMNI_PITCHER_TOKEN"));
        CHECK(has(v.fix, "export OMNI_PITCHER_TOKEN="));
    }

    TEST_CASE("503 with the API's error body: Redis, see the secrets check") {
        const auto v = preview::judge_smoke(
            plan(), kPr, answered(503, true, "Failed to enqueue message"), std::nullopt);
        CHECK(v.failed_step == preview::SmokeStep::send);
        CHECK_FALSE(v.credentials);
        CHECK(has(v.cause, "Redis"));
        CHECK(has(v.fix, "preview doctor 12 --check secrets"));
    }

    TEST_CASE("503 from the gateway (text): the route, not Redis") {
        const auto v = preview::judge_smoke(
            plan(), kPr, answered(503, false, "no healthy upstream"), std::nullopt);
        CHECK(has(v.cause, "gateway"));
        CHECK_FALSE(has(v.cause, "Redis"));
        CHECK(has(v.fix, "--check route"));
    }

    TEST_CASE("connection refused or TLS: the route") {
        preview::SmokeSendResult s;
        s.transport_error = preview::Error(preview::ErrorKind::network, "connection refused");
        auto v = preview::judge_smoke(plan(), kPr, s, std::nullopt);
        CHECK(v.failed_step == preview::SmokeStep::send);
        CHECK(has(v.cause, "omni-cc-pr-12.example.com could not be reached"));
        CHECK(has(v.fix, "--check route"));
        s.transport_error = preview::Error(preview::ErrorKind::tls, "certificate expired");
        v = preview::judge_smoke(plan(), kPr, s, std::nullopt);
        CHECK(has(v.cause, "TLS certificate"));
    }

    TEST_CASE("400: the profile's body does not fit the API") {
        const auto v = preview::judge_smoke(plan(), kPr, answered(400, true, "Title is required"),
                                            std::nullopt);
        CHECK(has(v.cause, "smoke.send"));
    }

    TEST_CASE("never arrives: the consumer") {
        preview::SmokeReceiveResult r;
        r.polls = 30;
        r.last_status = 200;
        const auto v = preview::judge_smoke(plan(), kPr, answered(200), r);
        CHECK(v.failed_step == preview::SmokeStep::receive);
        CHECK(has(v.cause, "consumer"));
        CHECK(has(v.cause, "within 30 s (30 polls)"));
        CHECK(has(v.fix, "--check workloads"));
    }

    TEST_CASE("the receiver cannot be reached or answers an error") {
        preview::SmokeReceiveResult r;
        r.polls = 1;
        r.transport_error = preview::Error(preview::ErrorKind::network, "connection refused");
        auto v = preview::judge_smoke(plan(), kPr, answered(200), r);
        CHECK(has(v.cause, "receiver at cc-pr-12.example.com could not be reached"));
        r.transport_error.reset();
        r.last_status = 404;
        r.last_message = "404 page not found";
        v = preview::judge_smoke(plan(), kPr, answered(200), r);
        CHECK(has(v.cause, "answered 404"));
    }
}
