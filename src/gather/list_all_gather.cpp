#include "preview/gather/list_all_gather.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "gather/argocd_api_fetch.hpp"
#include "gather/fetch_rounds.hpp"
#include "gather/kube_fetch.hpp"
#include "gather/list_fetch.hpp"
#include <fmt/format.h>

#include "preview/api/kube_json.hpp"
#include "preview/io/url.hpp"

namespace preview {
namespace {

const GroupVersion kArgo{"argoproj.io", "v1alpha1"};

Fetch list_application_sets(const Sources& src, const std::string& argocd_namespace,
                            Observed<std::vector<ApplicationSet>>& out) {
    auto parse = [](std::string_view body) { return parse_application_set_list(body); };
    if (src.argocd_api != nullptr) {
        return argocd_api_list<ApplicationSet>(
            *src.argocd_api, "applicationsets", {{"appsetNamespace", argocd_namespace}},
            fmt::format("list the ApplicationSets in namespace {} on the Argo CD API server",
                        argocd_namespace),
            parse, out);
    }
    return list_objects<ApplicationSet>(
        src.argocd, KubePath::collection(kArgo, "applicationsets", argocd_namespace), {},
        fmt::format("list the ApplicationSets in namespace {}", argocd_namespace), parse, out);
}

// The open PRs of every GitHub repository the ApplicationSets name, each once.
void add_pull_fetches(const Sources& src, ListAllSnapshot& snap, FetchRounds& rounds) {
    if (!snap.application_sets.ok()) {
        return;
    }
    for (const auto& group : group_by_repository(*snap.application_sets, snap.github_api).repos) {
        const auto [it, added] =
            snap.pulls.try_emplace(repository_key(group.repo), Snapshot::not_read());
        if (added) {
            const std::string label =
                group.label_filters.empty() || group.label_filters.front().empty()
                    ? std::string()
                    : group.label_filters.front().front();
            rounds.add(fetch_open_pull_list(src, group.repo, label, it->second));
        }
    }
}

// The Application lists, one per label key, by key ("" = the unfiltered list).
using ApplicationLists = std::map<std::string, Observed<std::vector<Application>>>;

Fetch list_applications(const Sources& src, const std::string& argocd_namespace,
                        const std::string& key, Observed<std::vector<Application>>& out) {
    auto parse = [](std::string_view body) { return parse_application_list(body); };
    const std::string labelled = key.empty() ? std::string() : fmt::format(" labelled {}", key);
    if (src.argocd_api != nullptr) {
        std::vector<std::pair<std::string, std::string>> query;
        if (!key.empty()) {
            query.emplace_back("selector", key);
        }
        query.emplace_back("appNamespace", argocd_namespace);
        return argocd_api_list<Application>(
            *src.argocd_api, "applications", query,
            fmt::format("list the Applications{} in namespace {} on the Argo CD API server",
                        labelled, argocd_namespace),
            parse, out);
    }
    std::vector<std::pair<std::string, std::string>> query;
    if (!key.empty()) {
        query.emplace_back("labelSelector", key);
    }
    return list_objects<Application>(
        src.argocd, KubePath::collection(kArgo, "applications", argocd_namespace), std::move(query),
        fmt::format("list the Applications{} in namespace {}", labelled, argocd_namespace), parse,
        out);
}

// The Applications the ApplicationSets generate, once they answered: one LIST per distinct PR
// label key (`key` exists), all in the same round, so the count grows with the label keys, not
// with the previews or the Argo CD instance. An ApplicationSet whose template has no usable PR
// label gives its Applications nothing to select by: then one unfiltered LIST instead.
void add_application_fetches(const Sources& src, const ListAllSnapshot& snap, const Profile* file,
                             bool& added, ApplicationLists& lists, FetchRounds& rounds) {
    if (added || !snap.application_sets.ok()) {
        return;
    }
    added = true;
    const auto keys = list_all_application_selectors(*snap.application_sets, snap.github_api, file);
    for (const auto& key : keys ? *keys : std::vector<std::string>{std::string()}) {
        rounds.add(list_applications(src, snap.argocd_namespace, key,
                                     lists.try_emplace(key, Snapshot::not_read()).first->second));
    }
}

// One list of the Applications the lists hold, each once (an Application may carry two keys);
// the first list that could not be read makes it unread.
Observed<std::vector<Application>> merged(ApplicationLists& lists) {
    std::vector<Application> out;
    std::set<std::pair<std::string, std::string>> seen;
    for (auto& [key, list] : lists) {
        if (!list.ok()) {
            return list.error();
        }
        for (auto& app : *list) {
            if (seen.emplace(app.meta.namespace_name, app.meta.name).second) {
                out.push_back(std::move(app));
            }
        }
    }
    std::sort(out.begin(), out.end(),
              [](const Application& a, const Application& b) { return a.meta.name < b.meta.name; });
    return out;
}

}  // namespace

ListAllSnapshot gather_list_all(const Sources& src, const std::string& argocd_namespace,
                                const Profile* file, std::int64_t now) {
    ListAllSnapshot snap;
    snap.now = now;
    snap.argocd_namespace = argocd_namespace;
    snap.argocd_kube = src.argocd.ok();
    snap.github_api = src.github.api_base();
    FetchRounds rounds(src.http);
    Fetch sets = list_application_sets(src, argocd_namespace, snap.application_sets);
    ApplicationLists applications;
    bool applications_added = false;
    // The PR lists need the repositories, the Application lists the ApplicationSets' label keys:
    // they start the moment the ApplicationSets answer, beside the namespace list still in flight.
    sets.handle = [&src, &snap, file, &applications, &applications_added,
                   inner = std::move(sets.handle)](const HttpOutcome& outcome, FetchRounds& next) {
        inner(outcome, next);
        add_pull_fetches(src, snap, next);
        add_application_fetches(src, snap, file, applications_added, applications, next);
    };
    rounds.add(std::move(sets));
    add_namespace_metadata(src, rounds, snap.namespaces);
    rounds.run();
    // A paged ApplicationSet list completes in a later page's handler: its repositories now.
    FetchRounds late(src.http);
    add_pull_fetches(src, snap, late);
    add_application_fetches(src, snap, file, applications_added, applications, late);
    late.run();
    if (applications_added) {
        snap.applications = merged(applications);
    }
    fetch_pod_lists(src, list_all_pod_namespaces(snap, file), snap.pods);
    return snap;
}

}  // namespace preview
