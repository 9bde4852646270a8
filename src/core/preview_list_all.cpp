#include "preview/core/preview_list_all.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "preview/core/appset_error.hpp"
#include "preview/core/ascii.hpp"
#include "preview/core/builtin_profiles.hpp"
#include "preview/core/k8s_names.hpp"
#include "preview/core/pr_ref.hpp"
#include "preview/core/status.hpp"

namespace preview {
namespace {

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == ' ') {
        text.remove_suffix(1);
    }
    return text;
}

bool owned_by(const Application& app, const std::vector<std::string>& sets) {
    return std::any_of(app.meta.owners.begin(), app.meta.owners.end(), [&sets](const OwnerRef& o) {
        return o.kind == "ApplicationSet" &&
               std::find(sets.begin(), sets.end(), o.name) != sets.end();
    });
}

bool owned_by_any_set(const Application& app) {
    return std::any_of(app.meta.owners.begin(), app.meta.owners.end(),
                       [](const OwnerRef& o) { return o.kind == "ApplicationSet"; });
}

bool carries_all(const PullRequest& pr, const std::vector<std::string>& labels) {
    return std::all_of(labels.begin(), labels.end(),
                       [&pr](const std::string& l) { return has_label(pr, l); });
}

const ApplicationSet* find_set(const std::vector<ApplicationSet>& sets, const std::string& name) {
    for (const auto& set : sets) {
        if (set.meta.name == name) {
            return &set;
        }
    }
    return nullptr;
}

// Why a generator's repository is not looked up on the GitHub preview reads: another SCM, names
// that are not GitHub's (they go into a request path, so a cluster object must not choose it),
// or another GitHub (Enterprise) instance, where preview's token must not go.
std::optional<std::string> not_shown(const PrGeneratorSource& gen, std::string_view github_api) {
    if (gen.scm != "github") {
        return "preview reads pull requests from GitHub only";
    }
    const auto parsed = parse_repo_slug(gen.owner + "/" + gen.repo);
    if (gen.owner.empty() || gen.repo.empty() || !parsed.ok() || parsed->owner != gen.owner ||
        parsed->repo != gen.repo) {
        return "not a GitHub owner/repo";
    }
    auto base = [](std::string_view url) {
        while (!url.empty() && url.back() == '/') {
            url.remove_suffix(1);
        }
        return ascii_lower(url);
    };
    if (!gen.api.empty() && base(gen.api) != base(github_api)) {
        return fmt::format("it polls the GitHub API at {}, preview reads {}", gen.api, github_api);
    }
    return std::nullopt;
}

// The label keys one repository's Applications are read by: its ApplicationSets' template PR
// labels and, for app-of-apps children, the profile's. nullopt: an ApplicationSet has no valid
// key, so only an unfiltered list holds its Applications.
std::optional<std::set<std::string>> repository_selectors(const RepoGenerators& group,
                                                          const std::vector<ApplicationSet>& sets,
                                                          const Profile& profile) {
    std::set<std::string> keys;
    for (const auto& name : group.application_sets) {
        const auto* set = find_set(sets, name);
        const std::string key = set == nullptr ? std::string() : template_pr_label(*set);
        if (key.empty() || label_key_problem(key)) {
            return std::nullopt;
        }
        keys.insert(key);
    }
    if (!profile.pr_label.empty() && !label_key_problem(profile.pr_label)) {
        keys.insert(profile.pr_label);
    }
    return keys;
}

// The Applications one repository's previews may own: the unfiltered list when it was read,
// else its own keys' lists merged, each Application once. Only an unreadable list of its own
// keys makes them unread.
Observed<std::vector<Application>> repository_applications(const ListAllSnapshot& all,
                                                           const RepoGenerators& group,
                                                           const Profile& profile) {
    if (const auto it = all.applications.find(""); it != all.applications.end()) {
        return it->second;
    }
    const auto keys = all.application_sets.ok()
                          ? repository_selectors(group, *all.application_sets, profile)
                          : std::nullopt;
    if (!keys) {
        return Snapshot::not_read();
    }
    std::vector<Application> out;
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& key : *keys) {
        const auto it = all.applications.find(key);
        if (it == all.applications.end()) {
            return Snapshot::not_read();
        }
        if (!it->second.ok()) {
            return it->second.error();
        }
        for (const auto& app : *it->second) {
            if (seen.emplace(app.meta.namespace_name, app.meta.name).second) {
                out.push_back(app);
            }
        }
    }
    std::sort(out.begin(), out.end(),
              [](const Application& a, const Application& b) { return a.meta.name < b.meta.name; });
    return out;
}

}  // namespace

