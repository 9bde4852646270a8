#include <fmt/format.h>

#include "preview/core/revision.hpp"
#include "preview/core/status.hpp"
#include "preview/render/status_render.hpp"
#include "preview/render/timeline_render.hpp"

namespace preview {
namespace {

using json = nlohmann::ordered_json;

json conditions_json(const std::vector<Condition>& conditions) {
    json out = json::array();
    for (const auto& c : conditions) {
        json item = {{"type", c.type}, {"message", c.message}};
        if (!c.status.empty()) {
            item["status"] = c.status;
        }
        if (!c.reason.empty()) {
            item["reason"] = c.reason;
        }
        out.push_back(std::move(item));
    }
    return out;
}

json age_json(const Snapshot& s, const std::string& timestamp) {
    auto age = age_of(s, timestamp);
    return age ? json(*age) : json(nullptr);
}

// Adds `name: value` for observed data, or `name: null` plus an errors[] entry.
template <class T, class ToJson>
void put(json& doc, json& errors, const char* name, const Observed<T>& observed, ToJson to_json) {
    if (observed.ok()) {
        doc[name] = to_json(*observed);
        return;
    }
    doc[name] = nullptr;
    const Error& e = observed.error();
    json entry = {{"source", name}, {"kind", error_kind_name(e.kind)}, {"message", e.message}};
    if (!e.hint.empty()) {
        entry["hint"] = e.hint;
    }
    errors.push_back(std::move(entry));
}

// Which commit runs and every piece that names one (additive to the design §5 contract).
json revision_json(const RevisionJudgement& j) {
    json evidence = json::array();
    for (const auto& e : j.evidence) {
        evidence.push_back({{"source", revision_source_name(e.source)},
                            {"object", e.object},
                            {"field", e.field},
                            {"value", e.value},
                            {"sha", e.sha},
                            {"head", e.head}});
    }
    json out = {{"verdict", revision_verdict_name(j.verdict)},
                {"headSha", j.head_sha.empty() ? json(nullptr) : json(j.head_sha)},
                {"runningSha", j.running_sha.empty() ? json(nullptr) : json(j.running_sha)},
                {"evidence", std::move(evidence)}};
    if (j.verdict == RevisionVerdict::unknown) {
        out["reason"] = j.why_unknown;
    }
    return out;
}

// One entry per piece: {"state": "ok|pending|failing|absent|unknown|not-gathered", "note"}.
json verdicts_json(const std::vector<PieceVerdict>& verdicts) {
    json out = json::object();
    for (const auto& v : verdicts) {
        out[v.piece] = {{"state", piece_state_name(v.state)}, {"note", v.note}};
    }
    return out;
}

}  // namespace

json status_json(const Snapshot& s, const Profile& profile) {
    return status_json(s, status_report_of(s, profile), profile);
}

json status_json(const Snapshot& s, const StatusReport& report, const Profile& profile) {
    json doc = json::object();
    json errors = json::array();

    put(doc, errors, "pr", s.pr, [&](const PullRequest& pr) {
        return json{{"repo", s.ref.repo_slug()},
                    {"number", pr.number},
                    {"state", pr.merged ? "merged" : pr.state},
                    {"title", pr.title},
                    {"author", pr.author},
                    {"draft", pr.draft},
                    {"headSha", pr.head_sha},
                    {"headRef", pr.head_ref},
                    {"labels", pr.labels},
                    {"url", pr.html_url}};
    });
    put(doc, errors, "ci", s.checks, [&](const std::vector<CheckRun>& runs) {
        json out = json::array();
        for (const auto& run : runs) {
            out.push_back(
                {{"name", run.name},
                 {"status", run.status},
                 {"conclusion", run.conclusion.empty() ? json(nullptr) : json(run.conclusion)},
                 {"required", is_required_check(run, profile)},
                 {"url", run.html_url}});
        }
        return out;
    });
    put(doc, errors, "comment", s.bot_comment, [](const std::optional<BotComment>& c) {
        return c ? json{{"url", c->html_url}, {"author", c->author}, {"updatedAt", c->updated_at}}
                 : json(nullptr);
    });
    put(doc, errors, "applicationSet", s.application_set,
        [&](const std::optional<ApplicationSet>& set) {
            if (!set) {
                return json{{"name", s.targets.application_set}, {"exists", false}};
            }
            const auto* err = find_condition(set->conditions, "ErrorOccurred");
            return json{{"name", set->meta.name},
                        {"exists", true},
                        {"error", err != nullptr && err->status == "True" ? json(err->message)
                                                                          : json(nullptr)},
                        {"refreshPending", set->meta.annotations.count(
                                               "argocd.argoproj.io/application-set-refresh") > 0},
                        {"conditions", conditions_json(set->conditions)}};
        });
    put(doc, errors, "applications", s.applications, [&](const std::vector<Application>& apps) {
        json out = json::array();
        for (const auto& app : apps) {
            const auto* err = application_error(app);
            out.push_back({{"name", app.meta.name},
                           {"parent", app.meta.name == s.targets.application},
                           {"sync", app.sync_status},
                           {"health", app.health_status},
                           {"message", err != nullptr ? err->message : app.health_message},
                           {"operation", app.operation_phase},
                           {"deleting", !app.meta.deletion_timestamp.empty()},
                           {"conditions", conditions_json(app.conditions)}});
        }
        return out;
    });
    put(doc, errors, "namespace", s.namespace_state, [&](const std::optional<Namespace>& ns) {
        return ns ? json{{"name", ns->meta.name},
                         {"phase", ns->phase},
                         {"ageSeconds", age_json(s, ns->meta.creation_timestamp)},
                         {"conditions", conditions_json(ns->conditions)}}
                  : json(nullptr);
    });
    put(doc, errors, "workloads", s.workloads, [](const std::vector<Workload>& all) {
        json out = json::array();
        for (const auto& w : all) {
            out.push_back({{"kind", w.kind},
                           {"name", w.meta.name},
                           {"desired", w.desired},
                           {"readyReplicas", w.ready},
                           {"availableReplicas", w.available},
                           {"available", workload_available(w)}});
        }
        return out;
    });
    put(doc, errors, "pods", s.pods, [&](const std::vector<Pod>& pods) {
        json out = json::array();
        for (const auto& pod : pods) {
            int restarts = 0;
            json images = json::array();
            for (const auto& c : pod.containers) {
                restarts += c.restart_count;
                images.push_back(c.image);
            }
            auto problem = pod_problem(pod);
            out.push_back({{"name", pod.meta.name},
                           {"phase", pod.phase},
                           {"ready", pod.ready},
                           {"restarts", restarts},
                           {"problem", problem ? json(problem->reason) : json(nullptr)},
                           {"message", problem ? json(problem->message) : json(nullptr)},
                           {"images", images},
                           {"ageSeconds", age_json(s, pod.meta.creation_timestamp)}});
        }
        return out;
    });
    put(doc, errors, "externalSecrets", s.external_secrets,
        [](const std::vector<ExternalSecret>& all) {
            json out = json::array();
            for (const auto& es : all) {
                const auto* ready = find_condition(es.conditions, "Ready");
                out.push_back({{"name", es.meta.name},
                               {"ready", external_secret_ready(es)},
                               {"reason", ready != nullptr ? ready->reason : ""},
                               {"message", ready != nullptr ? ready->message : ""}});
            }
            return out;
        });
    put(doc, errors, "jobs", s.jobs, [&](const std::vector<Job>& jobs) {
        json out = json::array();
        for (const auto& job : jobs) {
            out.push_back({{"name", job.meta.name},
                           {"state", job_state_name(job_state(job))},
                           {"succeeded", job.succeeded},
                           {"failed", job.failed},
                           {"ageSeconds", age_json(s, job.meta.creation_timestamp)}});
        }
        return out;
    });
    put(doc, errors, "routes", s.routes, [](const std::vector<HttpRoute>& routes) {
        json out = json::array();
        for (const auto& route : routes) {
            const auto state = route_state(route);
            out.push_back({{"name", route.meta.name},
                           {"hostnames", route.hostnames},
                           {"accepted", state.accepted},
                           {"resolvedRefs", state.resolved_refs},
                           {"message", state.message}});
        }
        return out;
    });
    put(doc, errors, "events", s.events, [](const std::vector<Event>& events) {
        json out = json::array();
        for (const auto& e : events) {
            out.push_back({{"reason", e.reason},
                           {"message", e.message},
                           {"object", e.object_kind + "/" + e.object_name},
                           {"count", e.count},
                           {"lastSeen", e.last_timestamp}});
        }
        return out;
    });
    if (s.targets.health_url.empty()) {
        doc["url"] = nullptr;
    } else {
        put(doc, errors, "url", s.url, [&](const UrlProbe& probe) {
            return json{
                {"url", s.targets.url},
                {"healthUrl", probe.url},
                {"httpStatus", probe.http_status == 0 ? json(nullptr) : json(probe.http_status)},
                {"ok", url_healthy(probe)},
                {"error", probe.error.empty() ? json(nullptr) : json(probe.error)},
                {"ms", probe.elapsed_ms}};
        });
    }
    json artifacts = json::array();
    for (std::size_t i = 0; i < s.artifacts.size(); ++i) {
        const auto& a = s.artifacts[i];
        const std::string ref = i < s.targets.artifacts.size() ? s.targets.artifacts[i] : "";
        artifacts.push_back(
            a.ok() ? json{{"reference", ref}, {"exists", a->exists}, {"digest", a->digest}}
                   : json{{"reference", ref}, {"exists", nullptr}, {"error", a.error().message}});
    }
    doc["artifacts"] = std::move(artifacts);
    doc["revision"] = revision_json(report.revision);
    doc["runningSha"] = doc["revision"]["runningSha"];
    doc["phase"] = phase_name(report.phase);
    doc["ready"] = report.ready();
    doc["reason"] = report.reason;
    doc["verdicts"] = verdicts_json(report.verdicts);
    json unknowns = json::array();
    for (const auto& u : report.unknowns) {
        unknowns.push_back({{"piece", u.piece}, {"reason", u.note}});
    }
    doc["unknowns"] = std::move(unknowns);
    doc["contradiction"] =
        report.contradiction.empty() ? json(nullptr) : json(report.contradiction);
    doc["timeline"] = timeline_json(report.timeline);
    doc["biggestWait"] = biggest_wait_json(report.timeline);
    if (!s.label_events.ok() && !s.label_events.error().not_gathered) {
        const Error& e = s.label_events.error();
        errors.push_back(
            {{"source", "labelEvents"}, {"kind", error_kind_name(e.kind)}, {"message", e.message}});
    }
    doc["errors"] = std::move(errors);
    return doc;
}

}  // namespace preview
