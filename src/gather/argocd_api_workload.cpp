#include "gather/argocd_api_workload.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gather/argocd_api_events.hpp"
#include "gather/argocd_api_fetch.hpp"
#include "gather/argocd_api_live.hpp"
#include <fmt/format.h>

#include "preview/api/argocd_tree_json.hpp"
#include "preview/api/gateway_json.hpp"
#include "preview/api/kube_json.hpp"
#include "preview/core/k8s_names.hpp"
#include "preview/core/previous_logs.hpp"
#include "preview/core/route_reads.hpp"
#include "preview/io/url.hpp"

namespace preview {

namespace {

// The kinds the snapshot holds, with the API group their tree node must carry and the versions
// a live read may ask for (design §7: versions from a known set, never from the server).
struct KindSpec {
    std::string_view kind;
    std::string_view group;
    std::array<std::string_view, 2> versions;  ///< an empty second: one version only
};

constexpr KindSpec kKinds[] = {
    {"Pod", "", {"v1"}},
    {"Deployment", "apps", {"v1"}},
    {"StatefulSet", "apps", {"v1"}},
    {"Job", "batch", {"v1"}},
    {"HTTPRoute", "gateway.networking.k8s.io", {"v1", "v1beta1"}},
    {"ExternalSecret", "external-secrets.io", {"v1", "v1beta1"}},
};

const KindSpec* spec_of(const TreeNode& node) {
    for (const auto& spec : kKinds) {
        if (node.kind == spec.kind && node.group == spec.group) {
            return &spec;
        }
    }
    return nullptr;
}

std::string key_of(std::string_view kind, std::string_view name) {
    return fmt::format("{}/{}", kind, name);
}

// The tree's health does not say enough: not Healthy, or a kind whose snapshot shape needs
// fields the tree leaves out (a route's hostnames and parents, a Job's times).
bool needs_live_read(const TreeNode& node) {
    return node.kind == "HTTPRoute" || node.kind == "Job" || node.health_status != "Healthy";
}

}  // namespace

struct ApiWorkload {
    std::set<std::string> trees_asked;                ///< Application names
    std::vector<TreeNode> nodes;                      ///< in the preview namespace, every tree
    std::set<std::string> shown;                      ///< "Kind/name" the trees list (also Missing)
    std::map<std::string, std::string> tree_apps;     ///< "Kind/name" -> the first tree's app
    std::map<std::string, Result<std::string>> live;  ///< "Kind/name" -> one-item list document
    std::set<std::string> over_budget;                ///< "Kind/name" that needed a live read
    std::optional<Error> error;                       ///< the first list or tree that failed
    int live_asked = 0;
    bool previous_logs = false;
    bool routes_only = false;  ///< live-read the HTTPRoutes alone: no events, logs or Services
    std::map<std::string, Observed<std::string>> logs;  ///< "pod/container" -> previous log
    ApiEvents events;                                   ///< of the workloads short of pods
    /// The Services an unresolved route names: name -> its one-item list (or why not read).
    std::map<std::string, Result<std::string>> services;
};

std::shared_ptr<ApiWorkload> make_api_workload(bool previous_logs) {
    auto state = std::make_shared<ApiWorkload>();
    state->previous_logs = previous_logs;
    return state;
}

std::shared_ptr<ApiWorkload> make_api_route_reads() {
    auto state = std::make_shared<ApiWorkload>();
    state->routes_only = true;
    return state;
}

namespace {

// The previous log of each crash-looping container of a live pod, as the Kubernetes source
// reads it (the same rule, the same tail), within the live-read budget.
void add_log_reads(FetchRounds& next, const ArgocdEndpoint& ep, const Targets& t,
                   const std::string& app, const std::string& pod_doc,
                   const std::shared_ptr<ApiWorkload>& state) {
    auto pods = parse_pod_list(pod_doc);
    if (!pods.ok()) {
        return;
    }
    for (const auto& pod : *pods) {
        for (const auto& c : pod.containers) {
            if (!wants_previous_log(c)) {
                continue;
            }
            const std::string key = pod.meta.name + "/" + c.name;
            if (dns1123_label_problem(c.name) || state->logs.count(key) != 0 ||
                state->live_asked >= kMaxLiveReads) {
                continue;
            }
            ++state->live_asked;
            state->logs.emplace(key, Snapshot::not_read());
            const std::string what = "read the previous log of " + key + " from the Argo CD API";
            next.add(Fetch{
                ep.request("GET", with_query("/api/v1/applications/" + url_escape(app) + "/logs",
                                             {{"namespace", t.namespace_name},
                                              {"podName", pod.meta.name},
                                              {"container", c.name},
                                              {"previous", "true"},
                                              {"tailLines", std::to_string(kPreviousLogTailLines)},
                                              {"follow", "false"},
                                              {"appNamespace", t.argocd_namespace}})),
                [state, key, what](const HttpOutcome& o, FetchRounds&) {
                    auto& out = state->logs.at(key);
                    if (!o.ok() || o->status != 200) {
                        out = argocd_failure(o, what);
                    } else {
                        out = parse_log_stream(o->body);
                    }
                }});
        }
    }
}

// The Services the unresolved routes of a live HTTPRoute list name, as the Kubernetes source
// reads them for the route check (ports included): each one's live object, through the
// Application whose tree shows it, within the live-read budget. A Service no tree has shown yet
// is judged when all trees are in (fill_api_workload).
void add_service_reads(FetchRounds& next, const ArgocdEndpoint& ep, const Targets& t,
                       const std::string& route_doc, const std::shared_ptr<ApiWorkload>& state) {
    auto routes = parse_http_route_list(route_doc);
    if (!routes.ok()) {
        return;
    }
    for (const auto& route : *routes) {
        if (!backends_to_read({route})) {
            continue;
        }
        for (const auto& ref : route.backend_refs) {
            if (ref.kind != "Service" || ref.namespace_name != t.namespace_name ||
                dns1123_label_problem(ref.name) || state->services.count(ref.name) != 0) {
                continue;
            }
            const std::string key = key_of("Service", ref.name);
            const auto app = state->tree_apps.find(key);
            const bool live =
                std::any_of(state->nodes.begin(), state->nodes.end(), [&](const TreeNode& n) {
                    return n.kind == "Service" && n.group.empty() && n.name == ref.name;
                });
            if (app == state->tree_apps.end() || !live) {
                continue;  // Missing, or in a tree not read yet: fill_api_workload says which
            }
            const std::string what =
                fmt::format("read the live Service {} from the Argo CD API server", ref.name);
            if (state->live_asked >= kMaxLiveReads) {
                state->services.emplace(
                    ref.name,
                    Error(ErrorKind::api, fmt::format("cannot {}: more than {} live reads: {}",
                                                      what, kMaxLiveReads, kNeedsWorkloadContext)));
                continue;
            }
            ++state->live_asked;
            state->services.emplace(ref.name, Snapshot::not_read());
            next.add(Fetch{live_request(ep, t, app->second, "Service", ref.name, "v1", ""),
                           [state, name = ref.name, what](const HttpOutcome& o, FetchRounds&) {
                               state->services.at(name) = live_answer(o, what, "Service", name);
                           }});
        }
    }
}

void add_live_read(FetchRounds& next, const ArgocdEndpoint& ep, const Targets& t,
                   const std::string& app, const TreeNode& node, const KindSpec& spec,
                   const std::shared_ptr<ApiWorkload>& state) {
    const std::string key = key_of(node.kind, node.name);
    if (state->live.count(key) != 0 || state->over_budget.count(key) != 0) {
        return;
    }
    const auto version = std::find(spec.versions.begin(), spec.versions.end(), node.version);
    const bool known_version = !node.version.empty() && version != spec.versions.end();
    const std::string what =
        fmt::format("read the live {} {} from the Argo CD API server", node.kind, node.name);
    if (!known_version || dns1123_subdomain_problem(node.name)) {
        state->live.emplace(
            key, Error(ErrorKind::api, fmt::format("cannot {}: the resource tree names it with "
                                                   "an unexpected version or name",
                                                   what)));
        return;
    }
    if (state->live_asked >= kMaxLiveReads) {
        state->over_budget.insert(key);
        return;
    }
    ++state->live_asked;
    state->live.emplace(key, Snapshot::not_read());
    const std::string kind(spec.kind);
    const std::string name = node.name;
    next.add(Fetch{
        live_request(ep, t, app, kind, name, std::string(*version), std::string(spec.group)),
        [&ep, &t, app, state, key, kind, name, what](const HttpOutcome& o, FetchRounds& then) {
            auto& out = state->live.at(key);
            out = live_answer(o, what, kind, name);
            if (kind == "Pod" && out.ok() && state->previous_logs) {
                add_log_reads(then, ep, t, app, *out, state);
            }
            if (kind == "HTTPRoute" && out.ok() && !state->routes_only) {
                add_service_reads(then, ep, t, *out, state);
            }
        }});
}

void read_tree(FetchRounds& rounds, const ArgocdEndpoint& ep, const Targets& t,
               const std::string& app, const std::shared_ptr<ApiWorkload>& state) {
    const std::string what =
        fmt::format("read the resource tree of Application {} from the Argo CD API server", app);
    rounds.add(Fetch{
        ep.request("GET", with_query("/api/v1/applications/" + url_escape(app) + "/resource-tree",
                                     {{"appNamespace", t.argocd_namespace}})),
        [&ep, &t, app, what, state](const HttpOutcome& o, FetchRounds& next) {
            Result<std::vector<TreeNode>> tree = Snapshot::not_read();
            if (!o.ok() || o->status != 200) {
                tree = argocd_failure(o, what);
            } else if (auto bad = not_api_answer(*o, what)) {
                tree = *bad;
            } else {
                tree = parse_resource_tree(o->body);
            }
            if (!tree.ok()) {
                if (!state->error) {
                    state->error = tree.error();
                }
                return;
            }
            std::erase_if(*tree, [&t](const TreeNode& node) {
                return node.namespace_name != t.namespace_name;
            });
            if (!state->routes_only) {
                add_event_reads(next, ep, t, app, *tree,
                                std::shared_ptr<ApiEvents>(state, &state->events));
            }
            for (auto& node : *tree) {
                const KindSpec* spec = spec_of(node);
                if (spec != nullptr) {
                    state->shown.insert(key_of(node.kind, node.name));
                }
                state->tree_apps.emplace(key_of(node.kind, node.name), app);
                if (node.uid.empty()) {
                    continue;  // managed but missing from the cluster
                }
                if (spec != nullptr && needs_live_read(node) &&
                    (!state->routes_only || node.kind == "HTTPRoute")) {
                    add_live_read(next, ep, t, app, node, *spec, state);
                }
                // Other kinds (ReplicaSets) stay for the ownership they tell.
                state->nodes.push_back(std::move(node));
            }
        }});
}

// One kind's objects: the live object where one was read, else what the tree vouches for.
template <class T, class Parse, class FromNode>
Observed<std::vector<T>> objects_of(const ApiWorkload& state, std::string_view kind, Parse parse,
                                    FromNode from_node) {
    std::vector<T> out;
    std::set<std::string> seen;
    for (const auto& node : state.nodes) {
        if (node.kind != kind || spec_of(node) == nullptr || !seen.insert(node.name).second) {
            continue;
        }
        const std::string key = key_of(node.kind, node.name);
        if (state.over_budget.count(key) != 0) {
            return Snapshot::not_read(fmt::format(
                "more than {} objects in the Argo CD resource tree are not Healthy, and the Argo "
                "CD API reads each one separately; {} {} was not read: {}",
                kMaxLiveReads, kind, node.name, kNeedsWorkloadContext));
        }
        if (const auto live = state.live.find(key); live != state.live.end()) {
            if (!live->second.ok()) {
                return live->second.error();
            }
            auto parsed = parse(*live->second);
            if (!parsed.ok()) {
                return parsed.error();
            }
            out.insert(out.end(), parsed->begin(), parsed->end());
            continue;
        }
        out.push_back(from_node(node));
    }
    return out;
}

// Profile-named objects the trees do not list may exist unmanaged (Kyverno generates the
// ExternalSecrets and the seed Job): their absence from the trees proves nothing.
template <class T>
void unless_all_shown(const ApiWorkload& state, std::string_view kind,
                      const std::vector<std::string>& names, Observed<std::vector<T>>& piece) {
    for (const auto& name : names) {
        if (!name.empty() && state.shown.count(key_of(kind, name)) == 0) {
            piece = Snapshot::not_read(fmt::format(
                "{} {} is not among the objects Argo CD manages, and the Argo CD API shows no "
                "others: {}",
                kind, name, kNeedsWorkloadContext));
            return;
        }
    }
}

// The Services the unresolved routes name, as far as the trees show them: read live, or
// managed and missing from the cluster (a Missing node: absent, as through Kubernetes). One no
// tree shows may exist unmanaged: then the piece is not read, as its absence proves nothing.
Observed<std::vector<Service>> services_of(const ApiWorkload& state,
                                           const Observed<std::vector<HttpRoute>>& routes,
                                           const Targets& t) {
    if (!routes.ok() || !backends_to_read(*routes)) {
        return Snapshot::not_read();  // no route asks for its Services, as through Kubernetes
    }
    std::vector<Service> out;
    for (const auto& route : *routes) {
        if (!backends_to_read({route})) {
            continue;  // resolved: its Services were not asked for
        }
        for (const auto& ref : route.backend_refs) {
            if (ref.kind != "Service" || ref.namespace_name != t.namespace_name ||
                dns1123_label_problem(ref.name)) {
                continue;  // another namespace's, or a name no Service can have (the check says)
            }
            if (const auto read = state.services.find(ref.name); read != state.services.end()) {
                if (!read->second.ok()) {
                    return read->second.error();
                }
                auto parsed = parse_service_list(*read->second);
                if (!parsed.ok()) {
                    return parsed.error();
                }
                for (auto& svc : *parsed) {
                    if (std::none_of(out.begin(), out.end(), [&](const Service& known) {
                            return known.meta.name == svc.meta.name;
                        })) {
                        out.push_back(std::move(svc));
                    }
                }
                continue;
            }
            const std::string key = key_of("Service", ref.name);
            if (state.tree_apps.count(key) == 0) {
                return Snapshot::not_read(fmt::format(
                    "Service {} is not among the objects Argo CD manages, and the Argo CD API "
                    "shows no others: {}",
                    ref.name, kNeedsWorkloadContext));
            }
            const bool live =
                std::any_of(state.nodes.begin(), state.nodes.end(), [&](const TreeNode& n) {
                    return n.kind == "Service" && n.group.empty() && n.name == ref.name;
                });
            if (live) {  // its tree came after the route's live object
                return Snapshot::not_read(
                    fmt::format("Service {} was not read: {}", ref.name, kNeedsWorkloadContext));
            }
            // Managed and missing from the cluster (a Missing node): absent, as it is.
        }
    }
    return out;
}

}  // namespace

std::function<void(const Result<std::vector<Application>>&, FetchRounds&)> api_workload_reader(
    const ArgocdEndpoint& endpoint, const Targets& targets,
    const std::shared_ptr<ApiWorkload>& state) {
    return [&endpoint, &targets, state](const Result<std::vector<Application>>& apps,
                                        FetchRounds& next) {
        if (!apps.ok()) {
            if (!state->error) {
                state->error = apps.error();
            }
            return;
        }
        for (const auto& app : *apps) {
            // Without a destination namespace Argo CD applies each manifest where it says, so
            // where this one deploys is unknown until its tree says (the tree's nodes carry
            // their namespaces): read it rather than take it for deployed elsewhere.
            const bool elsewhere = !app.destination_namespace.empty() &&
                                   app.destination_namespace != targets.namespace_name;
            if (elsewhere || dns1123_subdomain_problem(app.meta.name) ||
                !state->trees_asked.insert(app.meta.name).second) {
                continue;
            }
            read_tree(next, endpoint, targets, app.meta.name, state);
        }
    };
}

void fill_api_workload(const ApiWorkload& state, const Targets& t, Snapshot& snap) {
    for (const auto& [key, log] : state.logs) {
        snap.logs.insert_or_assign(key, log);
    }
    snap.sources.tree_apps = state.tree_apps;
    snap.namespace_state = Snapshot::not_read(fmt::format(
        "the Argo CD API does not show the Namespace object: {}", kNeedsWorkloadContext));
    snap.events = Snapshot::not_read(
        fmt::format("the Argo CD API lists no namespace events: {}", kNeedsWorkloadContext));
    fill_api_events(state.events, snap);
    if (state.error) {
        Error e = *state.error;
        snap.pods = e;
        snap.workloads = e;
        snap.jobs = e;
        snap.routes = e;
        snap.external_secrets = e;
        return;
    }
    snap.pods = objects_of<Pod>(
        state, "Pod", [](const std::string& doc) { return parse_pod_list(doc); }, pod_from_node);
    auto workload = [&state](const TreeNode& node) {
        return workload_from_node(node, state.nodes);
    };
    auto deployments = objects_of<Workload>(
        state, "Deployment",
        [](const std::string& doc) { return parse_workload_list(doc, "Deployment"); }, workload);
    auto statefulsets = objects_of<Workload>(
        state, "StatefulSet",
        [](const std::string& doc) { return parse_workload_list(doc, "StatefulSet"); }, workload);
    if (!deployments.ok()) {
        snap.workloads = deployments.error();
    } else if (!statefulsets.ok()) {
        snap.workloads = statefulsets.error();
    } else {
        deployments->insert(deployments->end(), statefulsets->begin(), statefulsets->end());
        snap.workloads = std::move(deployments);
    }
    auto no_synthesis = [](const TreeNode&) -> Job { return Job{}; };  // Jobs are always read
    snap.jobs = objects_of<Job>(
        state, "Job", [](const std::string& doc) { return parse_job_list(doc); }, no_synthesis);
    unless_all_shown(state, "Job", {t.seed_job}, snap.jobs);
    snap.routes = objects_of<HttpRoute>(
        state, "HTTPRoute", [](const std::string& doc) { return parse_http_route_list(doc); },
        [](const TreeNode&) { return HttpRoute{}; });  // routes are always read
    unless_all_shown(state, "HTTPRoute", t.http_routes, snap.routes);
    snap.services = services_of(state, snap.routes, t);
    snap.external_secrets = objects_of<ExternalSecret>(
        state, "ExternalSecret",
        [](const std::string& doc) { return parse_external_secret_list(doc); },
        external_secret_from_node);
    unless_all_shown(state, "ExternalSecret", t.external_secrets, snap.external_secrets);
}

std::vector<ApiRouteRef> api_route_refs(const ApiWorkload& state) {
    std::vector<ApiRouteRef> out;
    for (const auto& node : state.nodes) {
        const KindSpec* spec = spec_of(node);
        if (spec == nullptr || node.kind != "HTTPRoute" || node.uid.empty()) {
            continue;
        }
        const auto app = state.tree_apps.find(key_of(node.kind, node.name));
        const bool known_version =
            !node.version.empty() && std::find(spec->versions.begin(), spec->versions.end(),
                                               node.version) != spec->versions.end();
        if (app == state.tree_apps.end() || !known_version ||
            dns1123_subdomain_problem(node.name) ||
            std::any_of(out.begin(), out.end(),
                        [&node](const ApiRouteRef& r) { return r.name == node.name; })) {
            continue;
        }
        out.push_back(ApiRouteRef{node.name, app->second, node.version});
    }
    return out;
}

}  // namespace preview
