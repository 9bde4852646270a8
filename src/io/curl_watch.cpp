#include "io/curl_watch.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

#include "io/curl_setup.hpp"
#include "io/curl_transfer.hpp"
#include <fmt/format.h>

#include "preview/api/argocd_stream_json.hpp"
#include "preview/api/watch_json.hpp"

namespace preview::curl {
namespace {

/// One object of a watch stream is one line; Kubernetes objects stay well under this.
constexpr std::size_t kMaxLineBytes = 4u << 20u;
/// What one watch call may read in all (bookmarks and events of unrelated objects included).
constexpr std::size_t kMaxStreamBytes = 64u << 20u;
/// Enough of a refusal's body to say why.
constexpr std::size_t kMaxErrorBody = 4096;
/// Argo CD replays every Application the stream selects when it opens; a preview has a few.
constexpr std::size_t kMaxReplayedEvents = 1000;
constexpr milliseconds kTick{200};
constexpr milliseconds kInterruptPoll{50};

struct Watch {
    Transfer transfer;
    WatchFormat format = WatchFormat::kubernetes;
    std::string since;         ///< argocd: the caller's list resourceVersion
    std::size_t replayed = 0;  ///< argocd: events that were not news
    std::string pending;       ///< the start of a line whose end has not arrived
    std::size_t total = 0;
    bool answered = false;  ///< a 200 arrived: a later transport error drops the stream
    bool running = false;
    WatchReport report;

    void fail(WatchEnd end, std::string why) {
        report.end = end;
        report.detail = std::move(why);
    }
};

// A refusal in the stream's own words: permission (403/401), no such route (404), not
// implemented (501) are what a refused kube watch is too, and are polled instead.
bool refusal(long http_code) {
    return http_code == 401 || http_code == 403 || http_code == 404 || http_code == 405 ||
           http_code == 501;
}

void take_argocd_line(Watch& w, std::string_view line) {
    auto event = parse_argocd_stream_event(line);
    if (!event.ok()) {
        w.fail(WatchEnd::failed, event.error().message);
        return;
    }
    if (event->is_error()) {
        w.report.status = event->http_code;
        w.fail(refusal(event->http_code) ? WatchEnd::refused : WatchEnd::failed,
               event->message.empty()
                   ? fmt::format("the Argo CD application stream ended with an error ({})",
                                 event->http_code)
                   : "the Argo CD application stream ended: " + event->message);
        return;
    }
    if (is_news(*event, w.since)) {
        w.report.end = WatchEnd::changed;
    } else if (++w.replayed > kMaxReplayedEvents) {
        w.fail(WatchEnd::failed, "the Argo CD application stream replayed too many Applications");
    }
}

void take_line(Watch& w, std::string_view line) {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    if (line.empty()) {
        return;
    }
    if (w.format == WatchFormat::argocd) {
        take_argocd_line(w, line);
        return;
    }
    auto event = parse_watch_event(line);
    if (!event.ok()) {
        w.fail(WatchEnd::failed, event.error().message);
        return;
    }
    if (event->type == "ERROR") {
        w.report.status = event->code;
        w.fail(event->code == 410 ? WatchEnd::expired : WatchEnd::failed,
               event->message.empty()
                   ? fmt::format("the watch ended with an error ({})", event->code)
                   : event->message);
        return;
    }
    if (!event->resource_version.empty()) {
        w.report.resource_version = event->resource_version;
    }
    if (event->type != "BOOKMARK") {
        w.report.end = WatchEnd::changed;
    }
}

// CURLOPT_WRITEFUNCTION of a watch: splits the stream into lines and judges each at once.
// Returning 0 ends the transfer: once a line decided, nothing after it matters.
size_t on_watch_data(char* data, size_t size, size_t count, void* user) {
    auto& w = *static_cast<Watch*>(user);
    const size_t bytes = size * count;
    try {
        if (info<long>(w.transfer, CURLINFO_RESPONSE_CODE) != 200) {
            const std::size_t room =
                kMaxErrorBody - std::min(kMaxErrorBody, w.transfer.body.size());
            w.transfer.body.append(data, std::min(room, bytes));
            return bytes;
        }
        if (!w.answered && w.format == WatchFormat::argocd) {
            // A 200 that is not JSON is not the stream: the UI's page (a wrong root path) or a
            // proxy's own answer. Polled, like a refused stream.
            const char* type = info<const char*>(w.transfer, CURLINFO_CONTENT_TYPE);
            if (type == nullptr ||
                std::string_view(type).find("application/json") == std::string_view::npos) {
                w.report.status = 200;
                w.fail(WatchEnd::refused,
                       fmt::format("the Argo CD application stream was answered with {}",
                                   type == nullptr ? "no content type" : type));
                return 0;
            }
        }
        w.answered = true;
        w.total += bytes;
        if (w.total > std::min(kMaxStreamBytes, w.transfer.request.max_body_bytes)) {
            w.fail(WatchEnd::failed, "the watch stream exceeded its size limit");
            return 0;
        }
        w.pending.append(data, bytes);
        std::size_t start = 0;
        for (std::size_t nl = w.pending.find('\n'); nl != std::string::npos;
             nl = w.pending.find('\n', start)) {
            take_line(w, std::string_view(w.pending).substr(start, nl - start));
            start = nl + 1;
            if (w.report.end != WatchEnd::open) {
                return 0;
            }
        }
        w.pending.erase(0, start);
        if (w.pending.size() > kMaxLineBytes) {
            w.fail(WatchEnd::failed, "the watch stream sent a line over its size limit");
            return 0;
        }
    } catch (...) {  // no exception may cross libcurl's C frames
        return 0;
    }
    return bytes;
}

void on_done(Watch& w, CURLcode code) {
    if (w.report.end != WatchEnd::open) {
        return;  // a line decided (and ended the transfer)
    }
    const long status = info<long>(w.transfer, CURLINFO_RESPONSE_CODE);
    w.report.status = status;
    if (code != CURLE_OK) {
        // A stream that was answered and then dropped resumes like one the server closed.
        w.fail(w.answered || status == 200 ? WatchEnd::closed : WatchEnd::failed,
               fmt::format(
                   "the watch on {} failed: {}", w.transfer.target.host,
                   w.transfer.detail().empty() ? curl_easy_strerror(code) : w.transfer.detail()));
        return;
    }
    if (status == 200) {
        w.report.end = WatchEnd::closed;
        return;
    }
    const std::string why = fmt::format("the watch was answered {}", status);
    switch (status) {
        case 410:
            w.fail(WatchEnd::expired, why);
            return;
        case 400:
        case 401:
        case 403:
        case 404:
        case 405:
        case 501:
            w.fail(WatchEnd::refused, why);
            return;
        default:
            w.fail(WatchEnd::failed, why);
    }
}

bool start(Watch& w, const WatchShared& shared) {
    if (auto error = configure(w.transfer, shared.options)) {
        w.fail(WatchEnd::failed, error->message);
        return false;
    }
    CURL* easy = w.transfer.easy.get();
    // The stream lasts as long as the server keeps it (timeoutSeconds); only connecting is bounded.
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_watch_data);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, static_cast<void*>(&w));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 0L);
    curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(0));
    curl_easy_setopt(
        easy, CURLOPT_CONNECTTIMEOUT_MS,
        static_cast<long>(std::min(w.transfer.request.timeout, kMaxConnectTimeout).count()));
    if (curl_multi_add_handle(shared.multi, easy) != CURLM_OK) {
        w.fail(WatchEnd::failed, "the watch could not be started");
        return false;
    }
    w.running = true;
    w.transfer.attempt_start = Clock::now();
    ++shared.request_count;
    return true;
}

