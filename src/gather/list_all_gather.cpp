#include "preview/gather/list_all_gather.hpp"

#include <memory>

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
    if (src.argocd_api != nullptr) {
        rounds.add(argocd_api_list<Application>(
            *src.argocd_api, "applications", {{"appNamespace", argocd_namespace}},
            fmt::format("list the Applications in namespace {} on the Argo CD API server",
                        argocd_namespace),
            [](std::string_view body) { return parse_application_list(body); }, snap.applications));
    } else {
        rounds.add(list_objects<Application>(
            src.argocd, KubePath::collection(kArgo, "applications", argocd_namespace), {},
            fmt::format("list the Applications in namespace {}", argocd_namespace),
            [](std::string_view body) { return parse_application_list(body); }, snap.applications));
    }
    // The PR lists need the repositories: they start the moment the ApplicationSets answer,
    // beside the Application and namespace lists still in flight.
    sets.handle = [&src, &snap, inner = std::move(sets.handle)](const HttpOutcome& outcome,
                                                                FetchRounds& next) {
        inner(outcome, next);
        add_pull_fetches(src, snap, next);
    };
    rounds.add(std::move(sets));
    add_namespace_metadata(src, rounds, snap.namespaces);
    rounds.run();
    // A paged ApplicationSet list completes in a later page's handler: its repositories now.
    FetchRounds late(src.http);
    add_pull_fetches(src, snap, late);
    late.run();
    fetch_pod_lists(src, list_all_pod_namespaces(snap, file), snap.pods);
    return snap;
}

}  // namespace preview
