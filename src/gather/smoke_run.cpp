#include "preview/gather/smoke_run.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "preview/api/smoke_json.hpp"

namespace preview {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

constexpr std::size_t kMinSecretLength = 4;

void cut_secrets(std::string& text, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) {
        if (secret.size() < kMinSecretLength) {
            continue;
        }
        for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 8)) {
            text.replace(at, secret.size(), "REDACTED");
        }
    }
}

HttpRequest send_request(const SmokePlan& plan, const SmokeRunOptions& options) {
    HttpRequest request;
    request.method = plan.method;
    request.url = plan.send_url;
    request.body = plan.body;
    request.tls = options.tls;
    request.timeout = options.request_timeout;
    request.max_attempts = 1;
    for (const auto& header : plan.headers) {
        const bool bearer =
            header.name.size() == 13 &&
            std::equal(header.name.begin(), header.name.end(), "authorization",
                       [](char a, char b) {
                           return static_cast<char>(std::tolower(static_cast<unsigned char>(a))) ==
                                  b;
                       }) &&
            header.value.starts_with("Bearer ");
        if (bearer) {
            request.bearer_token = header.value.substr(7);
        } else {
            request.headers.emplace_back(header.name, header.value);
        }
    }
    return request;
}

}  // namespace

SmokeRun run_smoke(HttpClient& http, const SmokePlan& plan, const SmokeRunOptions& options) {
    SmokeRun run;
    const auto started = Clock::now();
    auto sent = http.perform(send_request(plan, options));
    run.send.elapsed_ms = duration_cast<milliseconds>(Clock::now() - started).count();
    if (!sent.ok()) {
        run.send.transport_error = sent.error();
        cut_secrets(run.send.transport_error->message, plan.secrets);
        return run;
    }
    cut_secrets(sent->body, plan.secrets);
    run.send.status = sent->status;
    if (sent->status < 200 || sent->status > 299) {
        const auto answer = parse_smoke_error(sent->body);
        run.send.json_error = answer.json_error;
        run.send.error_message = answer.message;
        return run;
    }

    SmokeReceiveResult receive;
    const auto deadline = started + std::chrono::seconds(plan.timeout_seconds);
    for (;;) {
        HttpRequest poll;
        poll.url = plan.expect_url;
        poll.tls = options.tls;
        poll.max_attempts = 1;
        const auto left = duration_cast<milliseconds>(deadline - Clock::now());
        poll.timeout = std::clamp(left, milliseconds(1000), options.request_timeout);
        auto answer = http.perform(std::move(poll));
        ++receive.polls;
        if (!answer.ok()) {
            receive.transport_error = answer.error();
            break;
        }
        receive.transport_error.reset();
        cut_secrets(answer->body, plan.secrets);
        receive.last_status = answer->status;
        if (answer->status >= 200 && answer->status <= 299) {
            receive.last_message.clear();
            if (smoke_answer_has(answer->body, plan.expect_contains, plan.expect_field)) {
                receive.found = true;
                receive.latency_ms = duration_cast<milliseconds>(Clock::now() - started).count();
                break;
            }
        } else {
            receive.last_message = parse_smoke_error(answer->body).message;
            if (answer->status < 500 && answer->status != 429) {
                break;  // a 4xx will not heal by waiting
            }
        }
        if (Clock::now() + options.interval > deadline || !options.sleep ||
            !options.sleep(options.interval)) {
            break;
        }
    }
    run.receive = std::move(receive);
    return run;
}

}  // namespace preview
