// AfterAll: a follow-up that needs several answers goes out right after the last of them, in the
// same request stream (not after every unrelated request), waits for a fallback read a handler
// adds, and runs once, also when the answers were errors.

#include <string>
#include <vector>

#include "gather/fetch_rounds.hpp"
#include "unit/support/fake_transport.hpp"
#include <doctest/doctest.h>

namespace {

using namespace preview;
using preview::testing::FakeTransport;
using preview::testing::json_response;

/// A GET of https://h.test/<path> that notes `path` in `log` when handled.
Fetch noting(const std::string& path, std::vector<std::string>& log) {
    HttpRequest request;
    request.url = "https://h.test/" + path;
    return Fetch{std::move(request),
                 [&log, path](const HttpOutcome&, FetchRounds&) { log.push_back(path); }};
}

}  // namespace

TEST_SUITE("gather::AfterAll") {
    TEST_CASE("runs once, after the last answer it waits for, and its reads join the stream") {
        FakeTransport http;
        for (const char* path : {"/a", "/b", "/follow-up"}) {
            http.expect("GET", path, json_response(200, "{}"));
        }
        std::vector<std::string> log;
        int runs = 0;
        const AfterAll after([&](FetchRounds& next) {
            ++runs;
            log.emplace_back("then");
            next.add(noting("follow-up", log));
        });
        FetchRounds rounds(http);
        rounds.add(after.wait_for(noting("a", log)));
        rounds.add(after.wait_for(noting("b", log)));
        rounds.run();
        CHECK(http.problems() == "");
        CHECK(runs == 1);
        CHECK(log == std::vector<std::string>{"a", "b", "then", "follow-up"});
    }

    TEST_CASE("a fallback a handler passes through wait_for is waited for too") {
        FakeTransport http;
        http.expect("GET", "/v1", json_response(404, "{}"));
        http.expect("GET", "/v1beta1", json_response(200, "{}"));
        std::vector<std::string> log;
        const AfterAll after([&](FetchRounds&) { log.emplace_back("then"); });
        Fetch first = noting("v1", log);
        auto inner = std::move(first.handle);
        first.handle = [inner, &after, &log](const HttpOutcome& outcome, FetchRounds& next) {
            inner(outcome, next);
            next.add(after.wait_for(noting("v1beta1", log)));
        };
        FetchRounds rounds(http);
        rounds.add(after.wait_for(std::move(first)));
        rounds.run();
        CHECK(http.problems() == "");
        CHECK(log == std::vector<std::string>{"v1", "v1beta1", "then"});
    }

    TEST_CASE("a read that could not be sent counts as answered") {
        FakeTransport http;
        std::vector<std::string> log;
        const AfterAll after([&](FetchRounds&) { log.emplace_back("then"); });
        FetchRounds rounds(http);
        rounds.add(after.wait_for(Fetch{Result<HttpRequest>(Error(ErrorKind::config, "no cluster")),
                                        [&log](const HttpOutcome& outcome, FetchRounds&) {
                                            CHECK_FALSE(outcome.ok());
                                            log.emplace_back("unsent");
                                        }}));
        rounds.run();
        CHECK(http.requests().empty());
        CHECK(log == std::vector<std::string>{"unsent", "then"});
    }
}
