#include <algorithm>
#include <array>
#include <set>

#include <fmt/format.h>

#include "preview/core/notable_events.hpp"
#include "preview/core/revision.hpp"
#include "preview/core/sanitize.hpp"
#include "preview/core/status.hpp"
#include "preview/core/time.hpp"
#include "preview/render/status_render.hpp"
#include "preview/render/timeline_render.hpp"

namespace preview {
namespace {

/// One table row: a mark and aligned cells.
struct Row {
    Tone tone = Tone::plain;
    std::vector<std::string> cells;
};

class Section {
  public:
    Section(std::string_view title, const TermStyle& style)
        : title_(sanitize_line(title)), style_(style) {}

    /// Cells hold what servers sent: each is made one safe line here, before any styling.
    void row(Tone tone, const std::vector<std::string>& cells) {
        Row r{tone, {}};
        for (const auto& cell : cells) {
            r.cells.push_back(sanitize_line(cell));
        }
        rows_.push_back(std::move(r));
    }

    void error(const Error& e) {
        // Not gathered is no failure: this source does not show the piece (the reason says why).
        row(e.not_gathered ? Tone::muted : Tone::bad, {e.message});
        if (!e.hint.empty()) {
            row(Tone::muted, {"hint: " + e.hint});
        }
    }

    void render(std::string& out) const {
        out += paint(style_, Tone::accent, title_) + "\n";
        std::vector<std::size_t> widths;
        for (const auto& r : rows_) {
            // The last cell is free text; only the ones before it are aligned.
            for (std::size_t i = 0; i + 1 < r.cells.size(); ++i) {
                widths.resize(std::max(widths.size(), i + 1));
                widths[i] = std::max(widths[i], display_width(r.cells[i]));
            }
        }
        for (const auto& r : rows_) {
            std::string line = "  " + mark(style_, r.tone);
            for (std::size_t i = 0; i < r.cells.size(); ++i) {
                line += ' ';
                const bool last = i + 1 == r.cells.size();
                line += last ? r.cells[i] : pad(r.cells[i], widths[i]);
                if (!last) {
                    line += ' ';
                }
            }
            while (!line.empty() && line.back() == ' ') {
                line.pop_back();
            }
            out += line + "\n";
        }
    }

