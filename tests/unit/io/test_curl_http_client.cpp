#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "unit/io/support/test_pki.hpp"
#include "unit/io/support/test_server.hpp"
#include <doctest/doctest.h>

#include "preview/io/http.hpp"

namespace {

using preview::ErrorKind;
using preview::HttpClientOptions;
using preview::HttpOutcome;
using preview::HttpRequest;
using preview::make_curl_http_client;
using preview::test::test_pki;
using preview::test::TestServer;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

/// Answers GET `path` with `text`.
void serve_text(TestServer& server, const std::string& path, std::string text) {
    server.server().Get(
        path, [text = std::move(text)](const httplib::Request&, httplib::Response& response) {
            response.set_content(text, "text/plain");
        });
}

HttpRequest get(const std::string& url) {
    HttpRequest request;
    request.url = url;
    return request;
}

long long ms_since(Clock::time_point start) {
    return static_cast<long long>(
        std::chrono::duration_cast<milliseconds>(Clock::now() - start).count());
}

/// Log lines, collected for assertions.
struct LogLines {
    std::mutex mutex;
    std::vector<std::string> lines;

    HttpClientOptions options() {
        HttpClientOptions options;
        options.log = [this](const std::string& line) {
            const std::lock_guard<std::mutex> lock(mutex);
            lines.push_back(line);
        };
        return options;
    }
};

/// The steady clock, except that it jumps over every retry wait it is asked to: retry tests run
/// at network speed, and the waits the transport planned are there to check.
struct SkippingClock final : preview::TransportClock {
    Clock::duration skipped{0};
    std::vector<milliseconds> skips;

    time_point now() const override { return Clock::now() + skipped; }
    bool skip_to(time_point at) override {
        const auto gap = std::max(Clock::duration(0), at - now());
        skipped += gap;
        skips.push_back(std::chrono::ceil<milliseconds>(gap));
        return true;
    }
};

HttpClientOptions skipping(const std::shared_ptr<SkippingClock>& clock,
                           HttpClientOptions options = {}) {
    options.clock = clock;
    return options;
}

/// A condition handlers wait for, so a test states an order instead of hoping a pause is long
/// enough. The wait is bounded only as a backstop: a broken transport fails the test late, not
/// never.
struct Gate {
    std::mutex mutex;
    std::condition_variable changed;

    /// Runs `step` under the lock, then wakes every waiter.
    void update(const std::function<void()>& step) {
        {
            const std::lock_guard<std::mutex> lock(mutex);
            step();
        }
        changed.notify_all();
    }

    /// Whether `open` became true (false only after the backstop).
    bool wait(const std::function<bool()>& open) {
        std::unique_lock<std::mutex> lock(mutex);
        return changed.wait_for(lock, std::chrono::seconds(20), open);
    }
};

/// Answers `statuses` in turn (the last one from then on) and counts the hits.
struct Scripted {
    explicit Scripted(std::vector<int> answers, std::string retry_after_value = {})
        : statuses(std::move(answers)), retry_after(std::move(retry_after_value)) {}

    std::vector<int> statuses;
    std::string retry_after;
    std::atomic<int> hits{0};

    void install(TestServer& server, const std::string& path) {
        server.server().Get(path, [this](const httplib::Request&, httplib::Response& response) {
            const auto hit = static_cast<std::size_t>(hits++);
            response.status = statuses[std::min(hit, statuses.size() - 1)];
            if (response.status != 200 && !retry_after.empty()) {
                response.set_header("Retry-After", retry_after);
            }
            response.set_content("hit " + std::to_string(hit), "text/plain");
        });
    }
};

}  // namespace

