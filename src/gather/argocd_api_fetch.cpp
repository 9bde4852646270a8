#include "gather/argocd_api_fetch.hpp"

#include <memory>
#include <set>
#include <string>

#include <fmt/format.h>

#include "preview/api/api_errors.hpp"
#include "preview/api/kube_json.hpp"
#include "preview/api/watch_json.hpp"
#include "preview/io/url.hpp"

namespace preview {

Error argocd_failure(const HttpOutcome& outcome, const std::string& what, bool missing_or_denied) {
    if (!outcome.ok()) {
        Error e = outcome.error();
        if (e.kind != ErrorKind::interrupted) {
            e.message = fmt::format("cannot {}: {}", what, e.message);
        }
        return e;
    }
    return classify_argocd_error(outcome->status, outcome->body, what, missing_or_denied);
}

std::optional<Error> not_api_answer(const HttpResponse& response, const std::string& what) {
    const auto type = response.header("content-type");
    if (type && type->find("application/json") == std::string::npos) {
        Error e = unexpected_body(what, response.status, response.body);
        e.hint =
            "check the Argo CD server address and argocd.rootPath: the Argo CD UI answers "
            "every path the API does not know";
        return e;
    }
    return std::nullopt;
}

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
Fetch list_applications(const ArgocdEndpoint& ep, const Targets& t, Query query,
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

}  // namespace

void add_argocd_api_fetches(FetchRounds& rounds, const ArgocdEndpoint& ep, const Targets& t,
                            const ArgocdReads& reads) {
    if (reads.application_set != nullptr) {
        auto* out = reads.application_set;
        const std::string what =
            fmt::format("read ApplicationSet {} from the Argo CD API server", t.application_set);
        rounds.add(Fetch{
            ep.request("GET", with_query("/api/v1/applicationsets/" + url_escape(t.application_set),
                                         {{"appsetNamespace", t.argocd_namespace}})),
            [out, what](const HttpOutcome& o, FetchRounds&) {
                // Argo CD does not hide ApplicationSets: 404 is missing.
                if (o.ok() && o->status == 404) {
                    *out = std::optional<ApplicationSet>();
                    return;
                }
                if (!o.ok() || o->status != 200) {
                    *out = argocd_failure(o, what);
                    return;
                }
                if (auto bad = not_api_answer(*o, what)) {
                    *out = *bad;
                    return;
                }
                auto parsed = parse_application_set(o->body);
                if (parsed.ok()) {
                    *out = std::optional<ApplicationSet>(std::move(parsed.value()));
                } else {
                    *out = parsed.error();
                }
            }});
    }
    auto detail = std::make_shared<Detail>();
    rounds.add(list_applications(
        ep, t, {{"name", t.application}},
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
    rounds.add(list_applications(
        ep, t, {{"selector", fmt::format("{}={}", t.pr_label, t.pr_label_value)}},
        fmt::format("list the Applications labelled {}={} on the Argo CD API server", t.pr_label,
                    t.pr_label_value),
        "argocd.applications", reads, detail,
        [](const ArgocdReads& r, Result<std::vector<Application>> found) {
            if (found.ok()) {
                r.children = std::move(found.value());
            } else {
                r.children = found.error();
            }
        }));
}

Fetch list_argocd_api_applications(const ArgocdEndpoint& ep, const std::string& argocd_namespace,
                                   const std::string& selector,
                                   Observed<std::vector<Application>>& out) {
    return argocd_api_list<Application>(
        ep, "applications", {{"selector", selector}, {"appNamespace", argocd_namespace}},
        fmt::format("list the Applications labelled {} on the Argo CD API server", selector),
        [](std::string_view body) { return parse_application_list(body); }, out);
}

}  // namespace preview
