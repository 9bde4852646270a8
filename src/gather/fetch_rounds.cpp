#include "gather/fetch_rounds.hpp"

#include <memory>
#include <utility>

namespace preview {

void FetchRounds::run() {
    http_.perform_stream(
        [this](HttpStream& stream) {
            stream_ = &stream;
            submit();
        },
        [this](std::size_t id, const HttpOutcome& outcome, HttpStream& stream) {
            stream_ = &stream;
            auto node = in_flight_.extract(id);
            handle(node.mapped(), outcome);
            submit();
        });
    stream_ = nullptr;
    // Only fetches without a request can be left (added by a handler after the stream ended).
    while (!queued_.empty()) {
        std::vector<Fetch> rest = std::move(queued_);
        queued_.clear();
        for (Fetch& fetch : rest) {
            fetch.handle(HttpOutcome(fetch.request.error()), *this);
        }
    }
}

void FetchRounds::submit() {
    while (!queued_.empty()) {
        std::vector<Fetch> batch = std::move(queued_);
        queued_.clear();
        for (Fetch& fetch : batch) {
            if (!fetch.request.ok()) {
                fetch.handle(HttpOutcome(fetch.request.error()), *this);  // may queue more
                continue;
            }
            const std::size_t id = stream_->add(fetch.request.value());
            in_flight_.emplace(id, std::move(fetch));
        }
    }
}

void FetchRounds::handle(Fetch& fetch, const HttpOutcome& outcome) {
    // An expired exec-plugin credential gets one fresh try (as client-go does).
    if (fetch.kube != nullptr && outcome.ok() && outcome->status == 401 && fetch.kube->auth &&
        fetch.kube->auth->invalidate()) {
        HttpRequest retry = fetch.request.value();
        retry.bearer_token.clear();
        retry.tls.client_cert_pem.clear();
        retry.tls.client_key_pem.clear();
        auto authorized = fetch.kube->auth->authorize(retry);
        add(Fetch{authorized.ok() ? Result<HttpRequest>(std::move(retry))
                                  : Result<HttpRequest>(authorized.error()),
                  std::move(fetch.handle), nullptr});
        return;
    }
    fetch.handle(outcome, *this);
}

AfterAll::AfterAll(std::function<void(FetchRounds&)> then)
    : state_(std::make_shared<State>(State{0, std::move(then)})) {}

Fetch AfterAll::wait_for(Fetch fetch) const {
    ++state_->left;
    auto inner = std::move(fetch.handle);
    fetch.handle = [inner, state = state_](const HttpOutcome& outcome, FetchRounds& next) {
        inner(outcome, next);  // may wait_for() a follow-up of its own first
        if (--state->left == 0 && state->then) {
            auto then = std::move(state->then);
            state->then = nullptr;
            then(next);
        }
    };
    return fetch;
}

}  // namespace preview
