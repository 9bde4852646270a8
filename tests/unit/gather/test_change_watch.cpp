// ChangeWatch on a scripted transport: which watches each round opens and when a wait ends
// (design §9). Its pauses are instant, so nothing here sleeps.

#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "preview/gather/change_watch.hpp"

namespace {

using namespace preview;

WatchReport ended(WatchEnd end) {
    WatchReport report;
    report.end = end;
    return report;
}

/// Answers each watch() call with the next scripted round of reports and keeps the URLs it was
/// asked to open; sends nothing else.
class ScriptedWatches final : public HttpClient {
  public:
    std::deque<std::vector<WatchReport>> rounds;
    std::vector<std::vector<std::string>> opened;

    std::vector<HttpOutcome> perform_all(std::vector<HttpRequest> requests) override {
        return std::vector<HttpOutcome>(requests.size(),
                                        Error(ErrorKind::network, "not in the script"));
    }
    void perform_stream(const std::function<void(HttpStream&)>&, const StreamOutcome&) override {}
    std::vector<WatchReport> watch(std::vector<WatchRequest> watches,
                                   std::chrono::steady_clock::time_point,
                                   const std::function<bool()>& keep_going) override {
        keep_going();
        std::vector<std::string> urls;
        for (const auto& w : watches) {
            urls.push_back(w.request.url);
        }
        opened.push_back(urls);
        if (rounds.empty()) {
            return std::vector<WatchReport>(watches.size(), ended(WatchEnd::failed));
        }
        auto round = rounds.front();
        rounds.pop_front();
        return round;
    }
    std::size_t request_count() const override { return 0; }
};

KubeEndpoint argo_cluster() {
    KubeEndpoint e;
    e.context = "argo";
    e.server = "https://argocd.test";
    return e;
}

struct World {
    ScriptedWatches http;
    GithubClient github{"https://api.github.test", "ghp_test", std::chrono::seconds(30), {}};
    Result<KubeEndpoint> argocd = argo_cluster();
    Result<KubeEndpoint> workload = Error(ErrorKind::config, "no cluster");
    std::shared_ptr<const ArgocdSource> source = argocd_through_kubernetes(argocd);
    PrRef pr{"stuttgart-things", "homerun2-core-catcher", 42};
    Targets targets = render_targets(Profile{}, pr, "").value();
    CommandDeadline deadline;
    bool interrupted = false;
    int pauses = 0;

    ChangeWatch watch() {
        return ChangeWatch(ChangeWatchHooks{
                               .sources =
                                   [this] {
                                       return Sources{http,     github,  *source,
                                                      workload, {},      std::chrono::seconds(30),
                                                      "",       nullptr, nullptr};
                                   },
                               .pause =
                                   [this](std::chrono::milliseconds) {
                                       ++pauses;
                                       return !interrupted;
                                   },
                               .interrupted = [this] { return interrupted; },
                           },
                           targets, pr, deadline, ChangeWatchTimes{});
    }
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

const auto kNoTick = [] {};

}  // namespace

TEST_SUITE("gather::change_watch") {
    TEST_CASE("a watch by name older than the server's history resumes from its list at once") {
        World w;
        w.http.rounds = {{ended(WatchEnd::expired)}, {ended(WatchEnd::changed)}};
        ChangeWatch watch = w.watch();
        const std::vector<WatchPoint> points{{"application", "90", "100"}};

        CHECK(watch.wait(points, kNoTick) == ChangeWatch::Wake::changed);
        REQUIRE(w.http.opened.size() == 2);
        REQUIRE(w.http.opened[0].size() == 1);
        CHECK(contains(w.http.opened[0][0], "resourceVersion=90"));
        CHECK(contains(w.http.opened[1][0], "resourceVersion=100"));
        CHECK(w.pauses == 0);
    }

    TEST_CASE("a 410 with nothing to fall back to asks for a fresh list; twice in a row, a poll") {
        World w;
        w.http.rounds = {{ended(WatchEnd::expired)}, {ended(WatchEnd::expired)}};
        ChangeWatch watch = w.watch();
        const std::vector<WatchPoint> points{{"applications", "100", ""}};

        CHECK(watch.wait(points, kNoTick) == ChangeWatch::Wake::changed);
        CHECK(w.pauses == 0);
        CHECK(watch.wait(points, kNoTick) == ChangeWatch::Wake::changed);
        CHECK(w.pauses > 0);  // the interval, not a storm of lists
    }

    TEST_CASE("a refused watch is polled while the others still stream") {
        World w;
        w.http.rounds = {{ended(WatchEnd::refused), ended(WatchEnd::open)},
                         {ended(WatchEnd::changed)}};
        ChangeWatch watch = w.watch();
        const std::vector<WatchPoint> points{{"applicationset", "100", ""},
                                             {"applications", "100", ""}};

        CHECK(watch.wait(points, kNoTick) == ChangeWatch::Wake::changed);
        CHECK(watch.wait(points, kNoTick) == ChangeWatch::Wake::changed);
        REQUIRE(w.http.opened.size() == 2);
        CHECK(w.http.opened[0].size() == 2);
        REQUIRE(w.http.opened[1].size() == 1);  // never asked again
        CHECK(contains(w.http.opened[1][0], "/applications?"));
    }

    TEST_CASE("every watch refused: polls on the interval") {
        World w;
        w.http.rounds = {{ended(WatchEnd::refused)}};
        ChangeWatch watch = w.watch();
        const std::vector<WatchPoint> points{{"applications", "100", ""}};

        CHECK(watch.wait(points, kNoTick) == ChangeWatch::Wake::changed);
        const int after_first = w.pauses;
        CHECK(after_first > 0);
        CHECK(watch.wait(points, kNoTick) == ChangeWatch::Wake::changed);
        CHECK(w.http.opened.size() == 1);  // no watch opened again
        CHECK(w.pauses > after_first);
    }

    TEST_CASE("Ctrl-C ends the wait") {
        World w;
        w.interrupted = true;
        w.http.rounds = {{ended(WatchEnd::open)}};
        ChangeWatch watch = w.watch();
        CHECK(watch.wait(std::vector<WatchPoint>{{"applications", "100", ""}}, kNoTick) ==
              ChangeWatch::Wake::interrupted);
    }
}
