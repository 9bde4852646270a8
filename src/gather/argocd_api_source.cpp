// Argo CD through its API server (`/api/v1`, design §8): the same snapshot fields the
// Kubernetes reads fill, and Argo CD's application stream for a follow; its changes are in
// argocd_api_changes.cpp.

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gather/argocd_api_changes.hpp"
#include "gather/argocd_api_fetch.hpp"
#include "gather/argocd_source.hpp"
#include "gather/kube_change.hpp"
#include "gather/kube_fetch.hpp"
#include <fmt/format.h>

#include "preview/api/kube_json.hpp"
#include "preview/api/watch_json.hpp"
#include "preview/io/url.hpp"

namespace preview {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

std::string app_path(const Targets& t, const std::string& name) {
    return with_query("/api/v1/applications/" + url_escape(name),
                      {{"appNamespace", t.argocd_namespace}});
}

bool lacks_resource_health(const Application& app) {
    if (app.resources.empty()) {
        return false;
    }
    for (const auto& r : app.resources) {
        if (!r.health_status.empty()) {
            return false;
        }
    }
    return true;
}

// State shared by the handlers of one gather: which Applications already have their GET.
struct Detail {
    std::set<std::string> asked;
};

void replace_by_name(const ArgocdReads& reads, const Application& full) {
    if (reads.parent.ok() && reads.parent->has_value() &&
        (*reads.parent)->meta.name == full.meta.name) {
        *reads.parent = full;
    }
    if (reads.children.ok()) {
        for (auto& child : *reads.children) {
            if (child.meta.name == full.meta.name) {
                child = full;
            }
        }
    }
}

void fail_by_name(const ArgocdReads& reads, const std::string& name, const Error& error) {
    if (reads.parent.ok() && reads.parent->has_value() && (*reads.parent)->meta.name == name) {
        reads.parent = error;
    }
    if (reads.children.ok()) {
        for (const auto& child : *reads.children) {
            if (child.meta.name == name) {
                reads.children = error;
                return;
            }
        }
    }
}

void add_detail_gets(FetchRounds& next, const ArgocdEndpoint& ep, const Targets& t,
                     const std::vector<Application>& listed, const ArgocdReads& reads,
                     const std::shared_ptr<Detail>& detail) {
    for (const auto& app : listed) {
        if (!lacks_resource_health(app) || !detail->asked.insert(app.meta.name).second) {
            continue;
        }
        const std::string name = app.meta.name;
        const std::string what =
            fmt::format("read Application {} from the Argo CD API server", name);
        next.add(Fetch{ep.request("GET", app_path(t, name)),
                       [reads, name, what](const HttpOutcome& o, FetchRounds&) {
                           if (!o.ok() || o->status != 200) {
                               fail_by_name(reads, name, argocd_failure(o, what, true));
                               return;
                           }
                           if (auto bad = not_api_answer(*o, what)) {
                               fail_by_name(reads, name, *bad);
                               return;
                           }
                           auto full = parse_application(o->body);
                           if (!full.ok()) {
                               fail_by_name(reads, name, full.error());
                               return;
                           }
                           replace_by_name(reads, *full);
                       }});
    }
}

template <class Store>
Fetch list_for_reads(const ArgocdEndpoint& ep, const Targets& t, Query query,
                     const std::string& what, const std::string& version_key, ArgocdReads reads,
                     const std::shared_ptr<Detail>& detail, Store store) {
    query.emplace_back("appNamespace", t.argocd_namespace);
    return Fetch{ep.request("GET", with_query("/api/v1/applications", query)),
                 [&ep, &t, what, version_key, reads, detail, store](const HttpOutcome& o,
                                                                    FetchRounds& next) {
                     Result<std::vector<Application>> items = Snapshot::not_read();
                     if (!o.ok() || o->status != 200) {
                         items = argocd_failure(o, what);
                     } else if (auto bad = not_api_answer(*o, what)) {
                         items = *bad;
                     } else {
                         items = parse_application_list(o->body);
                         if (auto version = list_resource_version(o->body);
                             items.ok() && reads.list_versions != nullptr && !version.empty()) {
                             (*reads.list_versions)[version_key] = std::move(version);
                         }
                     }
                     if (items.ok()) {
                         add_detail_gets(next, ep, t, *items, reads, detail);
                     }
                     if (reads.listed) {
                         reads.listed(items, next);
                     }
                     store(reads, std::move(items));
                 }};
}

// One list from the Argo CD API server (`GET /api/v1/<plural>?<query>`), parsed by `parse`
// into `out`; an error body, a transport failure or the UI's page becomes the error.
template <class T, class Parse>
Fetch argocd_api_list(const ArgocdEndpoint& endpoint, const std::string& plural,
                      const std::vector<std::pair<std::string, std::string>>& query,
                      std::string what, Parse parse, Observed<std::vector<T>>& out) {
    return Fetch{endpoint.request("GET", with_query("/api/v1/" + plural, query)),
                 [&out, what = std::move(what), parse](const HttpOutcome& o, FetchRounds&) {
                     auto items = parse_api_answer(o, what, parse);
                     if (items.ok()) {
                         out = std::move(items.value());
                     } else {
                         out = items.error();
                     }
                 }};
}

class ApiArgocdSource final : public ArgocdSource {
  public:
    ApiArgocdSource(const ArgocdEndpoint& server, const Result<KubeEndpoint>& cluster,
                    AppsetWebhookOptions webhook)
        : server_(server), cluster_(cluster), webhook_(std::move(webhook)) {}

