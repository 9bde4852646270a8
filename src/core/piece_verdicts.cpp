#include "preview/core/piece_verdicts.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "preview/core/argo_sync.hpp"
#include "preview/core/status.hpp"

namespace preview {
namespace {

struct Judged {
    PieceState state;
    std::string note;
};

// Observed data through `judge`; an error is unknown (with why) or not gathered, never absent.
template <class T, class Judge>
PieceVerdict verdict(const char* piece, const Observed<T>& observed, Judge judge) {
    if (!observed.ok()) {
        const Error& e = observed.error();
        return {piece, not_gathered(e) ? PieceState::not_gathered : PieceState::unknown, e.message};
    }
    Judged j = judge(*observed);
    return {piece, j.state, std::move(j.note)};
}

template <class T, class Bad, class Pending>
Judged worst_of(const std::vector<T>& items, Bad bad, Pending pending, const char* none) {
    if (items.empty()) {
        return {PieceState::absent, none};
    }
    for (const auto& item : items) {
        if (bad(item)) {
            return {PieceState::failing, item.meta.name};
        }
    }
    for (const auto& item : items) {
        if (pending(item)) {
            return {PieceState::pending, item.meta.name};
        }
    }
    return {PieceState::ok, {}};
}

}  // namespace

std::vector<PieceVerdict> piece_verdicts(const Snapshot& s, const Profile& profile) {
    std::vector<PieceVerdict> out;
    const std::string label = s.targets.label;
    out.push_back(verdict("pr", s.pr, [&](const PullRequest& pr) -> Judged {
        if (pr.state != "open") {
            return {PieceState::absent, pr.merged ? "merged" : "closed"};
        }
        return has_label(pr, label) ? Judged{PieceState::ok, "open, labelled"}
                                    : Judged{PieceState::absent, "open, not labelled"};
    }));
    out.push_back(verdict("ci", s.checks, [&](const std::vector<CheckRun>& runs) -> Judged {
        switch (overall_check_state(required_checks_of(runs, profile))) {
            case CheckState::passed:
                return {PieceState::ok, {}};
            case CheckState::failed:
                return {PieceState::failing, {}};
            case CheckState::running:
            case CheckState::missing:
                break;
        }
        return {PieceState::pending, {}};
    }));
    out.push_back(verdict("applicationSet", s.application_set,
                          [](const std::optional<ApplicationSet>& set) -> Judged {
                              if (!set) {
                                  return {PieceState::absent, "not found"};
                              }
                              const auto* err = find_condition(set->conditions, "ErrorOccurred");
                              return err != nullptr && err->status == "True"
                                         ? Judged{PieceState::failing, err->message}
                                         : Judged{PieceState::ok, {}};
                          }));
    out.push_back(verdict("applications", s.applications, [&](const std::vector<Application>&) {
        const Application* parent = parent_application(s);
        if (parent == nullptr) {
            return Judged{PieceState::absent, "no Application " + s.targets.application};
        }
        return worst_of(
            *s.applications,
            [](const Application& a) {
                return application_error(a) != nullptr || a.health_status == "Degraded";
            },
            [](const Application& a) {
                return (a.sync_status != "Synced" && !cosmetic_drift(a)) ||
                       a.health_status != "Healthy";
            },
            "");
    }));
    out.push_back(verdict("namespace", s.namespace_state, [](const std::optional<Namespace>& ns) {
        if (!ns) {
            return Judged{PieceState::absent, "does not exist"};
        }
        return ns->meta.deletion_timestamp.empty() && ns->phase != "Terminating"
                   ? Judged{PieceState::ok, ns->phase}
                   : Judged{PieceState::pending, "Terminating"};
    }));
    out.push_back(verdict("workloads", s.workloads, [](const std::vector<Workload>& w) {
        return worst_of(
            w, [](const Workload&) { return false; },
            [](const Workload& x) { return !workload_available(x); }, "none yet");
    }));
    out.push_back(verdict("pods", s.pods, [](const std::vector<Pod>& pods) {
        return worst_of(
            pods, [](const Pod& p) { return pod_problem(p).has_value(); },
            [](const Pod& p) { return !p.ready && p.phase != "Succeeded"; }, "none yet");
    }));
    out.push_back(
        verdict("externalSecrets", s.external_secrets, [](const std::vector<ExternalSecret>& es) {
            return worst_of(
                es, [](const ExternalSecret&) { return false; },
                [](const ExternalSecret& e) { return !external_secret_ready(e); }, "none");
        }));
    out.push_back(verdict("jobs", s.jobs, [](const std::vector<Job>& jobs) {
        return worst_of(
            jobs, [](const Job& j) { return job_state(j) == JobState::failed; },
            [](const Job& j) { return job_state(j) == JobState::running; }, "none");
    }));
    out.push_back(verdict("routes", s.routes, [](const std::vector<HttpRoute>& routes) {
        return worst_of(
            routes,
            [](const HttpRoute& r) {
                const auto st = route_state(r);
                return st.reported && (!st.accepted || !st.resolved_refs);
            },
            [](const HttpRoute& r) { return !route_state(r).reported; }, "none yet");
    }));
    if (!s.targets.health_url.empty()) {
        out.push_back(verdict("url", s.url, [](const UrlProbe& probe) {
            return url_healthy(probe)
                       ? Judged{PieceState::ok, fmt::format("HTTP {}", probe.http_status)}
                       : Judged{PieceState::failing, probe.http_status != 0
                                                         ? fmt::format("HTTP {}", probe.http_status)
                                                         : probe.error};
        }));
    }
    return out;
}

}  // namespace preview
