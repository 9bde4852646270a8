#include "preview/render/smoke_render.hpp"

#include <fmt/format.h>

#include "preview/core/sanitize.hpp"

namespace preview {
namespace {

using json = nlohmann::ordered_json;

json send_json(const SmokePlan& plan, const SmokeSendResult& send) {
    json step = {{"step", "send"},
                 {"method", plan.method},
                 {"url", plan.send_url},
                 {"status", send.status == 0 ? json(nullptr) : json(send.status)},
                 {"ms", send.elapsed_ms}};
    if (send.transport_error) {
        step["error"] = send.transport_error->message;
    } else if (send.status < 200 || send.status > 299) {
        step["error"] = send.error_message;
    } else {
        step["error"] = nullptr;
    }
    return step;
}

json receive_json(const SmokePlan& plan, const SmokeReceiveResult& r) {
    json step = {{"step", "receive"},
                 {"method", "GET"},
                 {"url", plan.expect_url},
                 {"status", r.last_status == 0 ? json(nullptr) : json(r.last_status)},
                 {"polls", r.polls},
                 {"found", r.found}};
    if (r.transport_error) {
        step["error"] = r.transport_error->message;
    } else if (!r.last_message.empty()) {
        step["error"] = r.last_message;
    } else {
        step["error"] = nullptr;
    }
    return step;
}

}  // namespace

json smoke_json(const PrRef& pr, const SmokePlan& plan, const SmokeRun& run,
                const SmokeVerdict& verdict) {
    json steps = json::array({send_json(plan, run.send)});
    if (run.receive) {
        steps.push_back(receive_json(plan, *run.receive));
    }
    const bool found = verdict.passed && run.receive;
    return {{"pr", {{"repo", pr.repo_slug()}, {"number", pr.number}}},
            {"title", plan.title},
            {"passed", verdict.passed},
            {"latencyMs", found ? json(run.receive->latency_ms) : json(nullptr)},
            {"failedStep", verdict.failed_step
                               ? json(std::string(smoke_step_name(*verdict.failed_step)))
                               : json(nullptr)},
            {"cause", verdict.passed ? json(nullptr) : json(verdict.cause)},
            {"fix", verdict.passed ? json(nullptr) : json(verdict.fix)},
            {"steps", std::move(steps)}};
}

std::string render_smoke_table(const PrRef& pr, const SmokePlan& plan, const SmokeRun& run,
                               const SmokeVerdict& verdict, const TermStyle& style) {
    std::string out =
        fmt::format("Smoke test of {}#{}: message \"{}\"\n", pr.repo_slug(), pr.number, plan.title);
    const bool send_ok =
        !run.send.transport_error && run.send.status >= 200 && run.send.status <= 299;
    std::string send_result;
    if (run.send.transport_error) {
        send_result = sanitize_line(run.send.transport_error->message);
    } else {
        send_result = fmt::format("{} {}", run.send.status,
                                  sanitize_line(send_ok ? "" : run.send.error_message));
    }
    out += fmt::format("  {} send     {} {}  {}  {} ms\n",
                       mark(style, send_ok ? Tone::good : Tone::bad), plan.method,
                       sanitize_line(plan.send_url), send_result, run.send.elapsed_ms);
    if (run.receive) {
        const auto& r = *run.receive;
        std::string result =
            r.found ? fmt::format("found after {} poll{}", r.polls, r.polls == 1 ? "" : "s")
            : r.transport_error
                ? sanitize_line(r.transport_error->message)
                : fmt::format("not found after {} poll{}", r.polls, r.polls == 1 ? "" : "s");
        out +=
            fmt::format("  {} receive  GET {}  {}\n", mark(style, r.found ? Tone::good : Tone::bad),
                        sanitize_line(plan.expect_url), result);
    }
    if (verdict.passed) {
        out += fmt::format("{}: the message arrived {} ms after it was sent\n",
                           paint(style, Tone::good, "data flows"), run.receive->latency_ms);
        return out;
    }
    out += fmt::format("{} at {}: {}\n", paint(style, Tone::bad, "smoke test failed"),
                       smoke_step_name(verdict.failed_step.value_or(SmokeStep::send)),
                       sanitize_line(verdict.cause, 400));
    if (!verdict.fix.empty()) {
        out += fmt::format("  fix: {}\n", sanitize_line(verdict.fix, 400));
    }
    return out;
}

}  // namespace preview