    ReadSource read_source() const override { return ReadSource::argocd_api; }
    bool kube_context() const override { return cluster_.ok(); }
    // kubectl where a kube context also reaches the Argo CD cluster, else the argocd CLI.
    const ArgocdCommands& commands() const override {
        return cluster_.ok() ? argocd_kubectl_commands() : argocd_cli_commands();
    }

    // Round one: GET the ApplicationSet, list the parent by name and the children by the PR
    // label (a list never answers 403: what the token may not see is absent). Round two, as each
    // list answers: one GET per listed Application whose resources lack health (Argo CD 3.x
    // leaves per-resource health out of lists), which replaces the listed copy. A 403 on such a
    // GET is "does not exist or you lack access", as Argo CD cannot tell them apart without
    // `project`. The versions land under "argocd.application" and "argocd.applications".
    void add_preview_reads(FetchRounds& rounds, const Targets& t,
                           ArgocdReads reads) const override {
        if (reads.application_set != nullptr) {
            rounds.add(read_application_set(t, *reads.application_set, nullptr));
        }
        auto detail = std::make_shared<Detail>();
        rounds.add(list_for_reads(
            server_, t, {{"name", t.application}},
            fmt::format("list Application {} on the Argo CD API server", t.application),
            "argocd.application", reads, detail,
            [](const ArgocdReads& r, Result<std::vector<Application>> found) {
                if (!found.ok()) {
                    r.parent = found.error();
                } else if (found->empty()) {
                    r.parent = std::optional<Application>();
                } else {
                    r.parent = std::optional<Application>(found->front());
                }
            }));
        rounds.add(list_for_reads(
            server_, t, {{"selector", fmt::format("{}={}", t.pr_label, t.pr_label_value)}},
            fmt::format("list the Applications labelled {}={} on the Argo CD API server",
                        t.pr_label, t.pr_label_value),
            "argocd.applications", reads, detail,
            [](const ArgocdReads& r, Result<std::vector<Application>> found) {
                if (found.ok()) {
                    r.children = std::move(found.value());
                } else {
                    r.children = found.error();
                }
            }));
    }

    Fetch list_applications(const std::string& argocd_namespace, const std::string& selector,
                            Observed<std::vector<Application>>& out) const override {
        Query query;
        if (!selector.empty()) {
            query.emplace_back("selector", selector);
        }
        query.emplace_back("appNamespace", argocd_namespace);
        const std::string labelled =
            selector.empty() ? std::string() : fmt::format(" labelled {}", selector);
        return argocd_api_list<Application>(
            server_, "applications", query,
            fmt::format("list the Applications{} in namespace {} on the Argo CD API server",
                        labelled, argocd_namespace),
            [](std::string_view body) { return parse_application_list(body); }, out);
    }

