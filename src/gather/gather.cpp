#include "preview/gather/gather.hpp"

#include <algorithm>
#include <set>

#include "gather/argocd_api_workload.hpp"
#include "gather/argocd_source.hpp"
#include "gather/fetch_rounds.hpp"
#include "gather/follow_up_fetch.hpp"
#include "gather/github_fetch.hpp"
#include "gather/kube_fetch.hpp"
#include "gather/registry_fetch.hpp"
#include <fmt/format.h>

#include "preview/api/gateway_json.hpp"
#include "preview/api/kube_json.hpp"
#include "preview/api/leftovers.hpp"
#include "preview/api/oci_reference.hpp"
#include "preview/api/watch_json.hpp"
#include "preview/core/kube_path.hpp"
#include "preview/core/previous_logs.hpp"
#include "preview/core/route_reads.hpp"
#include "preview/core/status.hpp"
#include "preview/io/url.hpp"

namespace preview {
namespace {

// Pieces read separately that the snapshot holds together.
struct Partial {
    Observed<std::optional<Application>> parent = Snapshot::not_read();
    Observed<std::vector<Application>> children = Snapshot::not_read();
    Observed<std::vector<Workload>> deployments = Snapshot::not_read();
    Observed<std::vector<Workload>> statefulsets = Snapshot::not_read();
    std::vector<Leftover> leftovers;  ///< of a Terminating namespace
    std::optional<Error> leftover_error;
};

const GroupVersion kCore{"", "v1"};
const GroupVersion kApps{"apps", "v1"};
const GroupVersion kBatch{"batch", "v1"};
const GroupVersion kGateway{"gateway.networking.k8s.io", "v1"};
const GroupVersion kEso{"external-secrets.io", "v1"};
const GroupVersion kEsoBeta{"external-secrets.io", "v1beta1"};

Result<KubePath> ns_path(const Targets& t, const GroupVersion& gv, std::string_view plural) {
    return KubePath::collection(gv, plural, t.namespace_name);
}

// The parent and child Applications (and, with `application_set`, the ApplicationSet too).
void add_argocd_fetches(FetchRounds& rounds, const Sources& src, const Targets& t, Snapshot& snap,
                        Partial& part, bool application_set,
                        const std::shared_ptr<ApiWorkload>& api_workload = {}) {
    ArgocdReads reads{application_set ? &snap.application_set : nullptr, part.parent,
                      part.children};
    reads.list_versions = &snap.list_versions;
    if (api_workload) {
        reads.listed = api_workload_reader(*src.argocd_api, t, api_workload);
    }
    src.argocd.add_preview_reads(rounds, t, std::move(reads));
}

void record_leftovers(const HttpOutcome& outcome, const std::string& what, Partial& part) {
    if (!outcome.ok() || outcome->status != 200) {
        part.leftover_error = kube_failure(outcome, what);
        return;
    }
    auto items = parse_leftover_list(outcome->body);
    if (!items.ok()) {
        part.leftover_error = items.error();
        return;
    }
    part.leftovers.insert(part.leftovers.end(), items->begin(), items->end());
}

// A Terminating namespace names the resource types still in it; list exactly those (resolving
// each group's preferred version first), so the cost stays with what blocks, not with the cluster.
void add_leftover_fetches(FetchRounds& rounds, const Sources& src, const Targets& t,
                          const Snapshot& snap, Partial& part) {
    if (!snap.namespace_state.ok() || !snap.namespace_state->has_value()) {
        return;
    }
    const Namespace& ns = **snap.namespace_state;
    const auto* remaining = find_condition(ns.conditions, "NamespaceContentRemaining");
    if (ns.meta.deletion_timestamp.empty() || remaining == nullptr || remaining->status != "True") {
        return;
    }
    for (const auto& gr : remaining_resources(remaining->message)) {
        const std::string what = fmt::format(
            "list {} left in namespace {}",
            gr.group.empty() ? gr.resource : gr.resource + "." + gr.group, t.namespace_name);
        if (gr.group.empty()) {
            rounds.add(Fetch{kube_request(src.workload, "GET", ns_path(t, kCore, gr.resource)),
                             [&part, what](const HttpOutcome& o, FetchRounds&) {
                                 record_leftovers(o, what, part);
                             },
                             src.workload.ok() ? &src.workload.value() : nullptr});
            continue;
        }
        auto list_in_version = [&src, &t, &part, gr, what](const HttpOutcome& o,
                                                           FetchRounds& next) {
            if (!o.ok() || o->status != 200) {
                part.leftover_error = kube_failure(o, what);
                return;
            }
            auto version = parse_preferred_version(o->body);
            if (!version.ok()) {
                part.leftover_error = version.error();
                return;
            }
            // Discovery answers from the server: the version must belong to the group asked.
            auto gv = discovered_api_version(gr.group, *version);
            if (!gv.ok()) {
                part.leftover_error = gv.error();
                return;
            }
            next.add(Fetch{kube_request(src.workload, "GET", ns_path(t, *gv, gr.resource)),
                           [&part, what](const HttpOutcome& list, FetchRounds&) {
                               record_leftovers(list, what, part);
                           },
                           src.workload.ok() ? &src.workload.value() : nullptr});
        };
        rounds.add(Fetch{kube_request(src.workload, "GET", KubePath::group(gr.group)),
                         std::move(list_in_version),
                         src.workload.ok() ? &src.workload.value() : nullptr});
    }
}

// `after`: the follow-ups waiting for the list (the v1beta1 fallback counts as its answer).
void add_external_secrets(FetchRounds& rounds, const Sources& src, const Targets& t, Snapshot& snap,
                          const AfterAll& after) {
    const std::string what = fmt::format("list ExternalSecrets in namespace {}", t.namespace_name);
    auto parse = [](std::string_view body) { return parse_external_secret_list(body); };
    // external-secrets.io/v1 exists since ESO v0.16; older installs only serve v1beta1.
    auto fall_back = [&src, &t, &snap, what, parse, after](FetchRounds& next) {
        next.add(after.wait_for(
            versioned(list_objects<ExternalSecret>(
                          src.workload, ns_path(t, kEsoBeta, "externalsecrets"), {}, what, parse,
                          snap.external_secrets,
                          not_installed(t.external_secrets, "external-secrets.io",
                                        "the External Secrets Operator", snap.external_secrets)),
                      snap.list_versions, "externalsecrets.v1beta1")));
        return true;
    };
    rounds.add(after.wait_for(
        versioned(list_objects<ExternalSecret>(src.workload, ns_path(t, kEso, "externalsecrets"),
                                               {}, what, parse, snap.external_secrets, fall_back),
                  snap.list_versions, "externalsecrets")));
}

// What stands behind a route whose status asks for it: the Gateway of a route no controller
// reports on (or that is not accepted), the Services of a route that cannot resolve a backend.
void add_route_cause_fetches(FetchRounds& rounds, const Sources& src, const Targets& t,
                             Snapshot& snap) {
    if (!snap.routes.ok()) {
        return;
    }
    for (const auto& ref : gateways_to_read(*snap.routes, snap.now)) {
        auto& out = snap.gateways.emplace(gateway_key(ref), Snapshot::not_read()).first->second;
        rounds.add(get_object<Gateway>(
            src.workload, KubePath::object(kGateway, "gateways", ref.namespace_name, ref.name),
            fmt::format("read Gateway {}", gateway_key(ref)),
            [](std::string_view body) { return parse_gateway(body); }, out));
    }
    if (backends_to_read(*snap.routes)) {
        rounds.add(list_objects<Service>(
            src.workload, ns_path(t, kCore, "services"), {},
            fmt::format("list Services in namespace {}", t.namespace_name),
            [](std::string_view body) { return parse_service_list(body); }, snap.services));
    }
}

// `after`: the namespace follow-ups, which wait for the namespace, its Jobs, Warning events
// and ExternalSecrets.
void add_workload_fetches(FetchRounds& rounds, const Sources& src, const Targets& t, Snapshot& snap,
                          Partial& part, const GatherOptions& options, const AfterAll& after) {
    const std::string& ns = t.namespace_name;
    Fetch ns_fetch = get_object<Namespace>(
        src.workload, KubePath::object(kCore, "namespaces", "", ns),
        fmt::format("read namespace {}", ns),
        [](std::string_view body) { return parse_namespace(body); }, snap.namespace_state);
    auto read_namespace = std::move(ns_fetch.handle);
    ns_fetch.handle = [read_namespace, &src, &t, &snap, &part](const HttpOutcome& outcome,
                                                               FetchRounds& next) {
        read_namespace(outcome, next);
        add_leftover_fetches(next, src, t, snap, part);
    };
    rounds.add(after.wait_for(versioned(std::move(ns_fetch), snap.list_versions, "namespace")));
    rounds.add(
        versioned(list_objects<Workload>(
                      src.workload, ns_path(t, kApps, "deployments"), {},
                      fmt::format("list Deployments in namespace {}", ns),
                      [](std::string_view body) { return parse_workload_list(body, "Deployment"); },
                      part.deployments),
                  snap.list_versions, "deployments"));
    rounds.add(versioned(
        list_objects<Workload>(
            src.workload, ns_path(t, kApps, "statefulsets"), {},
            fmt::format("list StatefulSets in namespace {}", ns),
            [](std::string_view body) { return parse_workload_list(body, "StatefulSet"); },
            part.statefulsets),
        snap.list_versions, "statefulsets"));

    Fetch pods = list_objects<Pod>(
        src.workload, ns_path(t, kCore, "pods"), {}, fmt::format("list pods in namespace {}", ns),
        [](std::string_view body) { return parse_pod_list(body); }, snap.pods);
    if (options.previous_logs) {
        // Once the pods are known, read the previous log of every crash-looping container.
        auto inner = std::move(pods.handle);
        pods.handle = [inner, &src, &t, &snap](const HttpOutcome& outcome, FetchRounds& next) {
            inner(outcome, next);
            if (!snap.pods.ok()) {
                return;
            }
            for (const auto& pod : *snap.pods) {
                for (const auto& c : pod.containers) {
                    if (!wants_previous_log(c)) {
                        continue;
                    }
                    const std::string key = pod.meta.name + "/" + c.name;
                    snap.logs.emplace(key, Snapshot::not_read());
                    next.add(Fetch{
                        kube_request(
                            src.workload, "GET",
                            KubePath::object(kCore, "pods", t.namespace_name, pod.meta.name, "log"),
                            {{"container", c.name},
                             {"previous", "true"},
                             {"tailLines", std::to_string(kPreviousLogTailLines)}}),
                        [&snap, key](const HttpOutcome& log, FetchRounds&) {
                            if (log.ok() && log->status == 200) {
                                snap.logs.at(key) = log->body;
                            } else {
                                snap.logs.at(key) =
                                    kube_failure(log, "read the previous log of " + key);
                            }
                        },
                        src.workload.ok() ? &src.workload.value() : nullptr});
                }
            }
        };
    }
    rounds.add(versioned(std::move(pods), snap.list_versions, "pods"));

    rounds.add(after.wait_for(
        versioned(list_objects<Job>(
                      src.workload, ns_path(t, kBatch, "jobs"), {},
                      fmt::format("list Jobs in namespace {}", ns),
                      [](std::string_view body) { return parse_job_list(body); }, snap.jobs),
                  snap.list_versions, "jobs")));
    Fetch routes = list_objects<HttpRoute>(
        src.workload, ns_path(t, kGateway, "httproutes"), {},
        fmt::format("list HTTPRoutes in namespace {}", ns),
        [](std::string_view body) { return parse_http_route_list(body); }, snap.routes,
        not_installed(t.http_routes, "gateway.networking.k8s.io/v1", "the Gateway API",
                      snap.routes));
    if (options.route_causes) {
        auto inner = std::move(routes.handle);
        routes.handle = [inner, &src, &t, &snap](const HttpOutcome& outcome, FetchRounds& next) {
            inner(outcome, next);
            add_route_cause_fetches(next, src, t, snap);
        };
    }
    rounds.add(versioned(std::move(routes), snap.list_versions, "httproutes"));
    rounds.add(after.wait_for(list_objects<Event>(
        src.workload, ns_path(t, kCore, "events"), {{"fieldSelector", "type=Warning"}},
        fmt::format("list Warning events in namespace {}", ns),
        [](std::string_view body) { return parse_event_list(body); }, snap.events)));
    add_external_secrets(rounds, src, t, snap, after);
}

Observed<std::vector<Application>> join_applications(const Partial& part) {
    if (!part.parent.ok()) {
        return part.parent.error();
    }
    if (!part.children.ok()) {
        return part.children.error();
    }
    std::vector<Application> apps;
    if (part.parent->has_value()) {
        apps.push_back(**part.parent);
    }
    for (const auto& child : *part.children) {
        if (apps.empty() || child.meta.name != apps.front().meta.name) {
            apps.push_back(child);
        }
    }
    return apps;
}

Observed<std::vector<Workload>> join_workloads(const Partial& part) {
    if (!part.deployments.ok()) {
        return part.deployments.error();
    }
    if (!part.statefulsets.ok()) {
        return part.statefulsets.error();
    }
    std::vector<Workload> all = *part.deployments;
    all.insert(all.end(), part.statefulsets->begin(), part.statefulsets->end());
    return all;
}

}  // namespace

bool workload_read_through_argocd_api(const Sources& src) {
    return src.argocd_api != nullptr && !src.workload.ok();
}

Observed<std::vector<Application>> gather_applications(const Sources& src, const Targets& targets) {
    Snapshot unused;
    Partial part;
    FetchRounds rounds(src.http);
    add_argocd_fetches(rounds, src, targets, unused, part, /*application_set=*/false);
    rounds.run();
    return join_applications(part);
}

ApiRoutes gather_http_routes_through_api(const Sources& src, const Targets& targets) {
    ApiRoutes out;
    if (src.argocd_api == nullptr) {
        const Error none(ErrorKind::config, "no Argo CD API server to read the HTTPRoutes from");
        out.applications = none;
        out.routes = none;
        return out;
    }
    Snapshot snap;
    Partial part;
    const auto state = make_api_route_reads();
    FetchRounds rounds(src.http);
    add_argocd_fetches(rounds, src, targets, snap, part, /*application_set=*/false, state);
    rounds.run();
    fill_api_workload(*state, targets, snap);
    out.applications = join_applications(part);
    out.routes = std::move(snap.routes);
    out.tree_apps = std::move(snap.sources.tree_apps);
    out.refs = api_route_refs(*state);
    return out;
}

Observed<std::vector<LabelEvent>> gather_label_events(const Sources& src, const PrRef& pr) {
    Snapshot snap;
    snap.ref = pr;
    FetchRounds rounds(src.http);
    rounds.add(fetch_label_events(src, snap));
    rounds.run();
    return std::move(snap.label_events);
}

Snapshot gather_snapshot(const Sources& given, const Profile& profile, const PrRef& pr,
                         const Targets& targets, std::int64_t now, const GatherOptions& options) {
    Snapshot snap;
    snap.ref = pr;
    snap.targets = targets;
    snap.now = now;
    Partial part;

    RegistryState registry_state;
    Sources src = given;
    src.registry_state = &registry_state;
    FetchRounds rounds(src.http);
    // Registry challenges go out with the PR request (they need no head SHA); the artifact checks
    // the PR's answer schedules wait for them, then go straight to the token endpoint.
    std::set<std::string> registries;
    for (const auto& tmpl : profile.artifacts) {
        auto rendered = render_template(tmpl, pr, std::string(40, '0'));
        if (rendered.ok()) {
            if (auto ref = parse_oci_reference(*rendered); ref.ok()) {
                registries.insert(ref->registry);
            }
        }
    }
    for (const auto& registry : registries) {
        rounds.add(fetch_registry_challenge(src, registry));
    }
    // The PR answer schedules what depends on the head SHA: check runs and artifacts.
    rounds.add(fetch_pull_request(src, profile, snap));
    rounds.add(fetch_bot_comment(src, profile, snap));
    if (options.label_events) {
        rounds.add(fetch_label_events(src, snap));
    }
    // Without a kube context for the workload cluster, the Argo CD API shows what Argo CD manages.
    std::shared_ptr<ApiWorkload> api_workload;
    if (workload_read_through_argocd_api(src)) {
        api_workload = make_api_workload(options.previous_logs);
    }
    snap.sources.argocd = src.argocd.read_source();
    snap.sources.workload = api_workload ? ReadSource::argocd_api : ReadSource::kubernetes;
    snap.sources.argocd_kube = src.argocd.kube_context();
    snap.sources.argocd_commands = &src.argocd.commands();
    snap.sources.workload_kube = src.workload.ok();
    add_argocd_fetches(rounds, src, targets, snap, part, /*application_set=*/true, api_workload);
    // The namespace's follow-ups start as soon as what they need has answered.
    bool namespace_follow_ups = !options.follow_up;  // true once added (or not wanted)
    if (!api_workload) {
        const AfterAll after([&src, &snap, &namespace_follow_ups](FetchRounds& next) {
            if (!namespace_follow_ups) {
                add_namespace_follow_ups(next, src, snap);
                namespace_follow_ups = true;
            }
        });
        add_workload_fetches(rounds, src, targets, snap, part, options, after);
    }
    if (!targets.health_url.empty()) {
        // The probe's own limit is shorter than an API request's, never longer.
        rounds.add(fetch_url_probe(targets.health_url, std::min(options.url_timeout, src.timeout),
                                   snap, src.public_tls));
    }
    rounds.run();

    snap.applications = join_applications(part);
    if (api_workload) {
        fill_api_workload(*api_workload, targets, snap);
    } else {
        snap.workloads = join_workloads(part);
    }
    if (options.follow_up || options.route_claims) {
        // only what the symptoms above ask for
        gather_follow_up(src, snap, !namespace_follow_ups);
    }
    if (!snap.namespace_state.ok()) {
        snap.leftovers = snap.namespace_state.error();
    } else if (part.leftover_error) {
        snap.leftovers = *part.leftover_error;
    } else {
        snap.leftovers = std::move(part.leftovers);
    }
    return snap;
}

}  // namespace preview
