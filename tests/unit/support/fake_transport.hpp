#pragma once

// An in-memory HttpClient for unit tests (gh's httpmock.Registry, ninja's FakeCommandRunner):
// a test lists the calls it expects with their canned answers; the fake answers each request
// from the first matching expectation, answers anything else with a network error, and
// `problems()` names every unexpected request and every expectation not used up.

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "preview/io/http.hpp"

namespace preview::testing {

/// One expected call and its answer.
struct Expectation {
    std::string method = "GET";
    std::string path;                  ///< the URL's path, exactly
    std::optional<std::string> query;  ///< the raw query (no '?'), exactly; nullopt = any
    std::optional<std::string> host;   ///< "host" or "host:port"; nullopt = any
    std::vector<Header> headers;       ///< each must be sent (name case-insensitive)
    std::optional<std::string> body;   ///< exactly, when set
    int times = 1;                     ///< calls it answers; -1 = any number, also none
    HttpOutcome answer = HttpResponse{};
    int calls = 0;

    Expectation& with_query(std::string q) {
        query = std::move(q);
        return *this;
    }
    Expectation& on_host(std::string h) {
        host = std::move(h);
        return *this;
    }
    Expectation& with_header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
    Expectation& with_body(std::string b) {
        body = std::move(b);
        return *this;
    }
    Expectation& repeatedly() {
        times = -1;
        return *this;
    }
};

class FakeTransport final : public HttpClient {
  public:
    /// Expects `method` on `target` ("/path" or "/path?query", the query then matched exactly).
    Expectation& expect(std::string method, const std::string& target, HttpOutcome answer);

    /// The answer of every expectation for `path` (exactly) becomes `outcome`.
    void answer(const std::string& path, const HttpOutcome& outcome);
    /// Every expectation so far answers `times` calls (a command that reads its snapshot
    /// `times` times).
    void expect_each(int times);
    /// The first `calls` requests to `path` get `outcome`; the expectation's own answer comes
    /// after them (a later read that sees the world changed). Its count stays the same.
    void answer_first(const std::string& path, const HttpOutcome& outcome, int calls = 1);
    /// The first `calls` requests to `path` get the expectation's answer, the later ones
    /// `outcome`.
    void answer_after(const std::string& path, int calls, const HttpOutcome& outcome);

    /// Expects one call of watch(): it records the watches' URLs and reports `end` for every
    /// watch, at once. A watch() beyond the expected ones is a problem and throws a network
    /// Failure, so a follow never waits on a watch nobody scripted.
    void expect_watch(WatchEnd end = WatchEnd::changed);

    std::vector<HttpOutcome> perform_all(std::vector<HttpRequest> requests) override;
    void perform_stream(const std::function<void(HttpStream&)>& start,
                        const StreamOutcome& on_outcome) override;
    std::vector<WatchReport> watch(std::vector<WatchRequest> watches,
                                   std::chrono::steady_clock::time_point until,
                                   const std::function<bool()>& keep_going) override;
    std::size_t request_count() const override { return requests_.size(); }

    /// The expectations so far, to change an answer or a count after a shared setup.
    std::deque<Expectation>& expectations() { return expectations_; }
    /// Every request seen, in the order it was answered.
    const std::vector<HttpRequest>& requests() const { return requests_; }
    /// The URL of every watch opened, in order.
    const std::vector<std::string>& watched() const { return watched_; }
    /// "unexpected GET https://h/p?q" and "not called: GET /p" lines; empty when all went as
    /// expected.
    std::string problems() const;

  private:
    HttpOutcome answer(const HttpRequest& request);
    /// The first expectation for `path`; throws std::logic_error when there is none.
    std::deque<Expectation>::iterator expected_on(const std::string& path);

    std::deque<Expectation> expectations_;  ///< stable addresses for the returned references
    std::deque<WatchEnd> watches_;          ///< the expected watch() calls not made yet
    std::vector<HttpRequest> requests_;
    std::vector<std::string> watched_;
    std::vector<std::string> unexpected_;
};

/// A client that forwards to `fake`, for a factory whose product the test cannot keep
/// (AppContext::http_client); `fake` must outlive it.
std::unique_ptr<HttpClient> borrow(FakeTransport& fake);

/// A JSON answer.
HttpResponse json_response(long status, std::string body, std::vector<Header> headers = {});

/// A file under tests/fixtures ("kube/pod_list.json") as a 200 JSON answer.
HttpResponse fixture_response(const std::string& relative_path);

/// The apiserver's Status object for a failed call (code, reason, message).
HttpResponse kube_status(long code, const std::string& reason, const std::string& message);

/// The apiserver's 403 for user "dev": `<resource> is forbidden: User "dev" cannot <verb>
/// resource "<plural>"`, where `resource` is "plural" or "plural.group".
HttpResponse kube_forbidden(const std::string& resource, const std::string& verb = "list");

/// GitHub's error body ({"message": ..., "documentation_url": ...}).
HttpResponse github_error(long status, const std::string& message);

}  // namespace preview::testing
