#include "preview/gather/follow_watch.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <string_view>

#include "gather/fetch_rounds.hpp"
#include "gather/github_fetch.hpp"
#include "gather/kube_fetch.hpp"
#include <fmt/format.h>

#include "preview/core/kube_path.hpp"
#include "preview/io/url.hpp"

namespace preview {
namespace {

struct Watched {
    const char* key;
    bool argocd;  ///< on the Argo CD cluster, else the workload cluster
    GroupVersion gv;
    const char* plural;
};

// What the judgement reads whose change can move the phase: also the ApplicationSet, whose
// refresh annotation and generation errors the follow reports. Events only explain; Services
// and Gateways are read only for a doctor's causes.
const Watched kWatched[] = {
    {"applications", true, {"argoproj.io", "v1alpha1"}, "applications"},
    {"application", true, {"argoproj.io", "v1alpha1"}, "applications"},
    {"applicationset", true, {"argoproj.io", "v1alpha1"}, "applicationsets"},
    {"namespace", false, {"", "v1"}, "namespaces"},
    {"deployments", false, {"apps", "v1"}, "deployments"},
    {"statefulsets", false, {"apps", "v1"}, "statefulsets"},
    {"pods", false, {"", "v1"}, "pods"},
    {"jobs", false, {"batch", "v1"}, "jobs"},
    {"httproutes", false, {"gateway.networking.k8s.io", "v1"}, "httproutes"},
    {"externalsecrets", false, {"external-secrets.io", "v1"}, "externalsecrets"},
    {"externalsecrets.v1beta1", false, {"external-secrets.io", "v1beta1"}, "externalsecrets"},
};

// Watched by name (a field selector on metadata.name); their list_versions entry, when there is
// one, is the object's own resourceVersion from its GET.
const std::set<std::string, std::less<>> kByName = {"application", "applicationset", "namespace"};

const Watched* watched(const std::string& key) {
    for (const auto& w : kWatched) {
        if (key == w.key) {
            return &w;
        }
    }
    return nullptr;
}

// The Argo CD API's application stream, when Argo CD is read through its API server: the
// children by the PR label and the parent by name, as the Kubernetes watches above.
constexpr std::string_view kArgocdStreams[] = {"argocd.applications", "argocd.application"};

// `GET /api/v1/stream/applications`. Argo CD drops events about Applications older than
// `resourceVersion`, and replays the current state as ADDED events only for a stream by name:
// so the parent's stream resumes from the list (a change since then is replayed), and the
// children's opens without one, its replay covering what changed since the list. Either way
// what the snapshot already saw is told apart by `since` (is_news).
Result<WatchRequest> argocd_stream_request(const Sources& src, const Targets& t,
                                           const WatchPoint& point) {
    if (src.argocd_api == nullptr) {
        return Error(ErrorKind::config, "no Argo CD API server to stream from");
    }
    QueryParams query;
    if (point.key == "argocd.applications") {
        query.emplace_back("selector", fmt::format("{}={}", t.pr_label, t.pr_label_value));
    } else {
        query.emplace_back("name", t.application);
        if (!point.resource_version.empty()) {
            query.emplace_back("resourceVersion", point.resource_version);
        }
    }
    query.emplace_back("appNamespace", t.argocd_namespace);
    WatchRequest watch;
    watch.request =
        src.argocd_api->request("GET", with_query("/api/v1/stream/applications", query));
    watch.format = WatchFormat::argocd;
    watch.since = point.resource_version;
    return watch;
}

std::string repo_path(const PrRef& ref) {
    return fmt::format("/repos/{}/{}", ref.owner, ref.repo);
}

}  // namespace

std::vector<WatchPoint> watch_points(const Snapshot& snap) {
    std::vector<WatchPoint> points;
    const auto& versions = snap.list_versions;
    for (const auto& w : kWatched) {
        if (kByName.contains(w.key)) {
            continue;
        }
        if (auto found = versions.find(w.key); found != versions.end()) {
            points.push_back({w.key, found->second, {}});
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
        if (auto found = versions.find(std::string(key)); found != versions.end()) {
            points.push_back({std::string(key), found->second, {}});
        }
    }
    return points;
}

Result<WatchRequest> watch_request(const Sources& src, const Targets& t, const WatchPoint& point,
                                   std::chrono::seconds timeout) {
    if (std::find(std::begin(kArgocdStreams), std::end(kArgocdStreams), point.key) !=
        std::end(kArgocdStreams)) {
        return argocd_stream_request(src, t, point);
    }
    const Watched* w = watched(point.key);
    if (w == nullptr) {
        return Error(ErrorKind::config, "nothing to watch as " + point.key);
    }
    QueryParams query{{"watch", "1"},
                      {"allowWatchBookmarks", "true"},
                      {"timeoutSeconds", std::to_string(timeout.count())}};
    if (!point.resource_version.empty()) {
        query.emplace_back("resourceVersion", point.resource_version);
    }
    if (point.key == "applications") {
        query.emplace_back("labelSelector", fmt::format("{}={}", t.pr_label, t.pr_label_value));
    } else if (point.key == "application") {
        query.emplace_back("fieldSelector", "metadata.name=" + t.application);
    } else if (point.key == "applicationset") {
        query.emplace_back("fieldSelector", "metadata.name=" + t.application_set);
    } else if (point.key == "namespace") {
        query.emplace_back("fieldSelector", "metadata.name=" + t.namespace_name);
    }
    const auto& endpoint = w->argocd ? src.argocd : src.workload;
    const std::string& ns = w->argocd ? t.argocd_namespace : t.namespace_name;
    auto path = point.key == "namespace" ? KubePath::collection(w->gv, w->plural, "")
                                         : KubePath::collection(w->gv, w->plural, ns);
    auto request = kube_request(endpoint, "GET", path, query);
    if (!request.ok()) {
        return request.error();
    }
    return WatchRequest{std::move(request.value()), WatchFormat::kubernetes, {}};
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
