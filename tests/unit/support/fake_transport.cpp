#include "unit/support/fake_transport.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

namespace preview::testing {
namespace {

struct UrlParts {
    std::string host;  ///< with the port, when the URL names one
    std::string path;
    std::string query;
};

UrlParts split_url(const std::string& url) {
    UrlParts parts;
    std::size_t rest = 0;
    if (const std::size_t scheme = url.find("://"); scheme != std::string::npos) {
        const std::size_t path_start = url.find('/', scheme + 3);
        parts.host = url.substr(scheme + 3, path_start - (scheme + 3));
        rest = path_start == std::string::npos ? url.size() : path_start;
    }
    const std::string target = url.substr(rest);
    const std::size_t question = target.find('?');
    parts.path = target.substr(0, question);
    parts.query = question == std::string::npos ? "" : target.substr(question + 1);
    return parts;
}

bool same_name(const std::string& a, const std::string& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

bool sends_header(const HttpRequest& request, const Header& wanted) {
    return std::any_of(request.headers.begin(), request.headers.end(), [&](const Header& h) {
        return same_name(h.first, wanted.first) && h.second == wanted.second;
    });
}

bool matches(const Expectation& e, const HttpRequest& request) {
    const UrlParts url = split_url(request.url);
    return (e.times < 0 || e.calls < e.times) && e.method == request.method && e.path == url.path &&
           (!e.query || *e.query == url.query) && (!e.host || *e.host == url.host) &&
           (!e.body || *e.body == request.body) &&
           std::all_of(e.headers.begin(), e.headers.end(),
                       [&](const Header& h) { return sends_header(request, h); });
}

/// Runs one stream: requests are answered in the order they were added.
class FakeStream final : public HttpStream {
  public:
    std::size_t add(HttpRequest request) override {
        queue_.emplace_back(next_id_, std::move(request));
        return next_id_++;
    }

    bool empty() const { return queue_.empty(); }
    std::pair<std::size_t, HttpRequest> pop() {
        auto front = std::move(queue_.front());
        queue_.pop_front();
        return front;
    }

  private:
    std::deque<std::pair<std::size_t, HttpRequest>> queue_;
    std::size_t next_id_ = 0;
};

class Borrowed final : public HttpClient {
  public:
    explicit Borrowed(FakeTransport& fake) : fake_(fake) {}
    std::vector<HttpOutcome> perform_all(std::vector<HttpRequest> requests) override {
        return fake_.perform_all(std::move(requests));
    }
    void perform_stream(const std::function<void(HttpStream&)>& start,
                        const StreamOutcome& on_outcome) override {
        fake_.perform_stream(start, on_outcome);
    }
    std::vector<WatchReport> watch(std::vector<WatchRequest> watches,
                                   std::chrono::steady_clock::time_point until,
                                   const std::function<bool()>& keep_going) override {
        return fake_.watch(std::move(watches), until, keep_going);
    }
    std::size_t request_count() const override { return fake_.request_count(); }

  private:
    FakeTransport& fake_;
};

}  // namespace

std::unique_ptr<HttpClient> borrow(FakeTransport& fake) {
    return std::make_unique<Borrowed>(fake);
}

Expectation& FakeTransport::expect(std::string method, const std::string& target,
                                   HttpOutcome answer) {
    Expectation e;
    e.method = std::move(method);
    const std::size_t question = target.find('?');
    e.path = target.substr(0, question);
    if (question != std::string::npos) {
        e.query = target.substr(question + 1);
    }
    e.answer = std::move(answer);
    expectations_.push_back(std::move(e));
    return expectations_.back();
}

void FakeTransport::answer(const std::string& path, const HttpOutcome& outcome) {
    for (Expectation& e : expectations_) {
        if (e.path == path) {
            e.answer = outcome;
        }
    }
}

void FakeTransport::expect_each(int times) {
    for (Expectation& e : expectations_) {
        e.times = times;
    }
}

std::deque<Expectation>::iterator FakeTransport::expected_on(const std::string& path) {
    const auto found = std::find_if(expectations_.begin(), expectations_.end(),
                                    [&](const Expectation& e) { return e.path == path; });
    if (found == expectations_.end()) {
        throw std::logic_error("nothing is expected on " + path);
    }
    return found;
}

void FakeTransport::answer_first(const std::string& path, const HttpOutcome& outcome, int calls) {
    const auto later = expected_on(path);
    Expectation first = *later;
    first.answer = outcome;
    first.times = calls;
    if (later->times > 0) {
        later->times = std::max(0, later->times - calls);
    }
    expectations_.insert(later, std::move(first));
}

void FakeTransport::answer_after(const std::string& path, int calls, const HttpOutcome& outcome) {
    const HttpOutcome before = expected_on(path)->answer;
    answer(path, outcome);
    answer_first(path, before, calls);
}

void FakeTransport::expect_watch(WatchEnd end) {
    watches_.push_back(end);
}

std::vector<WatchReport> FakeTransport::watch(std::vector<WatchRequest> watches,
                                              std::chrono::steady_clock::time_point /*until*/,
                                              const std::function<bool()>& /*keep_going*/) {
    std::string urls;
    for (const WatchRequest& w : watches) {
        watched_.push_back(w.request.url);
        urls += " " + w.request.url;
    }
    if (watches_.empty()) {
        unexpected_.push_back("unexpected watch" + urls);
        throw Failure{Error(ErrorKind::network, "the fake transport did not expect a watch")};
    }
    std::vector<WatchReport> reports(watches.size());
    for (WatchReport& report : reports) {
        report.end = watches_.front();
    }
    watches_.pop_front();
    return reports;
}

HttpOutcome FakeTransport::answer(const HttpRequest& request) {
    requests_.push_back(request);
    for (Expectation& e : expectations_) {
        if (matches(e, request)) {
            ++e.calls;
            return e.answer;
        }
    }
    unexpected_.push_back("unexpected " + request.method + " " + request.url);
    return Error(ErrorKind::network, "the fake transport did not expect " + request.url);
}

std::vector<HttpOutcome> FakeTransport::perform_all(std::vector<HttpRequest> requests) {
    std::vector<HttpOutcome> outcomes;
    outcomes.reserve(requests.size());
    for (const HttpRequest& request : requests) {
        outcomes.push_back(answer(request));
    }
    return outcomes;
}

void FakeTransport::perform_stream(const std::function<void(HttpStream&)>& start,
                                   const StreamOutcome& on_outcome) {
    FakeStream stream;
    start(stream);
    while (!stream.empty()) {
        auto [id, request] = stream.pop();
        on_outcome(id, answer(request), stream);
    }
}

std::string FakeTransport::problems() const {
    std::string out;
    for (const std::string& line : unexpected_) {
        out += line + "\n";
    }
    for (const Expectation& e : expectations_) {
        if (e.times > 0 && e.calls < e.times) {
            out += "not called: " + e.method + " " + e.path +
                   (e.query ? "?" + *e.query : std::string()) + "\n";
        }
    }
    if (!watches_.empty()) {
        out += "not called: " + std::to_string(watches_.size()) + " watch(es)\n";
    }
    return out;
}

HttpResponse json_response(long status, std::string body, std::vector<Header> headers) {
    HttpResponse response;
    response.status = status;
    response.headers = std::move(headers);
    response.headers.emplace_back("content-type", "application/json");
    response.body = std::move(body);
    return response;
}

HttpResponse fixture_response(const std::string& relative_path) {
    const std::string path = std::string(PREVIEW_TEST_DIR) + "/fixtures/" + relative_path;
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("missing fixture " + path);
    }
    std::ostringstream text;
    text << in.rdbuf();
    return json_response(200, text.str());
}

HttpResponse kube_status(long code, const std::string& reason, const std::string& message) {
    const nlohmann::json status = {
        {"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", nlohmann::json::object()},
        {"status", "Failure"}, {"message", message}, {"reason", reason},
        {"code", code}};
    return json_response(code, status.dump());
}

HttpResponse kube_forbidden(const std::string& resource, const std::string& verb) {
    const std::string plural = resource.substr(0, resource.find('.'));
    return kube_status(
        403, "Forbidden",
        resource + " is forbidden: User \"dev\" cannot " + verb + " resource \"" + plural + "\"");
}

HttpResponse github_error(long status, const std::string& message) {
    const nlohmann::json body = {{"message", message},
                                 {"documentation_url", "https://docs.github.com/rest"}};
    return json_response(status, body.dump());
}

}  // namespace preview::testing
