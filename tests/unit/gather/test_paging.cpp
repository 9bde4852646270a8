// The stop rules of paged Kubernetes lists: a server that pages without end, or in a circle,
// ends in an error naming the list, never in a hang or a silently shorter list.

#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "gather/kube_fetch.hpp"
#include "gather/paging.hpp"
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "preview/core/kube_path.hpp"

namespace preview {
namespace {

/// Answers every request at once with `answer(n, request)`, n counting from 0.
class FakeServer final : public HttpClient, public HttpStream {
  public:
    std::function<std::string(std::size_t, const HttpRequest&)> answer;
    std::vector<std::string> urls;

    std::size_t add(HttpRequest request) override {
        pending_.emplace_back(next_id_, std::move(request));
        return next_id_++;
    }
    void perform_stream(const std::function<void(HttpStream&)>& start,
                        const StreamOutcome& on_outcome) override {
        start(*this);
        while (!pending_.empty()) {
            auto [id, request] = std::move(pending_.front());
            pending_.pop_front();
            urls.push_back(request.url);
            HttpResponse response;
            response.status = 200;
            response.body = answer(urls.size() - 1, request);
            on_outcome(id, std::move(response), *this);
        }
    }
    std::vector<HttpOutcome> perform_all(std::vector<HttpRequest>) override { return {}; }
    std::size_t request_count() const override { return urls.size(); }

  private:
    std::deque<std::pair<std::size_t, HttpRequest>> pending_;
    std::size_t next_id_ = 0;
};

std::string namespace_page(std::size_t first, std::size_t count, const std::string& token) {
    std::string items;
    for (std::size_t i = first; i < first + count; ++i) {
        items +=
            fmt::format("{}{{\"metadata\":{{\"name\":\"ns-{}\"}}}}", items.empty() ? "" : ",", i);
    }
    return fmt::format(
        R"({{"kind":"NamespaceList","apiVersion":"v1","metadata":{{"continue":"{}"}},"items":[{}]}})",
        token, items);
}

Observed<std::vector<Namespace>> list_namespaces(FakeServer& server) {
    KubeEndpoint endpoint;
    endpoint.server = "https://kube.test";
    const Result<KubeEndpoint> ep(endpoint);
    Observed<std::vector<Namespace>> out = Snapshot::not_read();
    FetchRounds rounds(server);
    rounds.add(list_objects<Namespace>(
        ep, KubePath::collection(GroupVersion{"", "v1"}, "namespaces", ""), {},
        "list the namespaces", [](std::string_view body) { return parse_namespace_list(body); },
        out));
    rounds.run();
    return out;
}

bool contains(const std::string& text, std::string_view needle) {
    return text.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("a list follows continue tokens to its end") {
    FakeServer server;
    server.answer = [](std::size_t n, const HttpRequest&) {
        return namespace_page(n * 2, 2, n < 2 ? fmt::format("page-{}", n + 1) : "");
    };
    auto out = list_namespaces(server);
    REQUIRE(out.ok());
    CHECK(out->size() == 6);
    CHECK(server.urls.size() == 3);
    CHECK(contains(server.urls[2], "continue=page-2"));
}

TEST_CASE("a list whose continue token never ends stops after the page cap, as an error") {
    FakeServer server;
    server.answer = [](std::size_t n, const HttpRequest&) {
        return namespace_page(n, 1, fmt::format("token-{}", n));
    };
    auto out = list_namespaces(server);
    REQUIRE_FALSE(out.ok());
    CHECK(server.urls.size() == static_cast<std::size_t>(kMaxListPages));
    CHECK(out.error().kind == ErrorKind::api);
    CHECK(contains(out.error().message, "cannot list the namespaces"));
    CHECK(contains(out.error().message, "did not end after 100 pages"));
    CHECK(contains(out.error().message, "incomplete"));
}

TEST_CASE("a repeated continue token stops the list at once") {
    FakeServer server;
    server.answer = [](std::size_t n, const HttpRequest&) {
        return namespace_page(n, 1, n == 0 ? "a" : n == 1 ? "b" : "a");
    };
    auto out = list_namespaces(server);
    REQUIRE_FALSE(out.ok());
    CHECK(server.urls.size() == 3);
    CHECK(contains(out.error().message, "the same continue token twice"));
}

TEST_CASE("a list with more objects than the item cap is an error, whatever the page size") {
    FakeServer server;
    server.answer = [](std::size_t n, const HttpRequest&) {
        return namespace_page(n * 30'000, 30'000, fmt::format("token-{}", n));
    };
    auto out = list_namespaces(server);
    REQUIRE_FALSE(out.ok());
    CHECK(server.urls.size() == 2);
    CHECK(contains(out.error().message, "more than 50000 objects"));
}

}  // namespace preview