std::string_view end_name(WatchEnd end) {
    switch (end) {
        case WatchEnd::open:
            return "open";
        case WatchEnd::changed:
            return "changed";
        case WatchEnd::expired:
            return "expired";
        case WatchEnd::closed:
            return "closed";
        case WatchEnd::refused:
            return "refused";
        case WatchEnd::failed:
            return "failed";
    }
    return "open";
}

}  // namespace

std::vector<WatchReport> run_watches(const WatchShared& shared, std::vector<WatchRequest> requests,
                                     Clock::time_point until,
                                     const std::function<bool()>& keep_going) {
    std::vector<std::unique_ptr<Watch>> watches;
    for (auto& request : requests) {
        auto w = std::make_unique<Watch>();
        w->transfer.request = std::move(request.request);
        w->format = request.format;
        w->since = std::move(request.since);
        w->transfer.log_url = redact_url(w->transfer.request.url);
        watches.push_back(std::move(w));
    }
    for (auto& w : watches) {
        start(*w, shared);
    }
    const auto interrupted = [&shared] {
        return shared.options.interrupted != nullptr && shared.options.interrupted->load();
    };
    auto next_tick = Clock::now() + kTick;
    while (true) {
        // A refused watch does not end the others (the caller polls what it cannot watch);
        // the call ends when every watch is refused.
        const bool decided = std::any_of(watches.begin(), watches.end(),
                                         [](const auto& w) {
                                             return w->report.end != WatchEnd::open &&
                                                    w->report.end != WatchEnd::refused;
                                         }) ||
                             std::all_of(watches.begin(), watches.end(), [](const auto& w) {
                                 return w->report.end == WatchEnd::refused;
                             });
        const auto now = Clock::now();
        if (decided || now >= until || interrupted()) {
            break;
        }
        if (now >= next_tick) {
            next_tick = now + kTick;
            if (keep_going && !keep_going()) {
                break;
            }
        }
        int still_running = 0;
        if (curl_multi_perform(shared.multi, &still_running) != CURLM_OK) {
            for (auto& w : watches) {
                if (w->report.end == WatchEnd::open) {
                    w->fail(WatchEnd::failed, "the watches could not be run");
                }
            }
            break;
        }
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(shared.multi, &queued)) {
            if (message->msg != CURLMSG_DONE) {
                continue;
            }
            for (auto& w : watches) {
                if (w->transfer.easy.get() == message->easy_handle) {
                    on_done(*w, message->data.result);
                }
            }
        }
        if (still_running == 0) {
            continue;  // every stream ended: the loop's head reports it
        }
        auto wait = std::min(kTick, std::chrono::ceil<milliseconds>(until - Clock::now()));
        if (shared.options.interrupted != nullptr) {
            wait = std::min(wait, kInterruptPoll);  // a signal handler cannot wake the poll
        }
        // Waiting on the multi handle (not sleeping) keeps libcurl's background work going.
        curl_multi_poll(
            shared.multi, nullptr, 0,
            static_cast<int>(std::max<long long>(0, static_cast<long long>(wait.count()))),
            nullptr);
    }
    std::vector<WatchReport> reports;
    for (auto& w : watches) {
        if (w->running) {
            curl_multi_remove_handle(shared.multi, w->transfer.easy.get());
        }
        if (shared.options.log) {
            shared.options.log(fmt::format(
                "GET {} watch {} {}ms", w->transfer.log_url, end_name(w->report.end),
                std::chrono::duration_cast<milliseconds>(Clock::now() - w->transfer.attempt_start)
                    .count()));
        }
        reports.push_back(std::move(w->report));
    }
    return reports;
}

}  // namespace preview::curl
