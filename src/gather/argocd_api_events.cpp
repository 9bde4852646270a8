#include "gather/argocd_api_events.hpp"

#include <algorithm>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>

#include "gather/argocd_api_fetch.hpp"
#include <fmt/format.h>

#include "preview/api/kube_json.hpp"
#include "preview/core/k8s_names.hpp"
#include "preview/io/url.hpp"

namespace preview {

namespace {

std::string key_of(const TreeNode& node) {
    return fmt::format("{}/{}", node.kind, node.name);
}

bool pod_owner(const TreeNode& node) {
    return node.group == "apps" && (node.kind == "ReplicaSet" || node.kind == "StatefulSet");
}

// Argo CD's health of an object that is short of pods, or on its way to them.
bool short_health(const TreeNode& node) {
    return node.health_status == "Progressing" || node.health_status == "Degraded" ||
           node.health_status == "Unknown";
}

bool has_replica_set(const TreeNode& deployment, const std::vector<TreeNode>& nodes) {
    return std::any_of(nodes.begin(), nodes.end(), [&](const TreeNode& n) {
        return n.kind == "ReplicaSet" &&
               std::any_of(n.parents.begin(), n.parents.end(), [&](const TreeParent& p) {
                   return p.kind == "Deployment" &&
                          (p.uid.empty() ? p.name == deployment.name : p.uid == deployment.uid);
               });
    });
}

// A Kubernetes uid is a UUID: nothing else may go into the query.
bool plausible_uid(std::string_view uid) {
    return !uid.empty() && uid.size() <= 64 && std::all_of(uid.begin(), uid.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               c == '-';
    });
}

}  // namespace

std::vector<TreeNode> short_of_pods(const std::vector<TreeNode>& nodes) {
    std::vector<TreeNode> out;
    for (const auto& node : nodes) {
        if (node.uid.empty() || !short_health(node)) {
            continue;
        }
        const bool deployment_alone =
            node.group == "apps" && node.kind == "Deployment" && !has_replica_set(node, nodes);
        if (pod_owner(node) || deployment_alone) {
            out.push_back(node);
        }
    }
    auto rank = [](const TreeNode& n) { return n.health_status == "Degraded" ? 0 : 1; };
    std::stable_sort(out.begin(), out.end(), [&](const TreeNode& a, const TreeNode& b) {
        return std::make_tuple(rank(a), a.kind, a.name) < std::make_tuple(rank(b), b.kind, b.name);
    });
    return out;
}

void add_event_reads(FetchRounds& next, const ArgocdEndpoint& endpoint, const Targets& t,
                     const std::string& app, const std::vector<TreeNode>& tree,
                     const std::shared_ptr<ApiEvents>& state) {
    for (const auto& node : short_of_pods(tree)) {
        const std::string key = key_of(node);
        if (state->read.count(key) != 0 || state->unread.count(key) != 0) {
            continue;  // another Application's tree shows it too
        }
        if (dns1123_subdomain_problem(node.name) || !plausible_uid(node.uid)) {
            state->unread.emplace(key, "the resource tree names it with an unexpected name or uid");
            continue;
        }
        if (state->asked.size() >= kMaxEventReads) {
            state->unread.emplace(
                key, fmt::format("more than {} objects are short of pods, and the Argo CD API "
                                 "reads each one's events separately",
                                 kMaxEventReads));
            continue;
        }
        state->asked.push_back(key);
        state->read.emplace(key, Snapshot::not_read());
        const std::string what = fmt::format("read the events of {} {} from the Argo CD API server",
                                             node.kind, node.name);
        next.add(Fetch{endpoint.request(
                           "GET", with_query("/api/v1/applications/" + url_escape(app) + "/events",
                                             {{"resourceNamespace", t.namespace_name},
                                              {"resourceName", node.name},
                                              {"resourceUID", node.uid},
                                              {"appNamespace", t.argocd_namespace}})),
                       [state, key, kind = node.kind, name = node.name, what](const HttpOutcome& o,
                                                                              FetchRounds&) {
                           auto& out = state->read.at(key);
                           auto events = parse_api_answer(o, what, [](std::string_view body) {
                               return parse_event_list(body);
                           });
                           if (!events.ok()) {
                               out = events.error();
                               return;
                           }
                           // What the Kubernetes source reads (type=Warning), and only the object
                           // asked about: the server chose the list, so it is checked.
                           std::vector<Event> kept;
                           for (auto& e : *events) {
                               if (e.type == "Warning" && e.object_kind == kind &&
                                   e.object_name == name && kept.size() < kMaxEventsPerObject) {
                                   kept.push_back(std::move(e));
                               }
                           }
                           out = std::move(kept);
                       }});
    }
}

void fill_api_events(const ApiEvents& state, Snapshot& snap) {
    if (state.asked.empty() && state.unread.empty()) {
        return;  // nothing short of pods: the events stay as not gathered
    }
    std::vector<Event> events;
    std::vector<std::string> covered;
    std::map<std::string, std::string> unread = state.unread;
    std::optional<Error> first_error;
    for (const auto& key : state.asked) {
        const auto& read = state.read.at(key);
        if (!read.ok()) {
            unread.emplace(key, read.error().message);
            if (!first_error) {
                first_error = read.error();
            }
            continue;
        }
        covered.push_back(key);
        events.insert(events.end(), read->begin(), read->end());
    }
    snap.sources.events_namespace_wide = false;
    snap.sources.events_of = covered;
    snap.sources.events_unread = unread;
    if (covered.empty()) {
        snap.events = first_error ? *first_error
                                  : Snapshot::not_read(fmt::format(
                                        "the Argo CD API lists no namespace events, and no "
                                        "object's events could be asked for: {}",
                                        unread.begin()->second));
        return;
    }
    snap.events = std::move(events);
}

}  // namespace preview
