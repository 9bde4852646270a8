#pragma once

// A canonical text for each parsed struct, so that fuzz targets can compare two parses (the
// structs have no operator==). Every field takes part: a field left out could hide a difference.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "preview/api/leftovers.hpp"
#include "preview/core/profile.hpp"
#include "preview/core/result.hpp"
#include "preview/core/snapshot.hpp"

namespace preview::fuzz {

inline void put(std::string& out, const std::string& s) {
    out += std::to_string(s.size());  // length-prefixed: no separator can be forged by the input
    out += ':';
    out += s;
}
inline void put(std::string& out, std::int64_t v) {
    out += std::to_string(v);
    out += ';';
}
inline void put(std::string& out, int v) {
    put(out, static_cast<std::int64_t>(v));
}
inline void put(std::string& out, bool v) {
    out += v ? "T" : "F";
}

// Declared up front: fields() and the containers find them by ordinary lookup.
inline void put(std::string& out, ErrorKind kind);
inline void put(std::string& out, const Error& e);
inline void put(std::string& out, const Condition& c);
inline void put(std::string& out, const OwnerRef& o);
inline void put(std::string& out, const ObjectMeta& m);
inline void put(std::string& out, const PullRequest& p);
inline void put(std::string& out, const CheckRun& c);
inline void put(std::string& out, const BotComment& b);
inline void put(std::string& out, const AppResource& r);
inline void put(std::string& out, const ApplicationSet& a);
inline void put(std::string& out, const Application& a);
inline void put(std::string& out, const Namespace& n);
inline void put(std::string& out, const Workload& w);
inline void put(std::string& out, const ContainerStatus& c);
inline void put(std::string& out, const Pod& p);
inline void put(std::string& out, const ExternalSecret& e);
inline void put(std::string& out, const Job& j);
inline void put(std::string& out, const RouteParentStatus& r);
inline void put(std::string& out, const HttpRoute& r);
inline void put(std::string& out, const Event& e);
inline void put(std::string& out, const Leftover& l);
inline void put(std::string& out, const GroupResource& g);
inline void put(std::string& out, const Profile& p);
inline void put(std::string& out, const Targets& t);
template <class T>
void put(std::string& out, const std::vector<T>& items);
template <class K, class V, class C>
void put(std::string& out, const std::map<K, V, C>& items);
template <class T>
void put(std::string& out, const std::optional<T>& item);

template <class... Ts>
void fields(std::string& out, const Ts&... values) {
    out += '{';
    (put(out, values), ...);
    out += '}';
}

inline void put(std::string& out, ErrorKind kind) {
    put(out, static_cast<int>(kind));
}
inline void put(std::string& out, const Error& e) {
    fields(out, e.kind, e.message, e.hint, e.http_status, e.reason);
}
inline void put(std::string& out, const Condition& c) {
    fields(out, c.type, c.status, c.reason, c.message, c.last_transition_time,
           c.observed_generation);
}
inline void put(std::string& out, const OwnerRef& o) {
    fields(out, o.kind, o.name);
}
inline void put(std::string& out, const ObjectMeta& m) {
    fields(out, m.name, m.namespace_name, m.creation_timestamp, m.deletion_timestamp, m.generation,
           m.labels, m.annotations, m.finalizers, m.owners);
}
inline void put(std::string& out, const PullRequest& p) {
    fields(out, p.owner, p.repo, p.number, p.state, p.merged, p.draft, p.title, p.author,
           p.head_sha, p.head_ref, p.html_url, p.created_at, p.updated_at, p.labels, p.base_ref,
           p.closed_at, p.merged_at);
}
inline void put(std::string& out, const CheckRun& c) {
    fields(out, c.name, c.status, c.conclusion, c.html_url, c.started_at, c.completed_at);
}
inline void put(std::string& out, const BotComment& b) {
    fields(out, b.id, b.author, b.html_url, b.updated_at);
}
inline void put(std::string& out, const AppResource& r) {
    fields(out, r.group, r.kind, r.namespace_name, r.name, r.sync_status, r.health_status,
           r.health_message);
}
inline void put(std::string& out, const ApplicationSet& a) {
    fields(out, a.meta, a.conditions);
}
inline void put(std::string& out, const Application& a) {
    fields(out, a.meta, a.sync_status, a.sync_revision, a.health_status, a.health_message,
           a.operation_phase, a.operation_message, a.conditions, a.destination_server,
           a.destination_name, a.destination_namespace, a.source_repo, a.source_revision, a.project,
           a.reconciled_at, a.resources);
}
inline void put(std::string& out, const Namespace& n) {
    fields(out, n.meta, n.phase, n.conditions, n.spec_finalizers);
}
inline void put(std::string& out, const Workload& w) {
    fields(out, w.kind, w.meta, w.desired, w.current, w.ready, w.available, w.updated,
           w.observed_generation, w.conditions, w.selector);
}
inline void put(std::string& out, const ContainerStatus& c) {
    fields(out, c.name, c.image, c.init, c.ready, c.restart_count, c.state, c.reason, c.message,
           c.last_reason, c.last_exit_code, c.exit_code, c.last_message);
}
inline void put(std::string& out, const Pod& p) {
    fields(out, p.meta, p.phase, p.ready, p.containers, p.conditions, p.reason, p.message);
}
inline void put(std::string& out, const ExternalSecret& e) {
    fields(out, e.meta, e.api_version, e.conditions, e.refresh_time, e.store_kind, e.store_name);
}
inline void put(std::string& out, const Job& j) {
    fields(out, j.meta, j.active, j.succeeded, j.failed, j.start_time, j.completion_time,
           j.conditions);
}
inline void put(std::string& out, const RouteParentStatus& r) {
    fields(out, r.parent_name, r.parent_namespace, r.controller, r.conditions);
}
inline void put(std::string& out, const HttpRoute& r) {
    fields(out, r.meta, r.hostnames, r.parents);
}
inline void put(std::string& out, const Event& e) {
    fields(out, e.type, e.reason, e.message, e.object_kind, e.object_name, e.last_timestamp,
           e.count, e.source);
}
inline void put(std::string& out, const Leftover& l) {
    fields(out, l.api_version, l.kind, l.name, l.finalizers);
}
inline void put(std::string& out, const GroupResource& g) {
    fields(out, g.resource, g.group);
}
inline void put(std::string& out, const Profile& p) {
    fields(out, p.source, p.repo, p.label, p.github_api_url, p.required_checks, p.argocd_context,
           p.argocd_namespace, p.application_set, p.application, p.pr_label, p.cluster_context,
           p.namespace_template, p.url, p.health_path, p.http_routes, p.external_secrets,
           p.seed_job, p.artifacts, p.key_lines);
}
inline void put(std::string& out, const Targets& t) {
    fields(out, t.number, t.label, t.argocd_namespace, t.application_set, t.application, t.pr_label,
           t.pr_label_value, t.namespace_name, t.url, t.health_url, t.http_routes,
           t.external_secrets, t.seed_job, t.artifacts);
}

template <class T>
void put(std::string& out, const std::vector<T>& items) {
    out += '[';
    for (const auto& item : items) {
        put(out, item);
    }
    out += ']';
}
template <class K, class V, class C>
void put(std::string& out, const std::map<K, V, C>& items) {
    out += '<';
    for (const auto& [key, value] : items) {
        put(out, key);
        put(out, value);
    }
    out += '>';
}
template <class T>
void put(std::string& out, const std::optional<T>& item) {
    if (item) {
        out += '+';
        put(out, *item);
    } else {
        out += '-';
    }
}

/// The fingerprint of a value or of its error.
template <class T>
std::string fingerprint(const Result<T>& result) {
    std::string out;
    if (result) {
        out += "ok";
        put(out, *result);
    } else {
        out += "error";
        put(out, result.error());
    }
    return out;
}

}  // namespace preview::fuzz
