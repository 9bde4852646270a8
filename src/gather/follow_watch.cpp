#include "preview/gather/follow_watch.hpp"

#include <algorithm>
#include <string_view>

#include "gather/argocd_source.hpp"
#include "gather/fetch_rounds.hpp"
#include "gather/github_fetch.hpp"
#include "gather/kube_fetch.hpp"
#include <fmt/format.h>

#include "preview/core/kube_path.hpp"
#include "preview/io/url.hpp"

namespace preview {
namespace {

// The workload cluster's side of what the judgement reads whose change can move the phase;
// Events only explain, and Services and Gateways are read only for a doctor's causes. The Argo
// CD side (the Applications and the ApplicationSet) is the Argo CD source's to watch.
struct Watched {
    const char* key;
    GroupVersion gv;
    const char* plural;
};

const Watched kWorkload[] = {
    {"namespace", {"", "v1"}, "namespaces"},
    {"deployments", {"apps", "v1"}, "deployments"},
    {"statefulsets", {"apps", "v1"}, "statefulsets"},
    {"pods", {"", "v1"}, "pods"},
    {"jobs", {"batch", "v1"}, "jobs"},
    {"httproutes", {"gateway.networking.k8s.io", "v1"}, "httproutes"},
    {"externalsecrets", {"external-secrets.io", "v1"}, "externalsecrets"},
    {"externalsecrets.v1beta1", {"external-secrets.io", "v1beta1"}, "externalsecrets"},
};

const Watched* workload_watched(const std::string& key) {
    for (const auto& w : kWorkload) {
        if (key == w.key) {
            return &w;
        }
    }
    return nullptr;
}

// The Argo CD API source's application streams of the children by label and of the parent by
// name (the Kubernetes source's watches have the Kubernetes keys).
constexpr std::string_view kArgocdStreams[] = {"argocd.applications", "argocd.application"};

std::string repo_path(const PrRef& ref) {
    return fmt::format("/repos/{}/{}", ref.owner, ref.repo);
}

}  // namespace

std::vector<WatchPoint> watch_points(const Snapshot& snap) {
    std::vector<WatchPoint> points;
    const auto& versions = snap.list_versions;
    const auto collection = [&](std::string_view key) {
        if (auto found = versions.find(std::string(key)); found != versions.end()) {
            points.push_back({std::string(key), found->second, {}});
        }
    };
    collection("applications");  // the Argo CD cluster's, by the PR label
    for (const auto& w : kWorkload) {
        if (std::string_view(w.key) != "namespace") {
            collection(w.key);
        }
    }
    // A watch by name: from the object as it was read, else from a list of the same cluster
    // (resourceVersions are the cluster's etcd revisions).
    const auto by_name = [&](const std::string& key, const std::string& list_key) {
        auto list = versions.find(list_key);
        if (list == versions.end()) {
            return;
        }
        auto object = versions.find(key);
        if (object == versions.end() || object->second.empty()) {
            points.push_back({key, list->second, {}});
        } else {
            points.push_back({key, object->second, list->second});
        }
    };
    by_name("application", "applications");
    by_name("applicationset", "applications");
    by_name("namespace", "pods");
    for (const auto key : kArgocdStreams) {
        collection(key);
    }
    return points;
}

Result<WatchRequest> watch_request(const Sources& src, const Targets& t, const WatchPoint& point,
                                   std::chrono::seconds timeout) {
    const Watched* w = workload_watched(point.key);
    if (w == nullptr) {
        return src.argocd.watch_request(t, point, timeout);
    }
    if (point.key == "namespace") {
        return kube_watch_request(src.workload, KubePath::collection(w->gv, w->plural, ""),
                                  point.resource_version, timeout,
                                  {{"fieldSelector", "metadata.name=" + t.namespace_name}});
    }
    return kube_watch_request(src.workload,
                              KubePath::collection(w->gv, w->plural, t.namespace_name),
                              point.resource_version, timeout, {});
}

bool github_changed(const Sources& src, const PrRef& pr, const std::string& head_sha) {
    std::vector<HttpRequest> requests;
    requests.push_back(
        src.github.request("GET", fmt::format("{}/pulls/{}", repo_path(pr), pr.number)));
    if (!head_sha.empty()) {
        requests.push_back(src.github.request(
            "GET", fmt::format("{}/commits/{}/check-runs?filter=latest&per_page=100", repo_path(pr),
                               head_sha)));
    }
    bool changed = false;
    for (const auto& outcome : src.http.perform_all(std::move(requests))) {
        changed = changed || (outcome.ok() && !outcome->not_modified);
    }
    return changed;
}

Observed<UrlProbe> probe_url(const Sources& src, const std::string& url,
                             std::chrono::milliseconds timeout) {
    Snapshot scratch;
    FetchRounds rounds(src.http);
    rounds.add(fetch_url_probe(url, std::min(timeout, src.timeout), scratch, src.public_tls));
    rounds.run();
    return scratch.url;
}

}  // namespace preview
