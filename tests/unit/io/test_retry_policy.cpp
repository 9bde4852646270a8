#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "preview/io/retry_policy.hpp"

namespace {

using preview::AttemptFacts;
using preview::RetryPolicy;
using std::chrono::milliseconds;
using std::chrono::seconds;
using Headers = std::vector<std::pair<std::string, std::string>>;

AttemptFacts retryable(int attempt, double jitter = 0.5) {
    AttemptFacts facts;
    facts.retryable = true;
    facts.attempt = attempt;
    facts.max_attempts = 4;
    facts.jitter = jitter;
    return facts;
}

/// 2015-10-21T07:28:00Z, the instant of the HTTP-date below.
const auto kDate = std::chrono::system_clock::from_time_t(1445412480);

}  // namespace

TEST_SUITE("io::retry_policy") {
    TEST_CASE("the backoff doubles per attempt from 250 ms, jittered by half, at most 4 s") {
        const RetryPolicy policy;
        CHECK(policy.backoff(1, 0.5) == milliseconds(250));
        CHECK(policy.backoff(2, 0.5) == milliseconds(500));
        CHECK(policy.backoff(3, 0.5) == milliseconds(1000));
        CHECK(policy.backoff(1, 0.0) == milliseconds(125));
        CHECK(policy.backoff(1, 0.999) == milliseconds(374));
        CHECK(policy.backoff(5, 0.5) == milliseconds(4000));
        CHECK(policy.backoff(40, 0.999) == milliseconds(4000));
    }

    TEST_CASE("a retryable failure waits the backoff until the attempts are used up") {
        const RetryPolicy policy;
        CHECK(policy.next_wait(retryable(1)) == milliseconds(250));
        CHECK(policy.next_wait(retryable(3)) == milliseconds(1000));
        CHECK_FALSE(policy.next_wait(retryable(4)).has_value());
        AttemptFacts final_answer = retryable(1);
        final_answer.retryable = false;
        CHECK_FALSE(policy.next_wait(final_answer).has_value());
        AttemptFacts single = retryable(1);
        single.max_attempts = 1;
        CHECK_FALSE(policy.next_wait(single).has_value());
    }

    TEST_CASE("Retry-After replaces the backoff, within the budget") {
        RetryPolicy policy;
        policy.budget = milliseconds(5000);
        AttemptFacts facts = retryable(1);
        facts.retry_after = seconds(1);
        CHECK(policy.next_wait(facts) == milliseconds(1000));
        facts.retry_after = seconds(0);
        CHECK(policy.next_wait(facts) == milliseconds(0));
        facts.retry_after = seconds(30);
        CHECK_FALSE(policy.next_wait(facts).has_value());
        facts.retry_after = seconds(4);
        facts.waited = milliseconds(1001);
        CHECK_FALSE(policy.next_wait(facts).has_value());
    }

    TEST_CASE("no retry is planned that could not start before the command's deadline") {
        const RetryPolicy policy;
        AttemptFacts facts = retryable(1);
        facts.time_left = milliseconds(251);
        CHECK(policy.next_wait(facts) == milliseconds(250));
        facts.time_left = milliseconds(250);
        CHECK_FALSE(policy.next_wait(facts).has_value());
        facts.time_left = milliseconds(0);
        CHECK_FALSE(policy.next_wait(facts).has_value());
    }

    TEST_CASE("429 and the 5xx answers of an overloaded server are retryable, others not") {
        for (long status : {429L, 500L, 502L, 503L, 504L}) {
            CHECK(preview::is_retryable_status(status));
        }
        for (long status : {200L, 301L, 400L, 401L, 403L, 404L, 409L, 501L}) {
            CHECK_FALSE(preview::is_retryable_status(status));
        }
    }

    TEST_CASE("Retry-After is read as seconds or as an HTTP-date relative to now") {
        CHECK(preview::parse_retry_after({{"Retry-After", " 7 "}}, kDate) == seconds(7));
        CHECK(preview::parse_retry_after({{"retry-after", "0"}}, kDate) == seconds(0));
        const Headers dated{{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}};
        CHECK(preview::parse_retry_after(dated, kDate - seconds(90)) == seconds(90));
        CHECK(preview::parse_retry_after(dated, kDate) == milliseconds(0));
        CHECK(preview::parse_retry_after(dated, kDate + seconds(90)) == milliseconds(0));
        CHECK_FALSE(preview::parse_retry_after({}, kDate).has_value());
        CHECK_FALSE(preview::parse_retry_after({{"Retry-After", "soon"}}, kDate).has_value());
    }
}