TEST_SUITE("io::http") {
    TEST_CASE("a batch runs its requests in parallel") {
        // Each answer waits until all eight requests have arrived: only parallel transfers
        // can all be answered "together".
        auto server = TestServer::http();
        Gate gate;
        int arrived = 0;
        server->server().Get("/slow", [&](const httplib::Request&, httplib::Response& response) {
            gate.update([&] { ++arrived; });
            const bool together = gate.wait([&] { return arrived == 8; });
            response.set_content(together ? "done" : "alone", "text/plain");
        });
        auto client = make_curl_http_client({});
        std::vector<HttpRequest> requests(8, get(server->url("/slow")));

        const std::vector<HttpOutcome> outcomes = client->perform_all(requests);

        REQUIRE(outcomes.size() == 8);
        for (const auto& outcome : outcomes) {
            REQUIRE(outcome.ok());
            CHECK(outcome->status == 200);
            CHECK(outcome->body == "done");
        }
        CHECK(client->request_count() == 8);
    }

    TEST_CASE("a stream starts a follow-up as soon as the answer it needs arrives") {
        // /slow answers only once /next (the follow-up of /fast) was handed over.
        auto server = TestServer::http();
        Gate gate;
        bool next_done = false;
        server->server().Get("/slow", [&](const httplib::Request&, httplib::Response& response) {
            gate.wait([&] { return next_done; });
            response.set_content("slow", "text/plain");
        });
        serve_text(*server, "/fast", "fast");
        serve_text(*server, "/next", "next");
        auto client = make_curl_http_client({});
        std::vector<std::string> finished;  // bodies, in the order they were handed over
        std::size_t fast_id = 99;
        client->perform_stream(
            [&](preview::HttpStream& stream) {
                stream.add(get(server->url("/slow")));
                fast_id = stream.add(get(server->url("/fast")));
            },
            [&](std::size_t id, HttpOutcome outcome, preview::HttpStream& stream) {
                REQUIRE(outcome.ok());
                finished.push_back(outcome->body);
                if (outcome->body == "next") {
                    gate.update([&] { next_done = true; });
                }
                if (id == fast_id) {
                    stream.add(get(server->url("/next")));  // needs /fast's answer, not /slow's
                }
            });
        // With a barrier per round, /next would only start after /slow.
        CHECK(finished == std::vector<std::string>{"fast", "next", "slow"});
        CHECK(fast_id == 1);
        CHECK(client->request_count() == 3);
    }

    TEST_CASE("a request that cannot be configured is handed over like any other outcome") {
        auto client = make_curl_http_client({});
        std::vector<std::string> errors;
        client->perform_stream([](preview::HttpStream& stream) { stream.add(get("not a url")); },
                               [&](std::size_t, HttpOutcome outcome, preview::HttpStream&) {
                                   REQUIRE_FALSE(outcome.ok());
                                   errors.push_back(outcome.error().message);
                               });
        CHECK(errors.size() == 1);
        CHECK(client->request_count() == 0);
    }

    TEST_CASE("max_parallel caps the transfers running at once") {
        // The first answers wait until two transfers met, so the peak does not depend on speed.
        auto server = TestServer::http();
        Gate gate;
        int running = 0;
        int peak = 0;
        server->server().Get("/slow", [&](const httplib::Request&, httplib::Response& response) {
            gate.update([&] { peak = std::max(peak, ++running); });
            gate.wait([&] { return peak >= 2; });
            server->pause(milliseconds(100));
            gate.update([&] { --running; });
            response.set_content("ok", "text/plain");
        });
        HttpClientOptions options;
        options.max_parallel = 2;
        auto client = make_curl_http_client(options);

        const auto outcomes =
            client->perform_all(std::vector<HttpRequest>(6, get(server->url("/slow"))));

        CHECK(std::all_of(outcomes.begin(), outcomes.end(), [](const auto& o) { return o.ok(); }));
        CHECK(peak == 2);
    }

    TEST_CASE("a serial group runs one at a time, in order, retries included") {
        auto server = TestServer::http();
        struct Span {
            Clock::time_point start;
            Clock::time_point end;
            int status;
        };
        std::mutex mutex;
        std::map<std::string, std::vector<Span>> spans;
        std::atomic<bool> first_failed{false};
        Gate gate;
        bool free_arrived = false;
        server->server().Get(
            "/work", [&](const httplib::Request& request, httplib::Response& response) {
                const std::string id = request.get_param_value("id");
                const auto start = Clock::now();
                if (id == "free") {
                    gate.update([&] { free_arrived = true; });
                } else if (id == "g0") {
                    gate.wait([&] { return free_arrived; });  // the group's first holds on
                }
                server->pause(milliseconds(80));
                response.status = id == "g0" && !first_failed.exchange(true) ? 503 : 200;
                const std::lock_guard<std::mutex> lock(mutex);
                spans[id].push_back({start, Clock::now(), response.status});
            });
        std::vector<HttpRequest> requests;
        for (const char* id : {"g0", "free", "g1", "g2"}) {
            HttpRequest request = get(server->url(std::string("/work?id=") + id));
            if (id[0] == 'g') {
                request.serial_group = "github";
            }
            requests.push_back(request);
        }
        auto clock = std::make_shared<SkippingClock>();
        auto client = make_curl_http_client(skipping(clock));

        const auto outcomes = client->perform_all(requests);

        for (const auto& outcome : outcomes) {
            REQUIRE(outcome.ok());
            CHECK(outcome->status == 200);
        }
        CHECK(outcomes[0]->attempts == 2);
        REQUIRE(spans["g0"].size() == 2);
        REQUIRE(spans["g1"].size() == 1);
        REQUIRE(spans["g2"].size() == 1);
        CHECK(spans["g0"][1].start >= spans["g0"][0].end);
        CHECK(spans["g1"][0].start >= spans["g0"][1].end);
        CHECK(spans["g2"][0].start >= spans["g1"][0].end);
        // The ungrouped request did not wait for the group.
        CHECK(spans["free"][0].start < spans["g0"][0].end);
    }

    TEST_CASE("503 is retried until it succeeds") {
        auto server = TestServer::http();
        Scripted script(std::vector<int>{503, 200});
        script.install(*server, "/flaky");
        LogLines log;
        auto clock = std::make_shared<SkippingClock>();
        auto client = make_curl_http_client(skipping(clock, log.options()));

        const HttpOutcome outcome = client->perform(get(server->url("/flaky")));

        REQUIRE(outcome.ok());
        CHECK(outcome->status == 200);
        CHECK(outcome->body == "hit 1");
        CHECK(outcome->attempts == 2);
        CHECK(client->request_count() == 2);
        REQUIRE(log.lines.size() == 2);
        CHECK(log.lines[0].find(" 503 ") != std::string::npos);
        CHECK(log.lines[0].find("(attempt 1/4, retrying in ") != std::string::npos);
        CHECK(log.lines[1].find(" 200 ") != std::string::npos);
        // The first backoff: 250 ms, jittered by up to half.
        REQUIRE(clock->skips.size() == 1);
        CHECK(clock->skips[0] >= milliseconds(125));
        CHECK(clock->skips[0] <= milliseconds(375));
    }

    TEST_CASE("429 with Retry-After waits that long") {
        auto server = TestServer::http();
        Scripted script(std::vector<int>{429, 200}, "1");
        script.install(*server, "/limited");
        auto clock = std::make_shared<SkippingClock>();
        auto client = make_curl_http_client(skipping(clock));

        const HttpOutcome outcome = client->perform(get(server->url("/limited")));

        REQUIRE(outcome.ok());
        CHECK(outcome->status == 200);
        CHECK(outcome->attempts == 2);
        CHECK(clock->skips == std::vector<milliseconds>{milliseconds(1000)});
        CHECK(outcome->elapsed >= milliseconds(1000));
    }

    TEST_CASE("Retry-After as an HTTP-date in the past retries at once") {
        auto server = TestServer::http();
        Scripted script(std::vector<int>{503, 200}, "Wed, 21 Oct 2015 07:28:00 GMT");
        script.install(*server, "/dated");
        LogLines log;
        auto client = make_curl_http_client(log.options());

        const HttpOutcome outcome = client->perform(get(server->url("/dated")));

        REQUIRE(outcome.ok());
        CHECK(outcome->status == 200);
        REQUIRE(!log.lines.empty());
        CHECK(log.lines[0].find("retrying in 0ms") != std::string::npos);
    }

    TEST_CASE("a Retry-After beyond the retry budget returns the response as is") {
        auto server = TestServer::http();
        Scripted script(std::vector<int>{429}, "30");
        script.install(*server, "/limited");
        auto clock = std::make_shared<SkippingClock>();
        HttpClientOptions options = skipping(clock);
        options.retry.budget = milliseconds(5000);
        auto client = make_curl_http_client(options);

        const HttpOutcome outcome = client->perform(get(server->url("/limited")));

        REQUIRE(outcome.ok());
        CHECK(outcome->status == 429);
        CHECK(outcome->attempts == 1);
        CHECK(outcome->header("Retry-After") == "30");
        CHECK(clock->skips.empty());  // no wait was planned
    }

    TEST_CASE("the retry budget counts every wait of a request") {
        auto server = TestServer::http();
        Scripted script(std::vector<int>{429, 429, 200}, "3");
        script.install(*server, "/limited");
        auto clock = std::make_shared<SkippingClock>();
        HttpClientOptions options = skipping(clock);
        options.retry.budget = milliseconds(5000);
        auto client = make_curl_http_client(options);

        const HttpOutcome outcome = client->perform(get(server->url("/limited")));

        // 3 s fit the budget; 3 s more would pass it, so the second 429 is the outcome.
        REQUIRE(outcome.ok());
        CHECK(outcome->status == 429);
        CHECK(outcome->attempts == 2);
        CHECK(clock->skips == std::vector<milliseconds>{milliseconds(3000)});
    }

    TEST_CASE("404 is returned without a retry") {
        auto server = TestServer::http();
        Scripted script(std::vector<int>{404, 200});
        script.install(*server, "/missing");
        auto client = make_curl_http_client({});

        const HttpOutcome outcome = client->perform(get(server->url("/missing")));

        REQUIRE(outcome.ok());
        CHECK(outcome->status == 404);
        CHECK(outcome->attempts == 1);
        CHECK(client->request_count() == 1);
    }

    TEST_CASE("a redirect is returned, not followed") {
        auto server = TestServer::http();
        server->server().Get("/moved", [](const httplib::Request&, httplib::Response& response) {
            response.set_redirect("/elsewhere", 302);
        });
        auto client = make_curl_http_client({});

        const HttpOutcome outcome = client->perform(get(server->url("/moved")));

        REQUIRE(outcome.ok());
        CHECK(outcome->status == 302);
        CHECK(outcome->header("location") == "/elsewhere");
        CHECK(client->request_count() == 1);
    }

    TEST_CASE("connection refused is a network error, retried at most max_attempts times") {
        const int port = preview::test::unused_port();
        auto clock = std::make_shared<SkippingClock>();
        auto client = make_curl_http_client(skipping(clock));
        HttpRequest request = get("http://127.0.0.1:" + std::to_string(port) + "/");
        request.max_attempts = 3;

        const HttpOutcome outcome = client->perform(request);

        REQUIRE_FALSE(outcome.ok());
        CHECK(outcome.error().kind == ErrorKind::network);
        CHECK(outcome.error().message ==
              "cannot connect to 127.0.0.1:" + std::to_string(port) + ": connection refused");
        CHECK(outcome.error().reason == "CURLE_COULDNT_CONNECT");
        CHECK(client->request_count() == 3);
        CHECK(clock->skips.size() == 2);
    }

    TEST_CASE("an unresolvable host is a network error and not retried") {
        auto client = make_curl_http_client({});

        const HttpOutcome outcome = client->perform(get("http://does-not-exist.invalid/"));

        REQUIRE_FALSE(outcome.ok());
        CHECK(outcome.error().kind == ErrorKind::network);
        CHECK(outcome.error().message == "cannot resolve host does-not-exist.invalid");
        CHECK(outcome.error().reason == "CURLE_COULDNT_RESOLVE_HOST");
        CHECK(client->request_count() == 1);
    }

    TEST_CASE("an attempt that takes too long is a timeout, not retried") {
        auto server = TestServer::http();
        server->server().Get("/hang", [&](const httplib::Request&, httplib::Response& response) {
            server->pause(milliseconds(60000));  // ends early when the server stops
            response.set_content("late", "text/plain");
        });
        auto client = make_curl_http_client({});
        HttpRequest request = get(server->url("/hang"));
        request.timeout = milliseconds(300);

        const HttpOutcome outcome = client->perform(request);

        REQUIRE_FALSE(outcome.ok());
        CHECK(outcome.error().kind == ErrorKind::timeout);
        CHECK(outcome.error().message == "no answer from 127.0.0.1 within 300 ms");
        CHECK(outcome.error().reason == "CURLE_OPERATION_TIMEDOUT");
        CHECK(client->request_count() == 1);
    }

    TEST_CASE("a body over the limit is an api error") {
        auto server = TestServer::http();
        serve_text(*server, "/big", std::string(4096, 'x'));
        server->server().Get("/big-chunked",
                             [](const httplib::Request&, httplib::Response& response) {
                                 response.set_chunked_content_provider(
                                     "text/plain", [](size_t, httplib::DataSink& sink) {
                                         const std::string chunk(1000, 'x');
                                         for (int i = 0; i < 4; ++i) {
                                             sink.write(chunk.data(), chunk.size());
                                         }
                                         sink.done();
                                         return true;
                                     });
                             });
        auto client = make_curl_http_client({});
        HttpRequest request = get(server->url("/big"));
        request.max_body_bytes = 1024;
        HttpRequest chunked = get(server->url("/big-chunked"));
        chunked.max_body_bytes = 1024;
        HttpRequest fits = get(server->url("/big"));
        fits.max_body_bytes = 4096;

        const auto outcomes = client->perform_all({request, chunked, fits});

        for (std::size_t i = 0; i < 2; ++i) {
            REQUIRE_FALSE(outcomes[i].ok());
            CHECK(outcomes[i].error().kind == ErrorKind::api);
            CHECK(outcomes[i].error().message ==
                  "the response from 127.0.0.1 is larger than 1 KiB");
        }
        REQUIRE(outcomes[2].ok());
        CHECK(outcomes[2]->body.size() == 4096);
        CHECK(client->request_count() == 3);
    }

    TEST_CASE("credentials, user agent and headers are sent; response headers are lower-cased") {
        auto server = TestServer::http();
        server->server().Post("/echo", [](const httplib::Request& request,
                                          httplib::Response& response) {
            response.set_header("X-Seen-Authorization", request.get_header_value("Authorization"));
            response.set_header("X-Seen-Agent", request.get_header_value("User-Agent"));
            response.set_header("X-Seen-Accept", request.get_header_value("Accept"));
            response.set_content(request.method + " " + request.body, "text/plain");
        });
        HttpClientOptions options;
        options.user_agent = "preview/test";
        auto client = make_curl_http_client(options);
        HttpRequest bearer = get(server->url("/echo"));
        bearer.method = "POST";
        bearer.body = R"({"a":1})";
        bearer.headers = {{"Accept", "application/json"}, {"Content-Type", "application/json"}};
        bearer.bearer_token = "tok123";
        HttpRequest basic = bearer;
        basic.bearer_token.clear();
        basic.basic_user = "alice";
        basic.basic_password = "pw";

        const auto outcomes = client->perform_all({bearer, basic});

        REQUIRE(outcomes[0].ok());
        CHECK(outcomes[0]->body == R"(POST {"a":1})");
        CHECK(outcomes[0]->header("x-seen-authorization") == "Bearer tok123");
        CHECK(outcomes[0]->header("X-SEEN-AGENT") == "preview/test");
        CHECK(outcomes[0]->header("x-seen-accept") == "application/json");
        CHECK_FALSE(outcomes[0]->header("x-absent").has_value());
        for (const auto& [name, value] : outcomes[0]->headers) {
            CHECK(std::none_of(name.begin(), name.end(),
                               [](char c) { return c >= 'A' && c <= 'Z'; }));
        }
        REQUIRE(outcomes[1].ok());
        CHECK(outcomes[1]->header("x-seen-authorization") == "Basic YWxpY2U6cHc=");
    }

    TEST_CASE("an answer that quotes the request's credentials back arrives redacted") {
        auto server = TestServer::http();
        server->server().Get(
            "/echo", [](const httplib::Request& request, httplib::Response& response) {
                const std::string seen = request.get_header_value("Authorization");
                response.status = 401;
                response.set_header("X-Seen-Authorization", seen);
                response.set_content(R"({"message":"Bad credentials: )" + seen + R"("})",
                                     "application/json");
            });
        auto client = make_curl_http_client({});
        HttpRequest bearer = get(server->url("/echo"));
        bearer.bearer_token = "ghp_echoedToken12345";
        HttpRequest basic = get(server->url("/echo"));
        basic.basic_user = "alice";
        basic.basic_password = "echoed-password";

        const auto outcomes = client->perform_all({bearer, basic});

        REQUIRE(outcomes[0].ok());
        CHECK(outcomes[0]->status == 401);
        CHECK(outcomes[0]->body == R"({"message":"Bad credentials: Bearer REDACTED"})");
        CHECK(outcomes[0]->header("x-seen-authorization") == "Bearer REDACTED");
        REQUIRE(outcomes[1].ok());
        CHECK(outcomes[1]->body == R"({"message":"Bad credentials: Basic REDACTED"})");
    }

    TEST_CASE("log lines name method, redacted URL, status and time, never credentials") {
        auto server = TestServer::http();
        serve_text(*server, "/echo", "ok");
        LogLines log;
        auto client = make_curl_http_client(log.options());
        HttpRequest bearer = get(server->url("/echo?token=sekret-query&page=2"));
        bearer.bearer_token = "sekret-bearer";
        HttpRequest basic = get(server->url("/echo"));
        basic.basic_user = "alice";
        basic.basic_password = "sekret-password";

        const auto outcomes = client->perform_all({bearer, basic});

        REQUIRE(outcomes[0].ok());
        REQUIRE(log.lines.size() == 2);
        for (const auto& line : log.lines) {
            CHECK(line.find("sekret") == std::string::npos);
        }
        const std::string expected = "GET " + server->url("/echo?token=REDACTED&page=2") + " 200 ";
        CHECK(std::count_if(log.lines.begin(), log.lines.end(), [&](const std::string& line) {
                  return line.rfind(expected, 0) == 0 && line.back() == 's';
              }) == 1);
    }

    TEST_CASE("connections are reused across batches") {
        auto server = TestServer::http();
        server->server().Get(
            "/port", [](const httplib::Request& request, httplib::Response& response) {
                response.set_content(std::to_string(request.remote_port), "text/plain");
            });
        auto client = make_curl_http_client({});

        const HttpOutcome first = client->perform(get(server->url("/port")));
        const HttpOutcome second = client->perform(get(server->url("/port")));

        REQUIRE(first.ok());
        REQUIRE(second.ok());
        CHECK(first->body == second->body);
    }

    TEST_CASE("an interruption abandons running and waiting transfers") {
        auto server = TestServer::http();
        std::atomic<bool> interrupted{false};
        server->server().Get("/hang", [&](const httplib::Request&, httplib::Response& response) {
            interrupted = true;  // as a signal handler would, while the request is running
            server->pause(milliseconds(60000));  // ends early when the test's server stops
            response.set_content("late", "text/plain");
        });
        HttpClientOptions options;
        options.interrupted = &interrupted;
        auto client = make_curl_http_client(options);
        HttpRequest hang = get(server->url("/hang"));
        hang.serial_group = "one";
        hang.timeout = milliseconds(20000);  // without the interruption: a timeout, not this

        const auto start = Clock::now();
        const auto outcomes = client->perform_all({hang, hang});

        CHECK(ms_since(start) < 15000);  // a backstop: the error kind below is the check
        for (const auto& outcome : outcomes) {
            REQUIRE_FALSE(outcome.ok());
            CHECK(outcome.error().kind == ErrorKind::interrupted);
        }
        CHECK(client->request_count() == 1);
    }

    TEST_CASE("HTTPS verifies against the in-memory CA, and only against it") {
        const auto& pki = test_pki();
        auto server = TestServer::https(pki.server_cert_file, pki.server_key_file);
        serve_text(*server, "/tls", "secure");
        auto client = make_curl_http_client({});
        HttpRequest trusted = get(server->url("/tls"));
        trusted.tls.ca_pem = pki.ca_pem;
        HttpRequest untrusted = get(server->url("/tls"));
        HttpRequest insecure = get(server->url("/tls"));
        insecure.tls.insecure_skip_verify = true;
        HttpRequest from_file = get(server->url("/tls"));
        from_file.tls.ca_file = pki.ca_file;

        const auto outcomes = client->perform_all({trusted, untrusted, insecure, from_file});

        REQUIRE(outcomes[0].ok());
        CHECK(outcomes[0]->body == "secure");
        REQUIRE_FALSE(outcomes[1].ok());
        CHECK(outcomes[1].error().kind == ErrorKind::tls);
        CHECK(outcomes[1].error().message.rfind("the TLS certificate of 127.0.0.1 is not trusted (",
                                                0) == 0);
        CHECK(outcomes[1].error().hint ==
              "set certificate-authority in the kubeconfig, or SSL_CERT_FILE for other hosts");
        CHECK(outcomes[1].error().reason == "CURLE_PEER_FAILED_VERIFICATION");
        REQUIRE(outcomes[2].ok());
        REQUIRE(outcomes[3].ok());
        CHECK(client->request_count() == 4);
    }

    TEST_CASE("tls.server_name verifies a certificate issued for another name than the host") {
        const auto& pki = test_pki();
        auto server = TestServer::https(pki.named_cert_file, pki.named_key_file);
        serve_text(*server, "/named", "named");
        auto client = make_curl_http_client({});
        HttpRequest plain = get(server->url("/named"));
        plain.tls.ca_pem = pki.ca_pem;
        HttpRequest named = plain;
        named.tls.server_name = "kube.internal";

        const auto outcomes = client->perform_all({plain, named});

        REQUIRE_FALSE(outcomes[0].ok());
        CHECK(outcomes[0].error().kind == ErrorKind::tls);
        CHECK(outcomes[0].error().message.find("is issued for other names") != std::string::npos);
        REQUIRE(outcomes[1].ok());
        CHECK(outcomes[1]->body == "named");
    }

    TEST_CASE("a client certificate from memory reaches a server that requires one") {
        const auto& pki = test_pki();
        auto server = TestServer::https(pki.server_cert_file, pki.server_key_file, pki.ca_file);
        serve_text(*server, "/mtls", "hello client");
        auto client = make_curl_http_client({});
        HttpRequest with_cert = get(server->url("/mtls"));
        with_cert.tls.ca_pem = pki.ca_pem;
        with_cert.tls.client_cert_pem = pki.client_cert_pem;
        with_cert.tls.client_key_pem = pki.client_key_pem;
        HttpRequest wrong_key = with_cert;
        wrong_key.tls.client_key_pem =
            "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";

        const auto outcomes = client->perform_all({with_cert, wrong_key});

        REQUIRE(outcomes[0].ok());
        CHECK(outcomes[0]->body == "hello client");
        REQUIRE_FALSE(outcomes[1].ok());
        CHECK(outcomes[1].error().kind == ErrorKind::tls);
        CHECK(outcomes[1].error().message.rfind("the client certificate or key could not be used (",
                                                0) == 0);
        CHECK(outcomes[1].error().reason == "CURLE_SSL_CERTPROBLEM");
        CHECK(client->request_count() == 2);
    }

    TEST_CASE("a server that requires a client certificate and gets none is a TLS error") {
        const auto& pki = test_pki();
        auto server =
            TestServer::https(pki.server_cert_file, pki.server_key_file, pki.ca_file, true);
        serve_text(*server, "/mtls", "hello client");
        auto client = make_curl_http_client({});
        HttpRequest request = get(server->url("/mtls"));
        request.tls.ca_pem = pki.ca_pem;

        const HttpOutcome outcome = client->perform(request);

        REQUIRE_FALSE(outcome.ok());
        CHECK(outcome.error().kind == ErrorKind::tls);
        CHECK(outcome.error().message.rfind("the TLS handshake with 127.0.0.1 failed (", 0) == 0);
        CHECK(outcome.error().message.find("OpenSSL/") == std::string::npos);
        CHECK(client->request_count() == 1);
    }

    TEST_CASE("proxy failures say proxy") {
        auto proxy = TestServer::http();  // answers CONNECT with an error, as a strict proxy would
        const int closed_port = preview::test::unused_port();
        auto client = make_curl_http_client({});
        HttpRequest refused = get("https://kube.example:6443/api");
        refused.proxy = "http://127.0.0.1:" + std::to_string(closed_port);
        refused.max_attempts = 1;
        HttpRequest tunnel = get("https://kube.example:6443/api");
        tunnel.proxy = proxy->url("");

        const auto outcomes = client->perform_all({refused, tunnel});

        REQUIRE_FALSE(outcomes[0].ok());
        CHECK(outcomes[0].error().kind == ErrorKind::network);
        CHECK(outcomes[0].error().message ==
              "cannot connect to the proxy 127.0.0.1 for kube.example: connection refused");
        REQUIRE_FALSE(outcomes[1].ok());
        CHECK(outcomes[1].error().kind == ErrorKind::network);
        CHECK(outcomes[1].error().message.rfind(
                  "the proxy refused the connection to kube.example:6443 (HTTP ", 0) == 0);
    }

    TEST_CASE("an invalid URL is an error value, not sent") {
        auto client = make_curl_http_client({});

        const auto outcomes = client->perform_all({get("not a url"), get("ftp://127.0.0.1/file")});

        for (const auto& outcome : outcomes) {
            REQUIRE_FALSE(outcome.ok());
            CHECK(outcome.error().kind == ErrorKind::config);
        }
        CHECK(client->request_count() == 0);
    }
}
