#include "../support/fake_transport.hpp"
#include <doctest/doctest.h>

#include "preview/io/conditional_client.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

HttpResponse answer(long status, std::string body, std::vector<Header> headers = {}) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

HttpRequest get(std::string url) {
    HttpRequest r;
    r.url = std::move(url);
    return r;
}

}  // namespace

TEST_SUITE("io::conditional_client") {
    TEST_CASE("a repeated GET carries If-None-Match, and a 304 hands on the cached body") {
        FakeTransport fake;
        fake.expect("GET", "/repos/o/r/pulls/1", answer(200, "{\"n\":1}", {{"etag", "W/\"a\""}}));
        fake.expect("GET", "/repos/o/r/pulls/1", answer(304, ""))
            .with_header("If-None-Match", "W/\"a\"");
        auto client = make_conditional_client(borrow(fake), "https://api.example");
        auto first = client->perform(get("https://api.example/repos/o/r/pulls/1"));
        REQUIRE(first.ok());
        CHECK_FALSE(first->not_modified);
        auto second = client->perform(get("https://api.example/repos/o/r/pulls/1"));
        REQUIRE(second.ok());
        CHECK(second->status == 200);
        CHECK(second->body == "{\"n\":1}");
        CHECK(second->not_modified);
        CHECK(fake.problems() == "");
    }

    TEST_CASE("other origins and methods pass through untouched") {
        FakeTransport fake;
        fake.expect("GET", "/x", answer(200, "a", {{"etag", "\"1\""}})).repeatedly();
        auto client = make_conditional_client(borrow(fake), "https://api.example");
        client->perform(get("https://other.example/x"));
        client->perform(get("https://other.example/x"));
        REQUIRE(fake.requests().size() == 2);
        CHECK(fake.requests()[1].headers.empty());
    }
}
