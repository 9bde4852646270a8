#include "preview/api/kube_json.hpp"

#include <algorithm>

#include "json_fields.hpp"
#include "kube_parts.hpp"
#include "route_refs.hpp"
#include <nlohmann/json.hpp>

#include "preview/api/json_parse.hpp"

namespace preview {
namespace {

using api_detail::Fields;
using api_detail::Json;
using api_detail::Node;
using api_detail::read_conditions;
using api_detail::read_meta;

// "an Application", "a Pod".
std::string with_article(std::string_view noun) {
    const bool vowel = !noun.empty() &&
                       std::string_view("AEIOUaeiou").find(noun.front()) != std::string_view::npos;
    return (vowel ? "an " : "a ") + std::string(noun);
}

// Checks the top-level kind (when the server sent one) against the expected one.
bool check_kind(Fields& f, const Node& root, std::string_view expected) {
    const std::string kind = f.str(root, "kind");
    if (kind.empty() || kind == expected) {
        return true;
    }
    std::string what = "expected " + with_article(expected) + " but got " + with_article(kind);
    if (kind == "Status") {
        const std::string message = f.str(root, "message");
        if (!message.empty()) {
            what += " (" + message + ")";
        }
    }
    f.fail(std::move(what));
    return false;
}

// Names the item in messages once its name is known; an item without one is a shape error.
void name_subject(Fields& f, const Node& item, std::string_view kind, std::size_t index) {
    const Node metadata = f.object(item, "metadata");
    const std::string name = f.str(metadata, "name");
    if (name.empty()) {
        f.set_subject(std::string(kind) + " #" + std::to_string(index));
        f.fail("has no metadata.name");
        return;
    }
    f.set_subject(api_detail::quoted_subject(kind, name));
}

template <class T, class Read>
Result<T> parse_single(std::string_view body, std::string_view kind, Read read) {
    const std::string what = "read the " + std::string(kind);
    auto doc = api_detail::parse_object(body, what);
    if (!doc.ok()) {
        return doc.error();
    }
    Fields f("the " + std::string(kind));
    const Node root{&doc.value(), ""};
    if (check_kind(f, root, kind)) {
        name_subject(f, root, kind, 0);
    }
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    T value = read(f, root);
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return value;
}

template <class T, class Read>
Result<std::vector<T>> parse_list(std::string_view body, std::string_view kind, Read read) {
    const std::string list_kind = std::string(kind) + "List";
    auto doc = api_detail::parse_object(body, "read the " + std::string(kind) + " list");
    if (!doc.ok()) {
        return doc.error();
    }
    Fields f("the " + std::string(kind) + " list");
    const Node root{&doc.value(), ""};
    if (!check_kind(f, root, list_kind)) {
        return api_detail::shape_error(f.failure());
    }
    if (!f.has_key(root, "items")) {
        f.fail("has no items");
        return api_detail::shape_error(f.failure());
    }
    const std::string list_api_version = f.str(root, "apiVersion");
    const std::vector<Node> items = f.objects(root, "items");
    std::vector<T> out;
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size() && !f.failed(); ++i) {
        // The subject names the item, so its field paths start at the item, not at items[i].
        const Node item{items[i].value, ""};
        name_subject(f, item, kind, i);
        out.push_back(read(f, item, list_api_version));
    }
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return out;
}

// Bounds on the helm values kept: enough for any real chart's image tags, never unbounded.
constexpr std::size_t kMaxHelmValues = 256;
constexpr int kMaxHelmDepth = 16;

// The string leaves of a helm valuesObject, by dotted path.
void flatten_values(const Json& value, const std::string& path, int depth,
                    std::vector<HelmValue>& out) {
    if (out.size() >= kMaxHelmValues || depth > kMaxHelmDepth) {
        return;
    }
    if (value.is_string()) {
        out.push_back({path, value.get<std::string>()});
    } else if (value.is_object()) {
        for (const auto& [key, child] : value.items()) {
            flatten_values(child, path.empty() ? key : path + "." + key, depth + 1, out);
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            flatten_values(value[i], path + "[" + std::to_string(i) + "]", depth + 1, out);
        }
    }
}

std::vector<HelmValue> read_helm_values(Fields& f, const Node& source) {
    std::vector<HelmValue> out;
    const Node helm = f.object(source, "helm");
    if (!helm) {
        return out;
    }
    if (const Node values = f.object(helm, "valuesObject")) {
        flatten_values(*values.value, "valuesObject", 0, out);
    }
    for (const Node& param : f.objects(helm, "parameters")) {
        if (out.size() < kMaxHelmValues) {
            out.push_back({"parameters." + f.str(param, "name"), f.str(param, "value")});
        }
    }
    if (std::string text = f.str(helm, "values"); !text.empty() && out.size() < kMaxHelmValues) {
        out.push_back({"values", std::move(text)});
    }
    return out;
}

Application read_application(Fields& f, const Node& obj) {
    Application a;
    a.meta = read_meta(f, f.object(obj, "metadata"));
    const Node status = f.object(obj, "status");
    a.sync_status = f.str(status, "sync.status");
    a.sync_revision = f.str(status, "sync.revision");
    if (a.sync_revision.empty()) {
        const auto revisions = f.strings(status, "sync.revisions");  // multi-source apps
        if (!revisions.empty()) {
            a.sync_revision = revisions.front();
        }
    }
    a.health_status = f.str(status, "health.status");
    a.health_message = f.str(status, "health.message");
    a.operation_phase = f.str(status, "operationState.phase");
    a.operation_message = f.str(status, "operationState.message");
    a.sync_result_revision = f.str(status, "operationState.syncResult.revision");
    a.operation_revision = f.str(status, "operationState.operation.sync.revision");
    a.operation_requested = static_cast<bool>(f.object(obj, "operation"));
    a.conditions = read_conditions(f, status, "conditions");
    a.reconciled_at = f.str(status, "reconciledAt");
    for (const Node& r : f.objects(status, "resources")) {
        AppResource res;
        res.group = f.str(r, "group");
        res.kind = f.str(r, "kind");
        res.namespace_name = f.str(r, "namespace");
        res.name = f.str(r, "name");
        res.sync_status = f.str(r, "status");
        res.health_status = f.str(r, "health.status");
        res.health_message = f.str(r, "health.message");
        a.resources.push_back(std::move(res));
    }
    const Node spec = f.object(obj, "spec");
    a.project = f.str(spec, "project");
    a.destination_server = f.str(spec, "destination.server");
    a.destination_name = f.str(spec, "destination.name");
    a.destination_namespace = f.str(spec, "destination.namespace");
    a.sync_options = f.strings(spec, "syncPolicy.syncOptions");
    Node source = f.object(spec, "source");
    if (!source) {
        const auto sources = f.objects(spec, "sources");
        if (!sources.empty()) {
            source = sources.front();
        }
    }
    a.source_repo = f.str(source, "repoURL");
    a.source_revision = f.str(source, "targetRevision");
    a.helm_values = read_helm_values(f, source);
    a.summary_images = f.strings(status, "summary.images");
    return a;
}

// The spec of every pullRequest generator, also inside matrix/merge generators.
void pull_request_filters(Fields& f, const std::vector<Node>& generators, int depth,
                          ApplicationSet& s) {
    for (const Node& gen : generators) {
        if (const Node pr = f.object(gen, "pullRequest")) {
            if (auto labels = f.strings(pr, "github.labels"); !labels.empty()) {
                s.pr_label_filters.push_back(std::move(labels));
            }
            s.continue_on_repo_not_found =
                s.continue_on_repo_not_found || f.boolean(pr, "continueOnRepoNotFoundError");
        }
        if (depth < 4) {
            for (const char* nested : {"matrix.generators", "merge.generators"}) {
                pull_request_filters(f, f.objects(gen, nested), depth + 1, s);
            }
        }
    }
}

// requeueAfterSeconds of the first pullRequest generator, also inside matrix/merge generators.
std::int64_t pull_request_requeue(Fields& f, const std::vector<Node>& generators, int depth) {
    for (const Node& gen : generators) {
        if (const Node pr = f.object(gen, "pullRequest")) {
            return f.int64(pr, "requeueAfterSeconds");
        }
        if (depth < 4) {
            for (const char* nested : {"matrix.generators", "merge.generators"}) {
                if (auto found = pull_request_requeue(f, f.objects(gen, nested), depth + 1)) {
                    return found;
                }
            }
        }
    }
    return 0;
}

ApplicationSet read_application_set(Fields& f, const Node& obj) {
    ApplicationSet s;
    s.meta = read_meta(f, f.object(obj, "metadata"));
    s.conditions = read_conditions(f, f.object(obj, "status"), "conditions");
    const Node spec = f.object(obj, "spec");
    s.applications_sync = f.str(spec, "syncPolicy.applicationsSync");
    s.requeue_after_seconds = pull_request_requeue(f, f.objects(spec, "generators"), 0);
    pull_request_filters(f, f.objects(spec, "generators"), 0, s);
    return s;
}

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

Result<Application> parse_application(std::string_view body) {
    return parse_single<Application>(body, "Application", read_application);
}

Result<std::vector<Application>> parse_application_list(std::string_view body) {
    return parse_list<Application>(
        body, "Application",
        [](Fields& f, const Node& item, const std::string&) { return read_application(f, item); });
}

Result<ApplicationSet> parse_application_set(std::string_view body) {
    return parse_single<ApplicationSet>(body, "ApplicationSet", read_application_set);
}

Result<Namespace> parse_namespace(std::string_view body) {
    return parse_single<Namespace>(body, "Namespace", read_namespace);
}

Result<std::vector<Namespace>> parse_namespace_list(std::string_view body) {
    auto read = [](Fields& f, const Node& item, const std::string&) {
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
    return parse_list<Workload>(body, kind,
                                [kind](Fields& f, const Node& item, const std::string&) {
                                    return read_workload(f, item, kind);
                                });
}

Result<std::vector<Pod>> parse_pod_list(std::string_view body) {
    return parse_list<Pod>(body, "Pod", [](Fields& f, const Node& item, const std::string&) {
        return read_pod(f, item);
    });
}

Result<std::vector<ExternalSecret>> parse_external_secret_list(std::string_view body) {
    return parse_list<ExternalSecret>(body, "ExternalSecret", read_external_secret);
}

Result<std::vector<Job>> parse_job_list(std::string_view body) {
    return parse_list<Job>(body, "Job", [](Fields& f, const Node& item, const std::string&) {
        return read_job(f, item);
    });
}

Result<std::vector<HttpRoute>> parse_http_route_list(std::string_view body) {
    return parse_list<HttpRoute>(
        body, "HTTPRoute",
        [](Fields& f, const Node& item, const std::string&) { return read_http_route(f, item); });
}

Result<std::vector<Event>> parse_event_list(std::string_view body) {
    return parse_list<Event>(body, "Event", [](Fields& f, const Node& item, const std::string&) {
        return read_event(f, item);
    });
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