    // No version: the API server streams ApplicationSets only from Argo CD 3.4.
    Fetch read_application_set(const Targets& t, Observed<std::optional<ApplicationSet>>& out,
                               std::map<std::string, std::string>* /*versions*/) const override {
        auto* into = &out;
        const std::string what =
            fmt::format("read ApplicationSet {} from the Argo CD API server", t.application_set);
        return Fetch{server_.request("GET", with_query("/api/v1/applicationsets/" +
                                                           url_escape(t.application_set),
                                                       {{"appsetNamespace", t.argocd_namespace}})),
                     [into, what](const HttpOutcome& o, FetchRounds&) {
                         // Argo CD does not hide ApplicationSets: 404 is missing.
                         if (o.ok() && o->status == 404) {
                             *into = std::optional<ApplicationSet>();
                             return;
                         }
                         auto parsed = parse_api_answer(o, what, [](std::string_view body) {
                             return parse_application_set(body);
                         });
                         if (parsed.ok()) {
                             *into = std::optional<ApplicationSet>(std::move(parsed.value()));
                         } else {
                             *into = parsed.error();
                         }
                     }};
    }

    Fetch list_application_sets(const std::string& argocd_namespace,
                                Observed<std::vector<ApplicationSet>>& out) const override {
        return argocd_api_list<ApplicationSet>(
            server_, "applicationsets", {{"appsetNamespace", argocd_namespace}},
            fmt::format("list the ApplicationSets in namespace {} on the Argo CD API server",
                        argocd_namespace),
            [](std::string_view body) { return parse_application_set_list(body); }, out);
    }

    // `GET /api/v1/stream/applications`. Argo CD drops events about Applications older than
    // `resourceVersion`, and replays the current state as ADDED events only for a stream by
    // name: so the parent's stream resumes from the list (a change since then is replayed), and
    // the children's opens without one, its replay covering what changed since the list. Either
    // way what the snapshot already saw is told apart by `since` (is_news).
    Result<WatchRequest> watch_request(const Targets& t, const WatchPoint& point,
                                       std::chrono::seconds /*timeout*/) const override {
        Query query;
        if (point.key == "argocd.applications") {
            query.emplace_back("selector", fmt::format("{}={}", t.pr_label, t.pr_label_value));
        } else if (point.key == "argocd.application") {
            query.emplace_back("name", t.application);
            if (!point.resource_version.empty()) {
                query.emplace_back("resourceVersion", point.resource_version);
            }
        } else {
            return Error(ErrorKind::config, "nothing to watch as " + point.key);
        }
        query.emplace_back("appNamespace", t.argocd_namespace);
        WatchRequest watch;
        watch.request = server_.request("GET", with_query("/api/v1/stream/applications", query));
        watch.format = WatchFormat::argocd;
        watch.since = point.resource_version;
        return watch;
    }

    bool route(const Intent& intent, const ChangeRoute& how, const PrRef& pr,
               const Observed<std::optional<ApplicationSet>>* appset,
               RoutedChanges& out) const override {
        route_through_api({server_, cluster_, webhook_}, intent, how, pr, appset, out);
        return true;
    }

    Change through_kubernetes(const Intent& intent) const override {
        return kube_form(intent, cluster_);
    }

  private:
    const ArgocdEndpoint& server_;
    const Result<KubeEndpoint>& cluster_;
    AppsetWebhookOptions webhook_;
};

}  // namespace

std::shared_ptr<const ArgocdSource> argocd_through_api(const ArgocdEndpoint& server,
                                                       const Result<KubeEndpoint>& cluster,
                                                       AppsetWebhookOptions webhook) {
    return std::make_shared<ApiArgocdSource>(server, cluster, std::move(webhook));
}

}  // namespace preview
