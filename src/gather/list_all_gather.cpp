#include "preview/gather/list_all_gather.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <utility>

#include "gather/argocd_source.hpp"
#include "gather/fetch_rounds.hpp"
#include "gather/list_fetch.hpp"

namespace preview {
namespace {

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

using ApplicationLists = decltype(ListAllSnapshot::applications);

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
        rounds.add(src.argocd.list_applications(
            snap.argocd_namespace, key,
            lists.try_emplace(key, Snapshot::not_read()).first->second));
    }
}

}  // namespace

ListAllSnapshot gather_list_all(const Sources& src, const std::string& argocd_namespace,
                                const Profile* file, std::int64_t now) {
    ListAllSnapshot snap;
    snap.now = now;
    snap.argocd_namespace = argocd_namespace;
    snap.argocd_commands = &src.argocd.commands();
    snap.github_api = src.github.api_base();
    FetchRounds rounds(src.http);
    Fetch sets = src.argocd.list_application_sets(argocd_namespace, snap.application_sets);
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
    snap.applications = std::move(applications);
    fetch_pod_lists(src, list_all_pod_namespaces(snap, file), snap.pods);
    return snap;
}

}  // namespace preview
