#include "preview/render/list_all_render.hpp"

#include <fmt/format.h>

#include "preview/core/sanitize.hpp"
#include "preview/render/list_render.hpp"

namespace preview {
namespace {

using json = nlohmann::ordered_json;

json error_json(const ListError& e) {
    json entry = {{"source", e.source},
                  {"kind", error_kind_name(e.error.kind)},
                  {"message", e.error.message}};
    if (!e.error.hint.empty()) {
        entry["hint"] = e.error.hint;
    }
    return entry;
}

json problem_json(const AppSetProblem& p) {
    json entry = {{"type", p.type}, {"reason", p.reason}, {"message", p.message}};
    if (!p.cause.empty()) {
        entry["cause"] = p.cause;
    }
    if (!p.fix.empty()) {
        entry["fix"] = p.fix;
    }
    return entry;
}

std::size_t orphans_of(const PreviewList& list) {
    std::size_t n = 0;
    for (const auto& p : list.previews) {
        n += p.orphans.size();
    }
    return n;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) {
        out += (out.empty() ? "" : ", ") + sanitize_line(name);
    }
    return out;
}

}  // namespace

json list_all_json(const PreviewListAll& all, const ListAllSnapshot& snap) {
    json repos = json::array();
    std::size_t orphans = 0;
    for (const auto& r : all.repositories) {
        json sets = json::array();
        for (const auto& s : r.application_sets) {
            json errors = json::array();
            for (const auto& p : s.problems) {
                errors.push_back(problem_json(p));
            }
            sets.push_back({{"name", s.name}, {"errors", std::move(errors)}});
        }
        orphans += orphans_of(r.list);
        repos.push_back({{"repo", r.generators.repo.repo_slug()},
                         {"profile", r.profile.source},
                         {"applicationSets", std::move(sets)},
                         {"list", list_json(r.list, r.snapshot, r.profile)}});
    }
    json skipped = json::array();
    for (const auto& s : all.skipped) {
        skipped.push_back({{"applicationSet", s.application_set},
                           {"scm", s.scm},
                           {"repo", s.repo},
                           {"reason", s.reason}});
    }
    json errors = json::array();
    for (const auto& e : all.errors) {
        errors.push_back(error_json(e));
    }
    return {{"argocdNamespace", snap.argocd_namespace},
            {"repositories", std::move(repos)},
            {"skipped", std::move(skipped)},
            {"orphans", orphans},
            {"errors", std::move(errors)}};
}

std::string render_list_all_table(const PreviewListAll& all, const ListAllSnapshot& snap,
                                  const TermStyle& st) {
    std::string out;
    if (all.repositories.empty() && all.errors.empty()) {
        out +=
            fmt::format("No ApplicationSet in namespace {} has a GitHub PullRequest generator.\n",
                        sanitize_line(snap.argocd_namespace));
    }
    for (const auto& r : all.repositories) {
        if (!out.empty()) {
            out += "\n";
        }
        std::vector<std::string> names;
        for (const auto& s : r.application_sets) {
            names.push_back(s.name);
        }
        out += paint(st, Tone::accent, sanitize_line(r.generators.repo.repo_slug())) +
               paint(st, Tone::muted,
                     fmt::format("  ApplicationSet {} · names from {}\n", joined(names),
                                 sanitize_line(r.profile.source)));
        for (const auto& s : r.application_sets) {
            for (const auto& p : s.problems) {
                out +=
                    fmt::format("  {} ApplicationSet {}: {}={} {}: {}\n", mark(st, Tone::bad),
                                sanitize_line(s.name), sanitize_line(p.type),
                                p.type == "ErrorOccurred" ? "True" : "False",
                                sanitize_line(p.reason), sanitize_line(p.message, kMessageWidth));
                if (!p.cause.empty()) {
                    out += fmt::format("      cause: {}\n", sanitize_line(p.cause, kMessageWidth));
                }
                if (!p.fix.empty()) {
                    out += fmt::format("      fix: {}\n", sanitize_line(p.fix, kMessageWidth));
                }
            }
        }
        for (const auto& e : r.list.errors) {
            out +=
                fmt::format("  {} could not read the {}: {}\n", mark(st, Tone::warn),
                            sanitize_line(e.source), sanitize_line(e.error.message, kMessageWidth));
        }
        out += render_list_table(r.list, r.snapshot, r.profile, st);
    }
    if (!all.skipped.empty()) {
        out += "\n" + paint(st, Tone::accent, fmt::format("Not shown ({})", all.skipped.size())) +
               "\n";
        for (const auto& s : all.skipped) {
            out += fmt::format("  {} ApplicationSet {}: {} generator for {}: {}\n",
                               mark(st, Tone::muted), sanitize_line(s.application_set),
                               sanitize_line(s.scm), sanitize_line(s.repo),
                               sanitize_line(s.reason, kMessageWidth));
        }
    }
    return out;
}

}  // namespace preview