std::string template_pr_label(const ApplicationSet& set) {
    for (const auto& [key, value] : set.template_labels) {
        if (profile_template_of(value) == "{number}") {
            return key;
        }
    }
    return {};
}

std::string repository_key(const PrRef& repo) {
    return ascii_lower(repo.owner) + "/" + ascii_lower(repo.repo);
}

RepoGrouping group_by_repository(const std::vector<ApplicationSet>& sets,
                                 std::string_view github_api) {
    std::map<std::string, RepoGenerators> by_key;
    RepoGrouping out;
    for (const auto& set : sets) {
        for (const auto& gen : set.pr_generators) {
            const std::string named = gen.owner.empty() ? gen.repo : gen.owner + "/" + gen.repo;
            if (auto why = not_shown(gen, github_api)) {
                out.skipped.push_back({set.meta.name, gen.scm, named, std::move(*why)});
                continue;
            }
            const PrRef repo{gen.owner, gen.repo, 0};
            RepoGenerators& group = by_key[repository_key(repo)];
            if (group.repo.repo.empty()) {
                group.repo = repo;
            }
            if (std::find(group.application_sets.begin(), group.application_sets.end(),
                          set.meta.name) == group.application_sets.end()) {
                group.application_sets.push_back(set.meta.name);
            }
            group.label_filters.push_back(gen.labels);
        }
    }
    for (auto& [key, group] : by_key) {
        std::sort(group.application_sets.begin(), group.application_sets.end());
        out.repos.push_back(std::move(group));
    }
    return out;
}

std::string profile_template_of(std::string_view text) {
    std::string out;
    bool has_number = false;
    while (!text.empty()) {
        const auto open = text.find("{{");
        const std::string_view literal = text.substr(0, open);
        if (literal.find_first_of("{}") != std::string_view::npos) {
            return {};
        }
        out += literal;
        if (open == std::string_view::npos) {
            break;
        }
        const auto close = text.find("}}", open);
        if (close == std::string_view::npos) {
            return {};
        }
        std::string_view name = trimmed(text.substr(open + 2, close - open - 2));
        if (!name.empty() && name.front() == '.') {
            name.remove_prefix(1);
        }
        if (name == "number") {
            out += "{number}";
            has_number = true;
        } else if (name == "head_sha") {
            out += "{sha}";
        } else if (name == "head_short_sha") {
            out += "{short_sha}";
        } else {
            return {};  // a branch, a cluster, a function: not a name per PR number
        }
        text.remove_prefix(close + 2);
    }
    return has_number ? out : std::string();
}

Profile repository_profile(const RepoGenerators& repo, const std::vector<ApplicationSet>& sets,
                           const Profile* file) {
    const std::string slug = repo.repo.repo_slug();
    if (file != nullptr && ascii_lower(file->repo) == ascii_lower(slug)) {
        return *file;
    }
    if (const auto* builtin = builtin_profile_for(slug)) {
        if (auto loaded = load_builtin_profile(*builtin); loaded.ok()) {
            return std::move(loaded.value());
        }
    }
    Profile p;
    p.repo = slug;
    // One gate label only when every generator asks for the same first one; else none, and the
    // generators' own filters (repository_snapshot) decide which PRs count.
    p.label.clear();
    const auto& filters = repo.label_filters;
    if (!filters.empty() && std::all_of(filters.begin(), filters.end(), [&](const auto& labels) {
            return !labels.empty() && labels.front() == filters.front().front();
        })) {
        p.label = filters.front().front();
    }
    p.required_checks.clear();
    p.application_set = repo.application_sets.empty() ? "" : repo.application_sets.front();
    p.source = "ApplicationSet " + p.application_set;
    p.application.clear();
    p.namespace_template.clear();
    p.pr_label.clear();
    if (const auto* set = find_set(sets, p.application_set)) {
        p.application = profile_template_of(set->template_name);
        p.namespace_template = profile_template_of(set->template_namespace);
        p.pr_label = template_pr_label(*set);
    }
    p.url.clear();
    p.http_routes.clear();
    p.external_secrets.clear();
    p.seed_job.clear();
    p.artifacts.clear();
    p.smoke.reset();
    return p;
}

std::vector<AppSetProblem> appset_problems(const ApplicationSet& set, ArgocdAccess access) {
    std::vector<AppSetProblem> out;
    for (const auto& c : set.conditions) {
        const bool error = c.type == "ErrorOccurred" && c.status == "True";
        const bool not_done = (c.type == "ParametersGenerated" || c.type == "ResourcesUpToDate") &&
                              c.status == "False";
        if (!error && !not_done) {
            continue;
        }
        AppSetProblem problem{c.type, c.reason, c.message, {}, {}};
        if (error) {
            const auto cause = explain_appset_error(c, set, access, 0);
            problem.cause = cause.cause;
            problem.fix = cause.fix;
        }
        out.push_back(std::move(problem));
    }
    return out;
}

