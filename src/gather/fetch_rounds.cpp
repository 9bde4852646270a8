#include "gather/fetch_rounds.hpp"

#include <utility>

namespace preview {

int FetchRounds::run() {
    int rounds = 0;
    while (!next_.empty()) {
        ++rounds;
        std::vector<Fetch> round = std::move(next_);
        next_.clear();

        std::vector<HttpRequest> requests;
        std::vector<std::size_t> sent;  // index into `round` of each request
        for (std::size_t i = 0; i < round.size(); ++i) {
            if (round[i].request.ok()) {
                requests.push_back(round[i].request.value());
                sent.push_back(i);
            }
        }
        std::vector<HttpOutcome> outcomes = http_.perform_all(std::move(requests));

        std::vector<std::optional<HttpOutcome>> by_fetch(round.size());
        for (std::size_t k = 0; k < sent.size(); ++k) {
            by_fetch[sent[k]] = std::move(outcomes[k]);
        }
        for (std::size_t i = 0; i < round.size(); ++i) {
            Fetch& fetch = round[i];
            if (!by_fetch[i]) {
                fetch.handle(HttpOutcome(fetch.request.error()), *this);
                continue;
            }
            const HttpOutcome& outcome = *by_fetch[i];
            // An expired exec-plugin credential gets one fresh try (as client-go does).
            if (fetch.kube != nullptr && outcome.ok() && outcome->status == 401 &&
                fetch.kube->auth && fetch.kube->auth->invalidate()) {
                HttpRequest retry = fetch.request.value();
                retry.bearer_token.clear();
                retry.tls.client_cert_pem.clear();
                retry.tls.client_key_pem.clear();
                auto authorized = fetch.kube->auth->authorize(retry);
                Fetch again{authorized.ok() ? Result<HttpRequest>(std::move(retry))
                                            : Result<HttpRequest>(authorized.error()),
                            std::move(fetch.handle), nullptr};
                add(std::move(again));
                continue;
            }
            fetch.handle(outcome, *this);
        }
    }
    return rounds;
}

}  // namespace preview
