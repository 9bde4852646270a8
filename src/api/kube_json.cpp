#include "preview/api/kube_json.hpp"

#include <algorithm>

#include "kube_objects.hpp"
#include "route_refs.hpp"
#include <nlohmann/json.hpp>

#include "preview/api/json_parse.hpp"

namespace preview {
namespace {

using api_detail::Fields;
using api_detail::Json;
using api_detail::Node;
using api_detail::parse_list;
using api_detail::parse_single;
using api_detail::read_conditions;
using api_detail::read_meta;

Namespace read_namespace(Fields& f, const Node& obj) {
    Namespace ns;
    ns.meta = read_meta(f, f.object(obj, "metadata"));
    ns.phase = f.str(obj, "status.phase");
    ns.conditions = read_conditions(f, f.object(obj, "status"), "conditions");
    ns.spec_finalizers = f.strings(obj, "spec.finalizers");
    return ns;
}

Workload read_workload(Fields& f, const Node& obj, std::string_view kind) {
    Workload w;
    w.kind = std::string(kind);
    w.meta = read_meta(f, f.object(obj, "metadata"));
    w.desired = f.int32(obj, "spec.replicas", 1);
    w.selector = f.string_map(obj, "spec.selector.matchLabels");
    const Node status = f.object(obj, "status");
    w.current = f.int32(status, "replicas");
    w.ready = f.int32(status, "readyReplicas");
    w.updated = f.int32(status, "updatedReplicas");
    const std::optional<int> available = f.opt_int32(status, "availableReplicas");
    // Deployments omit availableReplicas when it is 0; StatefulSets lack it on old servers.
    w.available = available.value_or(kind == "StatefulSet" ? w.ready : 0);
    w.observed_generation = f.int64(status, "observedGeneration");
    w.conditions = read_conditions(f, status, "conditions");
    return w;
}

ContainerStatus read_container(Fields& f, const Node& c, bool init) {
    ContainerStatus s;
    s.name = f.str(c, "name");
    s.image = f.str(c, "image");
    s.init = init;
    s.ready = f.boolean(c, "ready");
    s.restart_count = f.int32(c, "restartCount");
    const Node state = f.object(c, "state");
    for (const char* candidate : {"waiting", "running", "terminated"}) {
        const Node detail = f.object(state, candidate);
        if (detail) {
            s.state = candidate;
            s.reason = f.str(detail, "reason");
            s.message = f.str(detail, "message");
            s.exit_code = f.int32(detail, "exitCode");
            break;
        }
    }
    const Node last = f.object(c, "lastState.terminated");
    s.last_reason = f.str(last, "reason");
    s.last_exit_code = f.int32(last, "exitCode");
    s.last_message = f.str(last, "message");
    s.last_finished_at = f.str(last, "finishedAt");
    return s;
}

Pod read_pod(Fields& f, const Node& obj) {
    Pod p;
    p.meta = read_meta(f, f.object(obj, "metadata"));
    const Node status = f.object(obj, "status");
    p.phase = f.str(status, "phase");
    p.reason = f.str(status, "reason");
    p.message = f.str(status, "message");
    p.start_time = f.str(status, "startTime");
    p.conditions = read_conditions(f, status, "conditions");
    p.ready = std::any_of(p.conditions.begin(), p.conditions.end(), [](const Condition& c) {
        return c.type == "Ready" && c.status == "True";
    });
    for (const Node& c : f.objects(status, "initContainerStatuses")) {
        p.containers.push_back(read_container(f, c, true));
    }
    for (const Node& c : f.objects(status, "containerStatuses")) {
        p.containers.push_back(read_container(f, c, false));
    }
    for (const Node& c : f.objects(obj, "spec.containers")) {
        p.images.push_back(f.str(c, "image"));
    }
    return p;
}

ExternalSecret read_external_secret(Fields& f, const Node& obj, const std::string& list_version) {
    ExternalSecret es;
    es.meta = read_meta(f, f.object(obj, "metadata"));
    es.api_version = list_version.empty() ? f.str(obj, "apiVersion") : list_version;
    es.conditions = read_conditions(f, f.object(obj, "status"), "conditions");
    es.refresh_time = f.str(obj, "status.refreshTime");
    es.store_kind = f.str(obj, "spec.secretStoreRef.kind");
    es.store_name = f.str(obj, "spec.secretStoreRef.name");
    return es;
}

Job read_job(Fields& f, const Node& obj) {
    Job j;
    j.meta = read_meta(f, f.object(obj, "metadata"));
    const Node status = f.object(obj, "status");
    j.active = f.int32(status, "active");
    j.succeeded = f.int32(status, "succeeded");
    j.failed = f.int32(status, "failed");
    j.start_time = f.str(status, "startTime");
    j.completion_time = f.str(status, "completionTime");
    j.conditions = read_conditions(f, status, "conditions");
    return j;
}

HttpRoute read_http_route(Fields& f, const Node& obj) {
    HttpRoute r;
    r.meta = read_meta(f, f.object(obj, "metadata"));
    r.hostnames = f.strings(obj, "spec.hostnames");
    for (const Node& parent : f.objects(obj, "status.parents")) {
        RouteParentStatus p;
        p.parent_name = f.str(parent, "parentRef.name");
        p.parent_namespace = f.str(parent, "parentRef.namespace");
        p.section_name = f.str(parent, "parentRef.sectionName");
        p.port = f.int32(parent, "parentRef.port");
        if (p.parent_namespace.empty()) {
            p.parent_namespace = r.meta.namespace_name;
        }
        p.controller = f.str(parent, "controllerName");
        p.conditions = read_conditions(f, parent, "conditions");
        r.parents.push_back(std::move(p));
    }
    api_detail::read_route_refs(f, obj, r);
    return r;
}

Event read_event(Fields& f, const Node& obj) {
    Event e;
    e.type = f.str(obj, "type");
    e.reason = f.str(obj, "reason");
    e.message = f.str(obj, "message");
    e.object_kind = f.str(obj, "involvedObject.kind");
    e.object_name = f.str(obj, "involvedObject.name");
    for (const char* field :
         {"lastTimestamp", "series.lastObservedTime", "eventTime", "firstTimestamp"}) {
        e.last_timestamp = f.str(obj, field);
        if (!e.last_timestamp.empty()) {
            break;
        }
    }
    const int count = f.int32(obj, "count");
    const int series = f.int32(obj, "series.count");
    e.count = std::max({count, series, 1});
    e.source = f.str(obj, "reportingComponent");
    if (e.source.empty()) {
        e.source = f.str(obj, "source.component");
    }
    return e;
}

}  // namespace

Result<ObjectMeta> parse_object_meta(const nlohmann::json& metadata, std::string_view subject) {
    Fields f{std::string(subject)};
    if (!metadata.is_object()) {
        f.fail("metadata is " + std::string(api_detail::type_name(metadata)) +
               ", expected an object");
        return api_detail::shape_error(f.failure());
    }
    ObjectMeta meta = read_meta(f, Node{&metadata, "metadata"});
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return meta;
}

Result<Namespace> parse_namespace(std::string_view body) {
    return parse_single<Namespace>(body, "Namespace", read_namespace);
}

Result<std::vector<Namespace>> parse_namespace_list(std::string_view body) {
    auto read = [](Fields& f, const Node& item) {
        Namespace ns = read_namespace(f, item);
        if (ns.phase.empty()) {
            ns.phase = ns.meta.deletion_timestamp.empty() ? "Active" : "Terminating";
        }
        return ns;
    };
    auto full = parse_list<Namespace>(body, "Namespace", read);
    if (full.ok() || body.find("\"PartialObjectMetadataList\"") == std::string_view::npos) {
        return full;
    }
    return parse_list<Namespace>(body, "PartialObjectMetadata", read);
}

Result<std::vector<Workload>> parse_workload_list(std::string_view body, std::string_view kind) {
    if (kind != "Deployment" && kind != "StatefulSet") {
        return Error{ErrorKind::usage,
                     "cannot read workloads of kind \"" + std::string(kind) +
                         "\": only Deployment and StatefulSet are known",
                     {},
                     0,
                     ""};
    }
    return parse_list<Workload>(
        body, kind, [kind](Fields& f, const Node& item) { return read_workload(f, item, kind); });
}

Result<std::vector<Pod>> parse_pod_list(std::string_view body) {
    return parse_list<Pod>(body, "Pod", read_pod);
}

Result<std::vector<ExternalSecret>> parse_external_secret_list(std::string_view body) {
    return parse_list<ExternalSecret>(body, "ExternalSecret", read_external_secret);
}

Result<std::vector<Job>> parse_job_list(std::string_view body) {
    return parse_list<Job>(body, "Job", read_job);
}

Result<std::vector<HttpRoute>> parse_http_route_list(std::string_view body) {
    return parse_list<HttpRoute>(body, "HTTPRoute", read_http_route);
}

Result<std::vector<Event>> parse_event_list(std::string_view body) {
    return parse_list<Event>(body, "Event", read_event);
}

std::string list_continue_token(std::string_view body) {
    const Json doc = parse_json(body);
    if (!doc.is_object()) {
        return {};
    }
    Fields f("list");
    return f.str(Node{&doc, ""}, "metadata.continue");
}

}  // namespace preview