ListSnapshot repository_snapshot(const ListAllSnapshot& all, const RepoGenerators& repo,
                                 const Profile& profile) {
    ListSnapshot snap;
    snap.repo = repo.repo;
    snap.now = all.now;
    snap.namespaces = all.namespaces;
    if (const auto it = all.pulls.find(repository_key(repo.repo)); it != all.pulls.end()) {
        if (it->second.ok()) {
            std::vector<PullRequest> kept;
            for (const auto& pr : *it->second) {
                if (std::any_of(repo.label_filters.begin(), repo.label_filters.end(),
                                [&pr](const auto& labels) { return carries_all(pr, labels); })) {
                    kept.push_back(pr);
                }
            }
            snap.pulls = std::move(kept);
        } else {
            snap.pulls = it->second.error();
        }
    }
    auto candidates = repository_applications(all, repo, profile);
    if (!candidates.ok()) {
        snap.applications = candidates.error();
        return snap;
    }
    std::vector<Application> apps;
    for (const auto& app : *candidates) {
        if (owned_by(app, repo.application_sets)) {
            apps.push_back(app);
        }
    }
    // Children of an app-of-apps parent are not owned by the ApplicationSet: they carry the
    // parent's PR label and are named after it. Other components' children share the label key.
    const std::size_t parents = apps.size();
    if (!profile.pr_label.empty()) {
        for (const auto& app : *candidates) {
            const auto label = app.meta.labels.find(profile.pr_label);
            if (label == app.meta.labels.end() || owned_by_any_set(app)) {
                continue;
            }
            for (std::size_t i = 0; i < parents; ++i) {
                const auto& parent = apps[i];
                const auto value = parent.meta.labels.find(profile.pr_label);
                if (value != parent.meta.labels.end() && value->second == label->second &&
                    app.meta.name.rfind(parent.meta.name + "-", 0) == 0) {
                    apps.push_back(app);
                    break;
                }
            }
        }
    }
    snap.applications = std::move(apps);
    // Only the pods of this repository's namespaces, and so only their read errors: another
    // repository's unreadable pod list is not this one's.
    for (const auto& name : list_pod_namespaces(snap, profile)) {
        if (const auto it = all.pods.find(name); it != all.pods.end()) {
            snap.pods.insert_or_assign(name, it->second);
        }
    }
    return snap;
}

PreviewListAll join_all(const ListAllSnapshot& all, const Profile* file) {
    PreviewListAll out;
    if (!all.application_sets.ok()) {
        out.errors.push_back({"applicationsets", all.application_sets.error()});
        return out;
    }
    const auto& sets = *all.application_sets;
    RepoGrouping grouping = group_by_repository(sets, all.github_api);
    out.skipped = std::move(grouping.skipped);
    const ArgocdCommands& commands = all.argocd_commands != nullptr
                                         ? *all.argocd_commands
                                         : default_argocd_commands(SnapshotSources{});
    for (auto& group : grouping.repos) {
        RepoListing r;
        r.profile = repository_profile(group, sets, file);
        r.profile.argocd_namespace = all.argocd_namespace;
        r.snapshot = repository_snapshot(all, group, r.profile);
        r.list = join_previews(r.snapshot, r.profile);
        for (const auto& name : group.application_sets) {
            if (const auto* set = find_set(sets, name)) {
                r.application_sets.push_back(
                    {name, appset_problems(*set, {all.argocd_namespace, commands})});
            }
        }
        r.generators = std::move(group);
        out.repositories.push_back(std::move(r));
    }
    return out;
}

std::vector<std::string> list_all_pod_namespaces(const ListAllSnapshot& all, const Profile* file) {
    if (!all.application_sets.ok()) {
        return {};
    }
    std::set<std::string> names;
    for (const auto& group : group_by_repository(*all.application_sets, all.github_api).repos) {
        Profile profile = repository_profile(group, *all.application_sets, file);
        for (auto& ns : list_pod_namespaces(repository_snapshot(all, group, profile), profile)) {
            names.insert(std::move(ns));
        }
    }
    return {names.begin(), names.end()};
}

std::optional<std::vector<std::string>> list_all_application_selectors(
    const std::vector<ApplicationSet>& sets, std::string_view github_api, const Profile* file) {
    std::set<std::string> keys;
    for (const auto& group : group_by_repository(sets, github_api).repos) {
        const auto own = repository_selectors(group, sets, repository_profile(group, sets, file));
        if (!own) {
            return std::nullopt;
        }
        keys.insert(own->begin(), own->end());
    }
    return std::vector<std::string>(keys.begin(), keys.end());
}

}  // namespace preview
