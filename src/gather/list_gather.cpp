#include "preview/gather/list_gather.hpp"

#include "gather/argocd_api_workload.hpp"
#include "gather/argocd_source.hpp"
#include "gather/fetch_rounds.hpp"
#include "gather/github_fetch.hpp"
#include "gather/kube_fetch.hpp"
#include "gather/list_fetch.hpp"
#include "gather/paging.hpp"
#include <fmt/format.h>

#include "preview/api/github_json.hpp"
#include "preview/api/kube_json.hpp"
#include "preview/io/url.hpp"

namespace preview {
namespace {

// Metadata only: a namespace's name, labels and deletionTimestamp are all `list` needs, and on a
// cluster with many namespaces the full objects cost several times the bytes.
constexpr std::string_view kMetadataOnly =
    "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";

struct PullPaging {
    int max_pages = kMaxListPages;
    int max_attempts = 4;
    /// The issues endpoint filters by label but has no head commit; the pulls endpoint has it.
    bool issues = true;
};

Fetch fetch_pull_page(const Sources& src, const PrRef& repo, std::string label,
                      Result<HttpRequest> request, int page, PullPaging paging,
                      std::vector<PullRequest> so_far, Observed<std::vector<PullRequest>>& out) {
    if (request.ok()) {
        request->max_attempts = paging.max_attempts;
    }
    const std::string url = request.ok() ? request->url : std::string();
    auto handle = [&src, &out, repo, label, url, page, paging, so_far = std::move(so_far)](
                      const HttpOutcome& outcome, FetchRounds& next) mutable {
        if (!outcome.ok() || outcome->status != 200) {
            out = github_failure(
                outcome, paging.issues
                             ? fmt::format("list the pull requests of {} labelled \"{}\"",
                                           repo.repo_slug(), label)
                             : fmt::format("list the open pull requests of {}", repo.repo_slug()));
            return;
        }
        auto parsed = paging.issues ? parse_issue_pull_requests(outcome->body)
                                    : parse_pull_request_list(outcome->body);
        if (!parsed.ok()) {
            out = parsed.error();
            return;
        }
        for (auto& pr : parsed.value()) {
            so_far.push_back(std::move(pr));
        }
        auto next_request = next_page_request(src.github, url, *outcome);
        if (next_request && page >= kMaxListPages) {
            out = list_cut_short(fmt::format("list the pull requests of {} labelled \"{}\"",
                                             repo.repo_slug(), label),
                                 fmt::format("it did not end after {} pages", kMaxListPages));
            return;
        }
        // A smaller max_pages (shell completion) is a deliberate sample, not a full list.
        if (next_request && page < paging.max_pages) {
            next.add(fetch_pull_page(src, repo, label, std::move(*next_request), page + 1, paging,
                                     std::move(so_far), out));
            return;
        }
        out = std::move(so_far);
    };
    return Fetch{std::move(request), std::move(handle), nullptr};
}

Result<HttpRequest> first_pull_page(const Sources& src, const PrRef& repo,
                                    const std::string& label) {
    return src.github.request("GET", fmt::format("/repos/{}/{}/issues?state=open&labels={}"
                                                 "&per_page=100",
                                                 repo.owner, repo.repo, url_escape(label)));
}

// The open PRs with their heads (`list` shows which commit each preview should run); GitHub's
// pulls endpoint cannot filter by label, so the join keeps the labelled ones.
Result<HttpRequest> first_open_pulls_page(const Sources& src, const PrRef& repo) {
    return src.github.request(
        "GET", fmt::format("/repos/{}/{}/pulls?state=open&per_page=100", repo.owner, repo.repo));
}

Fetch fetch_namespaces(const Sources& src, Observed<std::vector<Namespace>>& out) {
    Fetch fetch = list_objects<Namespace>(
        src.workload, KubePath::collection(GroupVersion{"", "v1"}, "namespaces", ""), {},
        "list the namespaces of the workload cluster",
        [](std::string_view body) { return parse_namespace_list(body); }, out);
    if (fetch.request.ok()) {
        for (auto& [name, value] : fetch.request->headers) {
            if (name == "Accept") {
                value = kMetadataOnly;
            }
        }
    }
    return fetch;
}

}  // namespace

Fetch fetch_open_pull_list(const Sources& src, const PrRef& repo, const std::string& label,
                           Observed<std::vector<PullRequest>>& out) {
    return fetch_pull_page(src, repo, label, first_open_pulls_page(src, repo), 1,
                           PullPaging{kMaxListPages, 4, false}, {}, out);
}

void add_namespace_metadata(const Sources& src, FetchRounds& rounds,
                            Observed<std::vector<Namespace>>& out) {
    // The Argo CD API shows neither Namespace objects nor a namespace's pods. Not gathered, as in
    // `status`: never an error that makes the list incomplete, never "absent".
    if (workload_read_through_argocd_api(src)) {
        out = Snapshot::not_read(
            fmt::format("the Argo CD API does not list namespaces: {}", kNeedsWorkloadContext));
        return;
    }
    rounds.add(fetch_namespaces(src, out));
}

void fetch_pod_lists(const Sources& src, const std::vector<std::string>& namespaces,
                     std::map<std::string, Observed<std::vector<Pod>>>& out) {
    if (namespaces.empty()) {
        return;
    }
    if (workload_read_through_argocd_api(src)) {
        for (const auto& ns : namespaces) {
            out.insert_or_assign(
                ns, Snapshot::not_read(
                        fmt::format("the Argo CD API does not list the pods of a namespace: {}",
                                    kNeedsWorkloadContext)));
        }
        return;
    }
    FetchRounds pods(src.http);
    for (const auto& ns : namespaces) {
        pods.add(list_objects<Pod>(
            src.workload, KubePath::collection(GroupVersion{"", "v1"}, "pods", ns), {},
            fmt::format("list pods in namespace {}", ns),
            [](std::string_view body) { return parse_pod_list(body); },
            out.try_emplace(ns, Snapshot::not_read()).first->second));
    }
    pods.run();
}

ListSnapshot gather_list(const Sources& src, const Profile& profile, const PrRef& repo,
                         std::int64_t now) {
    ListSnapshot snap;
    snap.repo = repo;
    snap.now = now;
    FetchRounds rounds(src.http);
    rounds.add(fetch_pull_page(src, repo, profile.label, first_open_pulls_page(src, repo), 1,
                               PullPaging{kMaxListPages, 4, false}, {}, snap.pulls));
    rounds.add(src.argocd.list_applications(profile.argocd_namespace, profile.pr_label,
                                            snap.applications));
    add_namespace_metadata(src, rounds, snap.namespaces);
    rounds.run();
    if (snap.applications.ok()) {
        snap.applications = own_applications(std::move(snap.applications.value()), profile, repo);
    }
    // Pods only where an Application says something is not right yet: then a crash loop is what
    // tells degraded from deploying, as in `status`. One LIST per such namespace, in one round.
    fetch_pod_lists(src, list_pod_namespaces(snap, profile), snap.pods);
    return snap;
}

Observed<std::vector<PullRequest>> fetch_labelled_pulls(const Sources& src, const PrRef& repo,
                                                        const std::string& label, int max_pages,
                                                        int max_attempts) {
    Observed<std::vector<PullRequest>> out = Snapshot::not_read();
    FetchRounds rounds(src.http);
    rounds.add(fetch_pull_page(src, repo, label, first_pull_page(src, repo, label), 1,
                               PullPaging{max_pages, max_attempts, true}, {}, out));
    rounds.run();
    return out;
}

Observed<std::vector<PullRequest>> fetch_open_pulls(const Sources& src, const PrRef& repo,
                                                    int max_attempts) {
    Observed<std::vector<PullRequest>> out = Snapshot::not_read();
    HttpRequest request = src.github.request(
        "GET", fmt::format("/repos/{}/{}/pulls?state=open&sort=updated&direction=desc&per_page=100",
                           repo.owner, repo.repo));
    request.max_attempts = max_attempts;
    FetchRounds rounds(src.http);
    rounds.add(Fetch{std::move(request),
                     [&out, repo](const HttpOutcome& outcome, FetchRounds&) {
                         if (!outcome.ok() || outcome->status != 200) {
                             out = github_failure(outcome,
                                                  fmt::format("list the open pull requests of {}",
                                                              repo.repo_slug()));
                             return;
                         }
                         auto parsed = parse_pull_request_list(outcome->body);
                         if (parsed.ok()) {
                             out = std::move(parsed.value());
                         } else {
                             out = parsed.error();
                         }
                     },
                     nullptr});
    rounds.run();
    return out;
}

}  // namespace preview
