// The Argo CD objects of kube_json.hpp: Application and ApplicationSet.
#include <optional>

#include "kube_objects.hpp"

#include "preview/api/kube_json.hpp"

namespace preview {
namespace {

using api_detail::Fields;
using api_detail::Json;
using api_detail::Node;
using api_detail::parse_list;
using api_detail::parse_single;
using api_detail::read_conditions;
using api_detail::read_meta;

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
    a.operation_finished_at = f.str(status, "operationState.finishedAt");
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

// The repository a pullRequest generator names: the first SCM provider key it sets.
std::optional<PrGeneratorSource> pull_request_source(Fields& f, const Node& pr) {
    struct Provider {
        const char* scm;
        const char* owner;
        const char* repo;
    };
    static constexpr Provider kProviders[] = {
        {"github", "owner", "repo"},    {"gitea", "owner", "repo"},
        {"gitlab", "", "project"},      {"bitbucketServer", "project", "repo"},
        {"bitbucket", "owner", "repo"}, {"azuredevops", "project", "repo"},
    };
    for (const auto& provider : kProviders) {
        const Node scm = f.object(pr, provider.scm);
        if (!scm) {
            continue;
        }
        PrGeneratorSource source;
        source.scm = provider.scm;
        if (*provider.owner != '\0') {
            source.owner = f.str(scm, provider.owner);
        }
        source.repo = f.str(scm, provider.repo);
        source.labels = f.strings(scm, "labels");
        if (source.scm == "github") {
            source.api = f.str(scm, "api");
        }
        return source;
    }
    return std::nullopt;
}

// The spec of every pullRequest generator, and whether a clusters generator is there, also
// inside matrix/merge generators.
void pull_request_filters(Fields& f, const std::vector<Node>& generators, int depth,
                          ApplicationSet& s) {
    for (const Node& gen : generators) {
        if (const Node pr = f.object(gen, "pullRequest")) {
            if (auto labels = f.strings(pr, "github.labels"); !labels.empty()) {
                s.pr_label_filters.push_back(std::move(labels));
            }
            s.continue_on_repo_not_found =
                s.continue_on_repo_not_found || f.boolean(pr, "continueOnRepoNotFoundError");
            if (auto source = pull_request_source(f, pr)) {
                s.pr_generators.push_back(std::move(*source));
            }
        }
        s.clusters_generator = s.clusters_generator || f.object(gen, "clusters");
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
    s.go_template = f.boolean(spec, "goTemplate");
    s.requeue_after_seconds = pull_request_requeue(f, f.objects(spec, "generators"), 0);
    pull_request_filters(f, f.objects(spec, "generators"), 0, s);
    const Node tmpl = f.object(spec, "template");
    s.template_name = f.str(tmpl, "metadata.name");
    s.template_namespace = f.str(tmpl, "spec.destination.namespace");
    s.template_labels = f.string_map(tmpl, "metadata.labels");
    return s;
}

}  // namespace

Result<std::vector<ApplicationSet>> parse_application_set_list(std::string_view body) {
    return parse_list<ApplicationSet>(body, "ApplicationSet", read_application_set);
}

Result<Application> parse_application(std::string_view body) {
    return parse_single<Application>(body, "Application", read_application);
}

Result<std::vector<Application>> parse_application_list(std::string_view body) {
    return parse_list<Application>(body, "Application", read_application);
}

Result<ApplicationSet> parse_application_set(std::string_view body) {
    return parse_single<ApplicationSet>(body, "ApplicationSet", read_application_set);
}

}  // namespace preview
