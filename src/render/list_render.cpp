#include "preview/render/list_render.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "preview/core/revision.hpp"
#include "preview/core/sanitize.hpp"
#include "preview/core/time.hpp"
#include "preview/render/status_render.hpp"

namespace preview {
namespace {

using json = nlohmann::ordered_json;

constexpr std::size_t kTitleColumns = 40;
constexpr std::size_t kShortSha = 8;

json or_null(const std::string& text) {
    return text.empty() ? json(nullptr) : json(text);
}

json application_json(const Application& app) {
    return {{"name", app.meta.name},
            {"sync", or_null(app.sync_status)},
            {"health", or_null(app.health_status)},
            {"deleting", !app.meta.deletion_timestamp.empty()}};
}

// What runs: the revision judgement's commit, else the one the Applications name.
std::string running_sha(const ListedPreview& p) {
    return p.report.revision.running_sha.empty() ? p.sha : p.report.revision.running_sha;
}

std::string short_or_dash(const std::string& sha) {
    return sha.empty() ? "-" : sanitize_line(sha.substr(0, kShortSha));
}

// "abc12345", "abc12345 stale" (another commit than the head runs), "abc12345 rolling".
std::string running_cell(const ListedPreview& p) {
    std::string cell = short_or_dash(running_sha(p));
    if (p.report.stale()) {
        cell += fmt::format(" {}", revision_verdict_name(p.report.revision.verdict));
    }
    return cell;
}

}  // namespace

json list_json(const PreviewList& list, const ListSnapshot& snap, const Profile& profile) {
    json previews = json::array();
    std::size_t orphan_count = 0;
    for (const auto& p : list.previews) {
        json apps = json::array();
        for (const auto& app : p.applications) {
            apps.push_back(application_json(app));
        }
        json orphans = json::array();
        for (const auto& o : p.orphans) {
            orphans.push_back({{"kind", orphan_kind_name(o.kind)}, {"message", o.message}});
        }
        orphan_count += p.orphans.size();
        json pr = nullptr;
        if (p.pr) {
            pr = {{"title", p.pr->title},  {"author", p.pr->author},
                  {"draft", p.pr->draft},  {"labels", p.pr->labels},
                  {"url", p.pr->html_url}, {"createdAt", p.pr->created_at}};
        }
        json ns = nullptr;
        if (p.namespace_state) {
            ns = {{"name", p.namespace_state->meta.name}, {"phase", p.namespace_state->phase}};
        }
        const RevisionJudgement& rev = p.report.revision;
        previews.push_back({{"number", p.number},
                            {"pr", std::move(pr)},
                            {"sha", or_null(p.sha)},
                            {"headSha", or_null(rev.head_sha)},
                            {"runningSha", or_null(running_sha(p))},
                            {"revision", revision_verdict_name(rev.verdict)},
                            {"stale", p.report.stale()},
                            {"phase", phase_name(p.phase)},
                            {"reason", p.reason},
                            {"ageSeconds", p.age_seconds ? json(*p.age_seconds) : json(nullptr)},
                            {"url", or_null(p.url)},
                            {"applications", std::move(apps)},
                            {"namespace", std::move(ns)},
                            {"orphans", std::move(orphans)}});
    }
    json errors = json::array();
    for (const auto& e : list.errors) {
        json entry = {{"source", e.source},
                      {"kind", error_kind_name(e.error.kind)},
                      {"message", e.error.message}};
        if (!e.error.hint.empty()) {
            entry["hint"] = e.error.hint;
        }
        errors.push_back(std::move(entry));
    }
    return {{"repo", snap.repo.repo_slug()},
            {"label", profile.label},
            {"previews", std::move(previews)},
            {"orphans", orphan_count},
            {"errors", std::move(errors)}};
}

std::string render_list_table(const PreviewList& list, const ListSnapshot& snap,
                              const Profile& profile, const TermStyle& st) {
    std::string out;
    // Through the Argo CD API no namespace is read: say so rather than imply there is none.
    const bool ns_not_gathered = !snap.namespaces.ok() && not_gathered(snap.namespaces.error());
    const std::string ns_note =
        ns_not_gathered
            ? fmt::format("  namespaces not read ({}): orphaned namespaces are not looked for\n",
                          sanitize_line(snap.namespaces.error().message, kMessageWidth))
            : std::string();
    if (list.previews.empty()) {
        if (list.errors.empty()) {
            out += fmt::format(
                "No previews: no open pull request of {} carries the label \"{}\", and no "
                "preview Application{} exists.\n",
                sanitize_line(snap.repo.repo_slug()), sanitize_line(profile.label),
                ns_not_gathered ? "" : " or namespace");
            out += ns_note.empty() ? std::string() : paint(st, Tone::muted, ns_note);
        }
        return out;
    }
    const std::vector<std::string> header = {"PR",   "TITLE", "AUTHOR", "HEAD",
                                             "RUNS", "PHASE", "AGE",    "URL"};
    std::vector<std::vector<std::string>> rows;
    std::vector<Tone> tones;
    for (const auto& p : list.previews) {
        rows.push_back(
            {fmt::format("#{}", p.number), p.pr ? sanitize_line(p.pr->title, kTitleColumns) : "-",
             p.pr ? sanitize_line(p.pr->author) : "-", short_or_dash(p.report.revision.head_sha),
             running_cell(p), std::string(phase_name(p.phase)),
             p.age_seconds ? format_age(*p.age_seconds) : "-",
             p.url.empty() ? "-" : sanitize_line(p.url)});
        // An orphan is a warning, but never softens a phase that is worse (degraded is red).
        const Tone phase = phase_tone(p.phase);
        tones.push_back(p.orphans.empty() || phase == Tone::bad ? phase : Tone::warn);
    }
    std::vector<std::size_t> widths(header.size());
    for (std::size_t i = 0; i < header.size(); ++i) {
        widths[i] = display_width(header[i]);
        for (const auto& r : rows) {
            widths[i] = std::max(widths[i], display_width(r[i]));
        }
    }
    auto line = [&](const std::vector<std::string>& cells, const std::string& lead) {
        std::string text = lead;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            text += i + 1 == cells.size() ? cells[i] : pad(cells[i], widths[i]) + "  ";
        }
        while (!text.empty() && text.back() == ' ') {
            text.pop_back();
        }
        return text + "\n";
    };
    out += paint(st, Tone::muted, line(header, "  "));
    std::size_t orphan_count = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        auto cells = rows[r];
        cells[5] = paint(st, phase_tone(list.previews[r].phase), pad(cells[5], widths[5]));
        out += line(cells, mark(st, tones[r]) + " ");
        orphan_count += list.previews[r].orphans.size();
    }
    const bool any_ready =
        std::any_of(list.previews.begin(), list.previews.end(),
                    [](const ListedPreview& p) { return p.phase == Phase::ready; });
    if (any_ready) {
        out += paint(st, Tone::muted,
                     "  ready: Argo CD reports Synced and Healthy; list does not probe the URL or "
                     "read routes and Jobs (`preview status <pr>` does)\n");
    }
    if (!ns_note.empty()) {
        out += paint(st, Tone::muted, ns_note);
    }
    if (orphan_count > 0) {
        out += "\n" + paint(st, Tone::accent, fmt::format("Orphans ({})", orphan_count)) + "\n";
        for (const auto& p : list.previews) {
            for (const auto& o : p.orphans) {
                out +=
                    fmt::format("  {} #{} {}: {}\n", mark(st, Tone::warn), p.number,
                                orphan_kind_name(o.kind), sanitize_line(o.message, kMessageWidth));
            }
        }
    }
    return out;
}

}  // namespace preview