  private:
    std::string title_;
    const TermStyle& style_;
    std::vector<Row> rows_;
};

// Which commit runs, and what says so.
void revision_line(std::string& out, const RevisionJudgement& j, const TermStyle& st) {
    if (j.verdict == RevisionVerdict::unknown) {
        out += fmt::format(
            "  {}\n", paint(st, Tone::muted, "cannot tell which commit runs: " + j.why_unknown));
        return;
    }
    const bool head = j.verdict == RevisionVerdict::head;
    // Sources that agree with the verdict, then those that name another commit (a /health
    // built from the merge commit, or another app answering the URL), each with its commit.
    std::vector<std::string> agree;
    std::vector<std::string> differ;
    for (const auto& e : j.evidence) {
        const bool agrees = head ? e.head : same_commit(e.sha, j.running_sha);
        const std::string name =
            agrees ? std::string(revision_source_name(e.source))
                   : fmt::format("{} says {}", revision_source_name(e.source), short_commit(e.sha));
        auto& into = agrees ? agree : differ;
        if (std::find(into.begin(), into.end(), name) == into.end()) {
            into.push_back(name);
        }
    }
    std::string said;
    for (const auto& name : agree) {
        said += (said.empty() ? "" : ", ") + name;
    }
    for (std::size_t i = 0; i < differ.size(); ++i) {
        said += (i == 0 ? (said.empty() ? "" : "; ") : ", ") + differ[i];
    }
    out +=
        fmt::format("  {} {}  {}\n", mark(st, head ? Tone::good : Tone::warn),
                    head ? fmt::format("runs the PR head {}", short_commit(j.head_sha))
                         : fmt::format("runs {}, PR head is {} ({})", short_commit(j.running_sha),
                                       short_commit(j.head_sha), revision_verdict_name(j.verdict)),
                    paint(st, Tone::muted, "(" + said + ")"));
}

std::string short_sha(const std::string& sha) {
    return sha.substr(0, 8);
}

std::string age_text(const Snapshot& s, const std::string& timestamp) {
    auto age = age_of(s, timestamp);
    return age ? format_age(*age) : "";
}

void phase_line(std::string& out, const StatusReport& report, const TermStyle& st) {
    out +=
        fmt::format("\n{} {}  {}\n", mark(st, report.failed ? Tone::bad : phase_tone(report.phase)),
                    paint(st, Tone::accent, std::string(phase_name(report.phase))),
                    sanitize_line(report.reason, kMessageWidth));
}

void header(std::string& out, const Snapshot& s, const StatusReport& report, const TermStyle& st) {
    const std::string slug = sanitize_line(s.ref.repo_slug());
    if (!s.pr.ok()) {
        // Without the PR the cluster still speaks: the phase says what is unknown and why.
        out += fmt::format("PR #{} · {}\n", s.ref.number, slug);
        phase_line(out, report, st);
        return;
    }
    const PullRequest& pr = *s.pr;
    const std::string state = pr.merged ? "merged" : (pr.draft ? "draft" : pr.state);
    out += fmt::format("{} · {} · {} · {} by {}\n",
                       paint(st, Tone::accent, fmt::format("PR #{}", pr.number)), slug,
                       sanitize_line(state), sanitize_line(pr.title), sanitize_line(pr.author));
    std::string labels;
    for (const auto& l : pr.labels) {
        labels += (labels.empty() ? "" : ", ") + sanitize_line(l);
    }
    out += fmt::format("head {} ({}) · labels: {}\n", sanitize_line(short_sha(pr.head_sha)),
                       sanitize_line(pr.head_ref), labels.empty() ? "none" : labels);
    phase_line(out, report, st);
    if (!s.targets.url.empty()) {
        std::string answer;
        if (s.url.ok()) {
            answer = s.url->http_status != 0
                         ? fmt::format("{} HTTP {} in {} ms",
                                       mark(st, url_healthy(*s.url) ? Tone::good : Tone::bad),
                                       s.url->http_status, s.url->elapsed_ms)
                         : fmt::format("{} {}", mark(st, Tone::bad), sanitize_line(s.url->error));
        }
        out += fmt::format("  URL {}  {}\n", sanitize_line(s.targets.url), answer);
    }
    revision_line(out, report.revision, st);
}

void ci_section(std::string& out, const Snapshot& s, const Profile& profile, const TermStyle& st) {
    Section sec("CI", st);
    if (!s.checks.ok() && not_gathered(s.checks.error()) && !s.pr.ok()) {
        // The check runs are read for the head commit, which only the PR names.
        sec.row(Tone::muted, {"not read: the PR's head commit is unknown"});
    } else if (!s.checks.ok()) {
        sec.error(s.checks.error());
    } else {
        for (const auto& req : required_checks_of(*s.checks, profile)) {
            if (req.runs.empty()) {
                sec.row(Tone::warn, {req.prefix, "no check run yet"});
            }
        }
        for (const auto& run : *s.checks) {
            const bool required = is_required_check(run, profile);
            const Tone tone = check_run_failed(run)       ? (required ? Tone::bad : Tone::warn)
                              : run.status != "completed" ? Tone::warn
                                                          : Tone::good;
            sec.row(tone, {run.name, run.status == "completed" ? run.conclusion : run.status,
                           required ? "" : "(not required)"});
        }
    }
    sec.render(out);
    if (s.artifacts.empty()) {
        return;
    }
    Section art("Artifacts", st);
    for (std::size_t i = 0; i < s.artifacts.size(); ++i) {
        const auto& a = s.artifacts[i];
        const std::string& ref = s.targets.artifacts[i];
        if (!a.ok()) {
            art.row(Tone::warn, {ref, a.error().message});
        } else {
            art.row(a->exists ? Tone::good : Tone::warn,
                    {ref, a->exists ? "in registry" : "not in registry"});
        }
    }
    art.render(out);
}

void argocd_section(std::string& out, const Snapshot& s, const TermStyle& st) {
    Section sec("Argo CD", st);
    if (!s.application_set.ok()) {
        sec.error(s.application_set.error());
    } else if (!s.application_set->has_value()) {
        sec.row(Tone::bad, {"ApplicationSet " + s.targets.application_set, "not found"});
    } else {
        const auto& set = **s.application_set;
        const auto* err = find_condition(set.conditions, "ErrorOccurred");
        const bool failing = err != nullptr && err->status == "True";
        sec.row(failing ? Tone::bad : Tone::good,
                {"ApplicationSet " + set.meta.name, failing ? err->message : "ok"});
    }
    if (!s.applications.ok()) {
        sec.error(s.applications.error());
    } else if (s.applications->empty()) {
        sec.row(Tone::muted, {"Application " + s.targets.application, "not created yet"});
    } else {
        for (const auto& app : *s.applications) {
            const auto* err = application_error(app);
            const bool healthy = app.sync_status == "Synced" && app.health_status == "Healthy";
            const Tone tone = err != nullptr || app.health_status == "Degraded" ? Tone::bad
                              : healthy                                         ? Tone::good
                                                                                : Tone::warn;
            std::string note = err != nullptr ? err->message : app.health_message;
            if (!app.meta.deletion_timestamp.empty()) {
                note = "deleting" + (note.empty() ? "" : ": " + note);
            }
            sec.row(tone, {app.meta.name, app.sync_status.empty() ? "-" : app.sync_status,
                           app.health_status.empty() ? "-" : app.health_status, note});
        }
    }
    sec.render(out);
}

void namespace_section(std::string& out, const Snapshot& s, const TermStyle& st) {
    Section sec("Namespace " + s.targets.namespace_name, st);
    if (!s.namespace_state.ok()) {
        sec.error(s.namespace_state.error());
    } else if (!s.namespace_state->has_value()) {
        sec.row(Tone::muted, {"does not exist"});
    } else {
        const auto& ns = **s.namespace_state;
        sec.row(ns.phase == "Active" ? Tone::good : Tone::warn,
                {ns.phase, age_text(s, ns.meta.creation_timestamp)});
    }
    sec.render(out);
}

// Rows for objects the profile expects by name but that are not there.
void expected_missing(Section& sec, const std::vector<std::string>& expected,
                      const std::set<std::string>& present, std::string_view what) {
    for (const auto& name : expected) {
        if (!present.contains(name)) {
            sec.row(Tone::warn, {name, fmt::format("{} not created yet", what)});
        }
    }
}

void workload_sections(std::string& out, const Snapshot& s, const TermStyle& st) {
    const bool ns_exists = s.namespace_state.ok() && s.namespace_state->has_value();
    // A namespace this source does not show, whose contents it read (the Argo CD API's trees).
    const bool contents_read =
        !s.namespace_state.ok() && s.namespace_state.error().not_gathered && s.workloads.ok();
    if (!ns_exists && !contents_read) {
        return;
    }
    {
        Section sec("Workloads", st);
        if (!s.workloads.ok()) {
            sec.error(s.workloads.error());
        } else {
            for (const auto& w : *s.workloads) {
                sec.row(
                    workload_available(w) ? Tone::good : Tone::warn,
                    {w.kind, w.meta.name, fmt::format("{}/{} available", w.available, w.desired)});
            }
            if (s.workloads->empty()) {
                sec.row(Tone::muted, {"none yet"});
            }
        }
        sec.render(out);
    }
    {
        Section sec("Pods", st);
        if (!s.pods.ok()) {
            sec.error(s.pods.error());
        } else {
            for (const auto& pod : *s.pods) {
                int restarts = 0;
                int ready = 0;
                int total = 0;
                for (const auto& c : pod.containers) {
                    restarts += c.restart_count;
                    if (!c.init) {
                        ++total;
                        ready += c.ready ? 1 : 0;
                    }
                }
                auto problem = pod_problem(pod);
                const Tone tone = problem                                   ? Tone::bad
                                  : (pod.ready || pod.phase == "Succeeded") ? Tone::good
                                                                            : Tone::warn;
                sec.row(tone,
                        {pod.meta.name, problem ? problem->reason : pod.phase,
                         pod.phase == "Succeeded" ? "done" : fmt::format("{}/{}", ready, total),
                         fmt::format("{} restarts", restarts),
                         age_text(s, pod.meta.creation_timestamp)});
            }
            if (s.pods->empty()) {
                sec.row(Tone::muted, {"none yet"});
            }
        }
        sec.render(out);
    }
    {
        Section sec("ExternalSecrets", st);
        if (!s.external_secrets.ok()) {
            sec.error(s.external_secrets.error());
        } else {
            std::set<std::string> present;
            for (const auto& es : *s.external_secrets) {
                present.insert(es.meta.name);
                const auto* ready = find_condition(es.conditions, "Ready");
                const bool ok = external_secret_ready(es);
                sec.row(ok ? Tone::good : Tone::bad,
                        {es.meta.name, ok ? "Ready" : "not Ready",
                         ok || ready == nullptr ? "" : ready->reason + ": " + ready->message});
            }
            expected_missing(sec, s.targets.external_secrets, present, "ExternalSecret");
        }
        sec.render(out);
    }
    {
        Section sec("Jobs", st);
        if (!s.jobs.ok()) {
            sec.error(s.jobs.error());
        } else {
            for (const auto& job : *s.jobs) {
                const auto state = job_state(job);
                sec.row(state == JobState::failed     ? Tone::bad
                        : state == JobState::complete ? Tone::good
                                                      : Tone::warn,
                        {job.meta.name, std::string(job_state_name(state)),
                         age_text(s, job.meta.creation_timestamp)});
            }
            if (!s.targets.seed_job.empty() &&
                std::none_of(s.jobs->begin(), s.jobs->end(),
                             [&](const Job& j) { return j.meta.name == s.targets.seed_job; })) {
                sec.row(Tone::muted,
                        {s.targets.seed_job, "absent (one-shot; removed 1 h after it finishes)"});
            }
        }
        sec.render(out);
    }
    {
        Section sec("Routes", st);
        if (!s.routes.ok()) {
            sec.error(s.routes.error());
        } else {
            std::set<std::string> present;
            for (const auto& route : *s.routes) {
                present.insert(route.meta.name);
                const auto state = route_state(route);
                const bool ok = state.accepted && state.resolved_refs;
                std::string hosts;
                for (const auto& h : route.hostnames) {
                    hosts += (hosts.empty() ? "" : ",") + h;
                }
                sec.row(ok ? Tone::good : (state.reported ? Tone::bad : Tone::warn),
                        {route.meta.name, hosts, ok ? "Accepted, ResolvedRefs" : state.message});
            }
            expected_missing(sec, s.targets.http_routes, present, "HTTPRoute");
        }
        sec.render(out);
    }
}

// Display columns an event line keeps to: its message is cut to what the columns before it leave.
constexpr std::size_t kEventLineWidth = 120;
constexpr std::size_t kEventMessageMin = 40;
constexpr std::size_t kEventObjectWidth = 60;

// In whole minutes: a seconds count would change every poll and redraw `status --watch` each time.
std::string event_age(const Snapshot& s, const std::string& timestamp) {
    const auto age = age_of(s, timestamp);
    if (!age) {
        return "";
    }
    if (*age < 60) {
        return "<1m";
    }
    return *age < 120 * 60 ? fmt::format("{}m", *age / 60) : format_age(*age);
}

void events_section(std::string& out, const Snapshot& s, const StatusReport& report,
                    const TermStyle& st) {
    const NotableEvents events = notable_events(s, report);
    if (events.shown.empty() && !events.unread) {
        return;
    }
    Section sec("Events", st);
    if (events.unread) {
        sec.error(*events.unread);
    }
    std::vector<std::array<std::string, 3>> heads;
    std::array<std::size_t, 3> widths{};
    for (const auto& e : events.shown) {
        const std::string reason =
            e.count > 1 ? fmt::format("{} x{}", e.reason, e.count) : e.reason;
        heads.push_back({event_age(s, e.last_timestamp), sanitize_line(reason),
                         sanitize_line(e.object_kind + "/" + e.object_name, kEventObjectWidth)});
        for (std::size_t i = 0; i < widths.size(); ++i) {
            widths[i] = std::max(widths[i], display_width(heads.back()[i]));
        }
    }
    // "  ! " plus each column and the space either side of it.
    std::size_t used = 4;
    for (const auto w : widths) {
        used += w + 2;
    }
    const std::size_t room =
        used + kEventMessageMin < kEventLineWidth ? kEventLineWidth - used : kEventMessageMin;
    for (std::size_t i = 0; i < events.shown.size(); ++i) {
        const auto& h = heads[i];
        sec.row(Tone::warn, {h[0], h[1], h[2], sanitize_line(events.shown[i].message, room)});
    }
    if (events.more > 0) {
        sec.row(Tone::muted, {fmt::format("and {} more (preview status -o json)", events.more)});
    }
    sec.render(out);
}

void comment_section(std::string& out, const Snapshot& s, const TermStyle& st) {
    Section sec("PR comment", st);
    if (!s.bot_comment.ok()) {
        sec.error(s.bot_comment.error());
    } else if (s.bot_comment->has_value()) {
        sec.row(Tone::good, {"preview-bot comment", (*s.bot_comment)->html_url});
    } else {
        sec.row(Tone::muted, {"no preview-bot comment"});
    }
    sec.render(out);
}

}  // namespace

Tone phase_tone(Phase phase) {
    switch (phase) {
        case Phase::ready:
            return Tone::good;
        case Phase::degraded:
        case Phase::unknown:
            return Tone::bad;
        case Phase::not_requested:
        case Phase::gone:
            return Tone::muted;
        case Phase::building:
        case Phase::waiting_for_argocd:
        case Phase::deploying:
        case Phase::tearing_down:
            return Tone::warn;
    }
    return Tone::plain;
}

std::string render_status_table(const Snapshot& s, const Profile& profile, const TermStyle& style) {
    return render_status_table(s, status_report_of(s, profile), profile, style);
}

std::string render_status_table(const Snapshot& s, const StatusReport& report,
                                const Profile& profile, const TermStyle& style) {
    std::string out;
    header(out, s, report, style);
    out += "\n";
    ci_section(out, s, profile, style);
    argocd_section(out, s, style);
    namespace_section(out, s, style);
    workload_sections(out, s, style);
    events_section(out, s, report, style);
    comment_section(out, s, style);
    out += render_timeline_section(report.timeline, s.label_events, style);
    return out;
}

}  // namespace preview
