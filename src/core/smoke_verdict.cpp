// Which step of the smoke test failed, and why (homerun2.md §4: the pitcher's real answers).

#include <string>

#include <fmt/format.h>

#include "preview/core/smoke.hpp"

namespace preview {
namespace {

std::string host_of(std::string_view url) {
    const auto sep = url.find("://");
    auto rest = sep == std::string_view::npos ? url : url.substr(sep + 3);
    return std::string(rest.substr(0, rest.find_first_of("/?#")));
}

std::string quoted_answer(long status, std::string_view message) {
    return message.empty() ? fmt::format("{}", status) : fmt::format("{} {:?}", status, message);
}

std::string env_list(const SmokePlan& plan) {
    std::string out;
    for (const auto& name : plan.env_vars) {
        out += (out.empty() ? "" : ", ") + std::string("$") + name;
    }
    return out;
}

SmokeVerdict send_failed(const SmokePlan& plan, const PrRef& pr, const SmokeSendResult& send) {
    SmokeVerdict v;
    v.failed_step = SmokeStep::send;
    const std::string host = host_of(plan.send_url);
    const std::string doctor = fmt::format("preview doctor {}", pr.number);
    if (send.transport_error) {
        const Error& e = *send.transport_error;
        const bool tls = e.kind == ErrorKind::tls;
        v.cause = fmt::format("the sender at {} could not be reached ({}): {}", host, e.message,
                              tls ? "the route's TLS certificate is not valid for it"
                                  : "no route or gateway answers for it");
        v.fix = fmt::format("{} --check route --check gateway", doctor);
        return v;
    }
    const auto answer = quoted_answer(send.status, send.error_message);
    if (send.status == 401 || send.status == 403) {
        v.credentials = true;
        const auto vars = env_list(plan);
        v.cause = fmt::format("the sender refused the credentials ({}): {}", answer,
                              vars.empty() ? "the profile's smoke.send.headers send none"
                                           : fmt::format("the token in {} is missing, wrong or "
                                                         "another preview's",
                                                         vars));
        v.fix = vars.empty() ? "add the Authorization header to smoke.send.headers"
                             : fmt::format(
                                   "export {}=<this preview's pitcher token> and run "
                                   "preview smoke {} again",
                                   plan.env_vars.front(), pr.number);
        return v;
    }
    if (send.status == 503 && send.json_error) {
        v.cause = fmt::format(
            "the sender took the message but could not enqueue it ({}): its "
            "Redis is down or refuses the password",
            answer);
        v.fix = fmt::format("{} --check secrets --check workloads", doctor);
        return v;
    }
    if (!send.json_error && (send.status == 404 || send.status >= 500)) {
        v.cause = fmt::format(
            "the gateway answered {} for {}: no healthy backend behind the "
            "sender's route",
            answer, host);
        v.fix = fmt::format("{} --check route --check workloads", doctor);
        return v;
    }
    v.cause = fmt::format(
        "the sender rejected the message ({}): the profile's smoke.send does "
        "not fit its API",
        answer);
    v.fix = "check smoke.send (method, headers, body) in the profile against the sender's API";
    return v;
}

}  // namespace

std::string_view smoke_step_name(SmokeStep step) {
    return step == SmokeStep::send ? "send" : "receive";
}

SmokeVerdict judge_smoke(const SmokePlan& plan, const PrRef& pr, const SmokeSendResult& send,
                         const std::optional<SmokeReceiveResult>& receive) {
    if (send.transport_error || send.status < 200 || send.status > 299) {
        return send_failed(plan, pr, send);
    }
    SmokeVerdict v;
    if (!receive) {
        v.failed_step = SmokeStep::receive;
        v.cause = "the receiver was not asked";
        return v;
    }
    if (receive->found) {
        v.passed = true;
        return v;
    }
    v.failed_step = SmokeStep::receive;
    const std::string host = host_of(plan.expect_url);
    const std::string doctor = fmt::format("preview doctor {}", pr.number);
    if (receive->transport_error) {
        v.cause = fmt::format(
            "the receiver at {} could not be reached ({}): no route or gateway "
            "answers for it",
            host, receive->transport_error->message);
        v.fix = fmt::format("{} --check route --check gateway", doctor);
    } else if (receive->last_status != 0 &&
               (receive->last_status < 200 || receive->last_status > 299)) {
        v.cause = fmt::format("the receiver at {} answered {}", host,
                              quoted_answer(receive->last_status, receive->last_message));
        v.fix = fmt::format("{} --check route --check workloads", doctor);
    } else {
        v.cause = fmt::format(
            "the message was accepted but did not show up at {} within {} s "
            "({} polls): the consumer does not read the stream (down, or "
            "reading another stream)",
            host, plan.timeout_seconds, receive->polls);
        v.fix = fmt::format("{} --check workloads; then the receiver's log (kubectl logs)", doctor);
    }
    return v;
}

}  // namespace preview
