#include "io/curl_batch.hpp"

#include <algorithm>
#include <chrono>

#include "io/curl_errors.hpp"
#include "io/curl_setup.hpp"
#include <fmt/format.h>

namespace preview::curl {

namespace {

constexpr milliseconds kIdlePoll{1000};
constexpr milliseconds kInterruptPoll{50};

long long count_ms(Clock::duration duration) {
    return static_cast<long long>(std::chrono::duration_cast<milliseconds>(duration).count());
}

}  // namespace

std::size_t Batch::add(HttpRequest request) {
    const std::size_t id = transfers_.size();
    auto transfer = std::make_unique<Transfer>();
    transfer->id = id;
    transfer->request = std::move(request);
    transfer->log_url = redact_url(transfer->request.url);
    const std::string& group = transfer->request.serial_group;
    if (!group.empty()) {
        auto last = std::find_if(last_of_group_.begin(), last_of_group_.end(),
                                 [&](const auto& entry) { return entry.first == group; });
        if (last == last_of_group_.end()) {
            last_of_group_.emplace_back(group, transfer.get());
        } else {
            transfer->after = std::exchange(last->second, transfer.get());
        }
    }
    if (auto error = configure(*transfer, options())) {
        transfer->outcome = std::move(*error);
        final_.push_back(id);
    } else {
        ++unfinished_;
    }
    transfers_.push_back(std::move(transfer));
    return id;
}

Batch::~Batch() {
    for (auto& transfer : transfers_) {
        detach(*transfer);
    }
}

void Batch::run(const StreamOutcome& on_outcome) {
    while (unfinished_ > 0 || !final_.empty()) {
        // Hand over what is final first: the handlers may add requests that can start now.
        while (!final_.empty()) {
            const std::size_t id = final_.front();
            final_.pop_front();
            // The outcome stays engaged (moved-from): done() still holds back its serial group.
            on_outcome(id, std::move(*transfers_[id]->outcome), *this);
        }
        if (unfinished_ == 0) {
            break;
        }
        if (interrupted()) {
            abort_all("interrupted", ErrorKind::interrupted, CURLM_OK);
            continue;  // hand the interrupted outcomes over
        }
        start_due();
        int still_running = 0;
        if (const CURLMcode code = curl_multi_perform(shared_.multi, &still_running);
            code != CURLM_OK) {
            abort_all(curl_multi_strerror(code), ErrorKind::network, code);
            continue;  // hand the failed outcomes over
        }
        if (collect_finished() > 0) {
            continue;  // start what the finished transfers were holding back, before waiting
        }
        if (skip_to_retry(shared_.clock.now())) {
            continue;  // a test clock jumped over the wait
        }
        // Waiting on the multi handle (not sleeping) keeps libcurl's background work going:
        // threaded DNS, connects, TLS handshakes and HTTP/2 pings of the running transfers.
        curl_multi_poll(shared_.multi, nullptr, 0, poll_timeout_ms(), nullptr);
    }
}

bool Batch::can_start(const Transfer& transfer, Clock::time_point now) const {
    return !transfer.done() && !transfer.running &&
           (transfer.after == nullptr || transfer.after->done()) &&
           (!transfer.not_before || *transfer.not_before <= now);
}

void Batch::start_due() {
    const Clock::time_point now = shared_.clock.now();
    for (auto& transfer : transfers_) {
        if (running_ >= max_parallel()) {
            return;
        }
        if (can_start(*transfer, now)) {
            start(*transfer, now);
        }
    }
}

void Batch::start(Transfer& transfer, Clock::time_point now) {
    const auto& deadline = options().deadline;
    if (deadline && deadline->passed(now)) {
        finish(transfer, deadline_error(transfer));
        return;
    }
    transfer.begin_attempt(now);
    // Each attempt gets what is left of the command's time, never more than its own limit.
    const milliseconds limit = std::max(transfer.request.timeout, milliseconds(1));
    transfer.attempt_timeout = deadline ? deadline->clamp(limit, now) : limit;
    curl_easy_setopt(transfer.easy.get(), CURLOPT_TIMEOUT_MS,
                     static_cast<long>(transfer.attempt_timeout.count()));
    curl_easy_setopt(
        transfer.easy.get(), CURLOPT_CONNECTTIMEOUT_MS,
        static_cast<long>(std::min(transfer.attempt_timeout, kMaxConnectTimeout).count()));
    if (const CURLMcode code = curl_multi_add_handle(shared_.multi, transfer.easy.get());
        code != CURLM_OK) {
        finish(transfer, Error(ErrorKind::network,
                               fmt::format("the request to {} could not be started ({})",
                                           transfer.target.host, curl_multi_strerror(code))));
        return;
    }
    transfer.running = true;
    ++running_;
    ++shared_.request_count;
}

std::size_t Batch::collect_finished() {
    std::size_t finished = 0;
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(shared_.multi, &queued)) {
        if (message->msg != CURLMSG_DONE) {
            continue;
        }
        void* user = nullptr;
        curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &user);
        const CURLcode code = message->data.result;  // read before the message is invalidated
        on_attempt_done(*static_cast<Transfer*>(user), code);
        ++finished;
    }
    return finished;
}

void Batch::on_attempt_done(Transfer& transfer, CURLcode code) {
    const Clock::time_point now = shared_.clock.now();
    if (code == CURLE_OK) {
        const long status = info<long>(transfer, CURLINFO_RESPONSE_CODE);
        const auto wait = retry_wait(
            transfer, is_retryable_status(status),
            parse_retry_after(transfer.response_headers, std::chrono::system_clock::now()), now);
        log(transfer, std::to_string(status), now, wait);
        detach(transfer);
        if (wait) {
            transfer.retry_in(now, *wait);
            return;
        }
        HttpResponse response;
        response.status = status;
        response.headers = std::move(transfer.response_headers);
        response.body = std::move(transfer.body);
        response.elapsed = std::chrono::duration_cast<milliseconds>(now - transfer.first_start);
        response.attempts = transfer.attempt;
        redact_credentials(response, transfer.request);
        finish(transfer, std::move(response));
        return;
    }
    AttemptError failure = classify(transfer, code, now);
    const auto wait = retry_wait(transfer, failure.retryable, std::nullopt, now);
    log(transfer, "error: " + failure.error.message, now, wait);
    detach(transfer);
    if (wait) {
        transfer.retry_in(now, *wait);
        return;
    }
    finish(transfer, std::move(failure.error));
}

std::optional<milliseconds> Batch::retry_wait(const Transfer& transfer, bool retryable,
                                              std::optional<milliseconds> retry_after,
                                              Clock::time_point now) {
    AttemptFacts facts;
    facts.retryable = retryable;
    facts.attempt = transfer.attempt;
    facts.max_attempts = transfer.max_attempts();
    facts.waited = transfer.waited;
    facts.retry_after = retry_after;
    if (options().deadline) {
        if (const auto at = options().deadline->get()) {
            facts.time_left = *at - now;
        }
    }
    facts.jitter = std::uniform_real_distribution<double>(0.0, 1.0)(shared_.random);
    return options().retry.next_wait(facts);
}

bool Batch::skip_to_retry(Clock::time_point now) {
    if (running_ > 0) {
        return false;  // the network has something to say first
    }
    std::optional<Clock::time_point> next;
    for (const auto& transfer : transfers_) {
        if (transfer->not_before && *transfer->not_before > now &&
            (!next || *transfer->not_before < *next)) {
            next = transfer->not_before;
        }
    }
    return next && shared_.clock.skip_to(*next);
}

int Batch::poll_timeout_ms() const {
    long curl_timeout = -1;
    curl_multi_timeout(shared_.multi, &curl_timeout);
    milliseconds wait = curl_timeout >= 0 ? milliseconds(curl_timeout) : kIdlePoll;
    const Clock::time_point now = shared_.clock.now();
    // A due retry matters only with a free slot; otherwise a finishing transfer wakes the poll.
    for (const auto& transfer : transfers_) {
        if (transfer->not_before && !transfer->running && running_ < max_parallel()) {
            wait = std::min(wait, std::max(milliseconds(0), std::chrono::ceil<milliseconds>(
                                                                *transfer->not_before - now)));
        }
    }
    if (options().interrupted != nullptr) {
        wait = std::min(wait, kInterruptPoll);  // a signal handler cannot wake the poll
    }
    return static_cast<int>(std::min(wait, kIdlePoll).count());
}

void Batch::detach(Transfer& transfer) {
    if (transfer.running) {
        curl_multi_remove_handle(shared_.multi, transfer.easy.get());
        transfer.running = false;
        --running_;
    }
}

void Batch::finish(Transfer& transfer, HttpOutcome outcome) {
    transfer.outcome = std::move(outcome);
    transfer.not_before.reset();
    --unfinished_;
    final_.push_back(transfer.id);
}

void Batch::abort_all(const std::string& why, ErrorKind kind, CURLMcode code) {
    const Clock::time_point now = shared_.clock.now();
    for (auto& transfer : transfers_) {
        if (transfer->done()) {
            continue;
        }
        Error error(kind,
                    kind == ErrorKind::interrupted
                        ? fmt::format("the request to {} was interrupted", transfer->target.host)
                        : fmt::format("the request to {} failed ({})", transfer->target.host, why),
                    {}, 0, kind == ErrorKind::interrupted ? "" : curl_multi_strerror(code));
        if (transfer->running) {
            log(*transfer, "error: " + error.message, now, std::nullopt);
        }
        detach(*transfer);
        finish(*transfer, std::move(error));
    }
}

void Batch::log(const Transfer& transfer, const std::string& result, Clock::time_point now,
                std::optional<milliseconds> retry_in) const {
    if (!options().log) {
        return;
    }
    std::string line = fmt::format("{} {} {} {}ms", transfer.request.method, transfer.log_url,
                                   result, count_ms(now - transfer.attempt_start));
    if (retry_in) {
        line += fmt::format(" (attempt {}/{}, retrying in {}ms)", transfer.attempt,
                            transfer.max_attempts(), static_cast<long long>(retry_in->count()));
    }
    options().log(line);
}

}  // namespace preview::curl
