#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "preview/core/pr_ref.hpp"
#include "preview/core/profile.hpp"
#include "preview/core/result.hpp"

/// The plain data every decision is made from. Filled by gather (network), read by status,
/// phase and diagnosis (pure). Every piece is either what was observed or why it could not be.
namespace preview {

/// Observed data, or the error that kept us from reading it.
template <class T>
using Observed = Result<T>;

/// A Kubernetes-style condition (metav1.Condition and the older per-kind shapes).
struct Condition {
    std::string type;
    std::string status;  ///< "True", "False", "Unknown"
    std::string reason;
    std::string message;
    std::string last_transition_time;  ///< RFC 3339, may be empty
    std::int64_t observed_generation = 0;
};

struct OwnerRef {
    std::string kind;
    std::string name;
};

/// The parts of metadata the tool reasons about.
struct ObjectMeta {
    std::string name;
    std::string namespace_name;
    std::string creation_timestamp;  ///< RFC 3339
    std::string deletion_timestamp;  ///< RFC 3339; non-empty means the object is terminating
    std::int64_t generation = 0;
    std::map<std::string, std::string> labels;
    std::map<std::string, std::string> annotations;
    std::vector<std::string> finalizers;
    std::vector<OwnerRef> owners;
};

struct PullRequest {
    std::string owner;
    std::string repo;
    int number = 0;
    std::string state;  ///< "open" or "closed"
    bool merged = false;
    bool draft = false;
    std::string title;
    std::string author;
    std::string head_sha;
    std::string head_ref;
    std::string html_url;
    std::string created_at;
    std::string updated_at;
    std::vector<std::string> labels;
    std::string base_ref;   ///< target branch
    std::string closed_at;  ///< RFC 3339; empty while open
    std::string merged_at;  ///< RFC 3339; empty unless merged
    /// mergeable_state of the single-PR GET (clean, dirty, blocked, behind, unstable, ...);
    /// empty when null (GitHub still computing it) or absent (list payloads): unknown.
    std::string mergeable_state;
    /// head.repo.full_name; empty when head.repo is null (the fork was deleted) or absent.
    std::string head_repo;
    /// The head branch lives in another repository than the base (a fork), or its repository
    /// is gone (head.repo null).
    bool from_fork = false;
};

/// A GitHub check run for the head commit.
struct CheckRun {
    std::string name;
    std::string status;      ///< queued, in_progress, completed (also waiting, requested, pending)
    std::string conclusion;  ///< success, failure, neutral, cancelled, timed_out, action_required,
                             ///< skipped, stale; empty while not completed
    std::string html_url;
    std::string started_at;
    std::string completed_at;
};

/// A label change on the PR's issue timeline (`GET .../issues/{n}/events`; other events are
/// not kept).
struct LabelEvent {
    std::string event;  ///< "labeled" or "unlabeled"
    std::string label;  ///< label.name
    std::string actor;  ///< actor.login
    std::string created_at;
};

/// The sticky preview-bot comment on the PR.
struct BotComment {
    std::int64_t id = 0;
    std::string author;
    std::string html_url;
    std::string updated_at;
};

/// One entry of Application.status.resources: what Argo CD manages and its sync state. Argo CD 3.x
/// no longer persists per-resource health there, so health is usually empty.
struct AppResource {
    std::string group;
    std::string kind;
    std::string namespace_name;
    std::string name;
    std::string sync_status;  ///< Synced, OutOfSync, Unknown
    std::string health_status;
    std::string health_message;
};

/// The repository one pullRequest generator polls (also inside a matrix/merge).
struct PrGeneratorSource {
    std::string scm;    ///< "github", "gitlab", "gitea", "bitbucketServer", "bitbucket", ...
    std::string owner;  ///< github/gitea/bitbucket owner, bitbucketServer/azuredevops project
    std::string repo;   ///< the repository; gitlab: the project (its id or path)
    std::vector<std::string> labels;  ///< the label filter; empty: every open PR
    std::string api;                  ///< github: `api`, a GitHub Enterprise base; "" = github.com
};

struct ApplicationSet {
    ObjectMeta meta;
    /// Every pullRequest generator's repository, in spec order.
    std::vector<PrGeneratorSource> pr_generators;
    /// spec.template.metadata.name, spec.template.spec.destination.namespace and
    /// spec.template.metadata.labels as written (Go or fasttemplate placeholders).
    std::string template_name;
    std::string template_namespace;
    std::map<std::string, std::string> template_labels;
    std::vector<Condition> conditions;
    /// spec.syncPolicy.applicationsSync (sync, create-only, create-update, create-delete); empty
    /// when not set, which means `sync`.
    std::string applications_sync;
    /// requeueAfterSeconds of the first pullRequest generator (also inside a matrix/merge);
    /// 0 when absent, which means the 1800 s default.
    std::int64_t requeue_after_seconds = 0;
    /// The label filters of every pullRequest generator (`github.labels`, also inside a
    /// matrix/merge), one list per generator; empty when none filters on labels.
    std::vector<std::vector<std::string>> pr_label_filters;
    /// Some pullRequest generator sets continueOnRepoNotFoundError: true.
    bool continue_on_repo_not_found = false;
    /// A clusters generator is among the generators (also inside a matrix/merge): one
    /// Application per selected cluster.
    bool clusters_generator = false;
    /// spec.goTemplate: placeholders are Go templates ({{ .number }}), else fasttemplate
    /// ({{number}}).
    bool go_template = false;
};

/// One string leaf of an Application's rendered helm values (valuesObject, parameters, or the
/// raw `values` text as one leaf), with its dotted path.
struct HelmValue {
    std::string path;
    std::string value;
};

struct Application {
    ObjectMeta meta;
    std::string sync_status;  ///< Synced, OutOfSync, Unknown; empty if not reported yet
    std::string sync_revision;
    std::string health_status;  ///< Healthy, Progressing, Degraded, Suspended, Missing, Unknown
    std::string health_message;
    std::string operation_phase;  ///< Running, Terminating, Failed, Error, Succeeded; may be empty
    std::string operation_message;
    /// status.operationState.syncResult.revision: what the last sync applied.
    std::string sync_result_revision;
    /// status.operationState.operation.sync.revision: what the last sync was asked for.
    std::string operation_revision;
    /// True while status.operation (a requested sync) is set and not yet taken.
    bool operation_requested = false;
    std::vector<std::string>
        sync_options;                   ///< spec.syncPolicy.syncOptions ("CreateNamespace=true")
    std::vector<Condition> conditions;  ///< ComparisonError, SyncError, ... (status empty)
    std::string destination_server;
    std::string destination_name;
    std::string destination_namespace;
    std::string source_repo;
    std::string source_revision;
    std::vector<HelmValue> helm_values;       ///< spec.source.helm string values, bounded in number
    std::vector<std::string> summary_images;  ///< status.summary.images
    std::string project;                 ///< spec.project (homerun2: the target cluster's name)
    std::string reconciled_at;           ///< status.reconciledAt, RFC 3339
    std::string operation_finished_at;   ///< status.operationState.finishedAt, RFC 3339
    std::vector<AppResource> resources;  ///< status.resources
};

struct Namespace {
    ObjectMeta meta;
    std::string phase;  ///< Active or Terminating
    std::vector<Condition> conditions;
    std::vector<std::string> spec_finalizers;
};

/// A Deployment or a StatefulSet.
struct Workload {
    std::string kind;  ///< "Deployment" or "StatefulSet"
    ObjectMeta meta;
    int desired = 1;  ///< spec.replicas (default 1)
    int current = 0;  ///< status.replicas
    int ready = 0;
    int available = 0;
    int updated = 0;
    std::int64_t observed_generation = 0;
    std::vector<Condition> conditions;
    std::map<std::string, std::string> selector;  ///< spec.selector.matchLabels
};

struct ContainerStatus {
    std::string name;
    std::string image;
    bool init = false;
    bool ready = false;
    int restart_count = 0;
    std::string state;   ///< waiting, running, terminated
    std::string reason;  ///< of the current state (CrashLoopBackOff, ImagePullBackOff, ...)
    std::string message;
    std::string last_reason;  ///< lastState.terminated.reason (OOMKilled, Error, ...)
    int last_exit_code = 0;
    int exit_code = 0;             ///< of the current state when terminated
    std::string last_message;      ///< lastState.terminated.message (termination message)
    std::string last_finished_at;  ///< lastState.terminated.finishedAt, RFC 3339
};

struct Pod {
    ObjectMeta meta;
    std::string phase;  ///< Pending, Running, Succeeded, Failed, Unknown
    bool ready = false;
    std::vector<ContainerStatus> containers;  ///< init containers first
    std::vector<std::string> images;          ///< spec.containers[].image (not init containers)
    std::vector<Condition> conditions;
    std::string reason;      ///< status.reason (Evicted, ...)
    std::string message;     ///< status.message
    std::string start_time;  ///< status.startTime, RFC 3339
};

struct ExternalSecret {
    ObjectMeta meta;
    std::string api_version;  ///< external-secrets.io/v1 or v1beta1
    std::vector<Condition> conditions;
    std::string refresh_time;
    std::string store_kind;  ///< spec.secretStoreRef.kind (SecretStore, ClusterSecretStore)
    std::string store_name;
};

struct Job {
    ObjectMeta meta;
    int active = 0;
    int succeeded = 0;
    int failed = 0;
    std::string start_time;
    std::string completion_time;
    std::vector<Condition> conditions;
};

struct RouteParentStatus {
    std::string parent_name;
    std::string parent_namespace;
    std::string section_name;  ///< the listener the route attaches to; empty: all of them
    int port = 0;              ///< 0: any listener port
    std::string controller;
    std::vector<Condition> conditions;
};

/// spec.parentRefs[] of an HTTPRoute (kind Gateway unless it says otherwise).
struct RouteParentRef {
    std::string kind;            ///< "Gateway" when not set
    std::string namespace_name;  ///< the route's namespace when not set
    std::string name;
};

/// spec.rules[].backendRefs[] of an HTTPRoute.
struct RouteBackendRef {
    std::string kind;            ///< "Service" when not set
    std::string namespace_name;  ///< the route's namespace when not set
    std::string name;
    int port = 0;  ///< 0 when not set
};

/// spec.rules[].matches[].path of an HTTPRoute; a rule without matches, or a match without a
/// path, matches PathPrefix "/" (the Gateway API default).
struct RoutePathMatch {
    std::string type;  ///< PathPrefix, Exact, RegularExpression
    std::string value;
    std::string method;      ///< matches[].method; empty: any
    int header_matches = 0;  ///< how many matches[].headers a request must carry
    int query_matches = 0;   ///< how many matches[].queryParams
    bool operator==(const RoutePathMatch&) const = default;
};

struct HttpRoute {
    ObjectMeta meta;
    std::vector<std::string> hostnames;
    std::vector<RouteParentStatus> parents;
    std::vector<RouteParentRef> parent_refs;
    std::vector<RouteBackendRef> backend_refs;
    std::vector<RoutePathMatch> paths;
};

/// A gateway.networking.k8s.io Gateway (read only when a route's status asks for it).
struct Gateway {
    ObjectMeta meta;
    std::vector<Condition> conditions;   ///< Accepted, Programmed
    std::vector<std::string> addresses;  ///< status.addresses[].value
};

struct ServicePort {
    std::string name;
    int port = 0;
};

/// A core/v1 Service (read only when a route cannot resolve its backend).
struct Service {
    ObjectMeta meta;
    std::vector<ServicePort> ports;
};

/// A core/v1 Event (only Warning events are gathered).
struct Event {
    std::string type;
    std::string reason;
    std::string message;
    std::string object_kind;
    std::string object_name;
    std::string last_timestamp;
    int count = 1;
    std::string source;  ///< reportingComponent, else source.component
};

/// A Kyverno UpdateRequest (kyverno.io/v2): a background generate (or mutate) request.
struct UpdateRequest {
    ObjectMeta meta;
    std::string request_type;   ///< spec.requestType: generate, mutate, ...
    std::string policy;         ///< spec.policy
    std::string rule;           ///< spec.rule
    std::string resource_kind;  ///< spec.resource: the trigger
    std::string resource_name;
    std::string resource_namespace;
    std::string state;  ///< status.state: Pending, Failed, Completed, Skip
    std::string message;
};

/// A Kyverno ClusterPolicy, a (Cluster)SecretStore: only their name and conditions matter here.
struct PolicyObject {
    std::string kind;
    ObjectMeta meta;
    std::vector<Condition> conditions;
};

/// What is read only after a symptom asks for it (the healthy path reads none of it).
struct FollowUpReads {
    /// Kyverno's UpdateRequests for the preview namespace (read when generated objects are
    /// missing).
    Observed<std::vector<UpdateRequest>> update_requests =
        Error{ErrorKind::api, "not gathered", {}, 0, "NotGathered"};
    /// The ClusterPolicies those requests name, by name; nullopt when it does not exist.
    std::map<std::string, Observed<std::optional<PolicyObject>>> policies;
    /// The stores failing ExternalSecrets reference, by "Kind/name"; nullopt when absent.
    std::map<std::string, Observed<std::optional<PolicyObject>>> stores;
    /// Every HTTPRoute in the cluster (one LIST), read only when the preview's routes are
    /// accepted but its URL serves something else: another route may claim the same hostname.
    Observed<std::vector<HttpRoute>> cluster_routes = [] {
        Error error{ErrorKind::api, "not gathered", {}, 0, "NotGathered"};
        error.not_gathered = true;
        return error;
    }();
};

/// The answer of the preview URL's health path.
struct UrlProbe {
    std::string url;
    long http_status = 0;  ///< 0 when no HTTP answer was received
    std::int64_t elapsed_ms = 0;
    std::string error;  ///< why there was no HTTP answer; empty otherwise
    /// From a JSON body of a 2xx answer: its `commit` (else `sha`) and `version` strings, as the
    /// app reports what it runs (core-catcher: `{"commit": "<sha>", "version": "pr-N-<sha>"}`).
    std::string commit{};
    std::string version{};
    /// The start of a non-2xx answer's body (at most kUrlBodyKept bytes): the gateway's own
    /// words (`no healthy upstream`, `upstream connect error ...`), or empty.
    std::string body{};
};
inline constexpr std::size_t kUrlBodyKept = 300;

/// Whether an OCI artifact (image or kustomize bundle) exists in its registry.
struct ArtifactProbe {
    std::string reference;  ///< registry/repository:tag
    bool exists = false;
    std::string digest;
};

/// An object still present in a terminating namespace, which keeps the namespace from going away.
struct Leftover {
    std::string api_version;  ///< "external-secrets.io/v1", "v1", ...
    std::string kind;
    std::string name;
    std::vector<std::string> finalizers;  ///< metadata.finalizers; empty = waits for deletion only
};

/// Where a piece of the snapshot was read from (design §8).
enum class ReadSource { kubernetes, argocd_api };

class ArgocdCommands;  // preview/core/argocd_commands.hpp

/// How the snapshot reached each cluster, as facts, and the Argo CD commands the user can run
/// with that access (kubectl needs a kube context; the argocd CLI needs the Argo CD API).
struct SnapshotSources {
    ReadSource argocd = ReadSource::kubernetes;    ///< the Applications and the ApplicationSet
    ReadSource workload = ReadSource::kubernetes;  ///< the preview namespace's contents
    bool argocd_kube = true;                       ///< a kube context reaches the Argo CD cluster
    bool workload_kube = true;                     ///< a kube context reaches the workload cluster
    /// The Argo CD commands the fixes print, as the Argo CD source spells them
    /// (ArgocdSource::commands; it outlives the snapshot). Null: default_argocd_commands picks
    /// from the facts above.
    const ArgocdCommands* argocd_commands = nullptr;
    /// Through the Argo CD API: "Kind/name" -> the Application whose resource tree shows it.
    std::map<std::string, std::string> tree_apps;
    /// Whether `events` are the namespace's (Kubernetes). The Argo CD API lists no namespace
    /// events, only one object's: then `events` hold those of the objects in `events_of`
    /// ("Kind/name": the workloads short of pods) and nothing else.
    bool events_namespace_wide = true;
    std::vector<std::string> events_of;
    /// Through the Argo CD API: objects whose events were wanted but not read -> why.
    std::map<std::string, std::string> events_unread;
};

/// Everything known about one preview at one moment.
struct Snapshot {
    PrRef ref;
    Targets targets;       ///< the profile's names rendered for this PR
    std::int64_t now = 0;  ///< Unix seconds when the snapshot was taken

    Observed<PullRequest> pr = not_read();
    Observed<std::vector<CheckRun>> checks = not_read();
    Observed<std::optional<BotComment>> bot_comment = not_read();
    /// The PR's label events, for the timeline: read only for one PR's status, up and doctor.
    Observed<std::vector<LabelEvent>> label_events = not_read();
    Observed<std::optional<ApplicationSet>> application_set = not_read();
    Observed<std::vector<Application>> applications = not_read();  ///< parent first
    Observed<std::optional<Namespace>> namespace_state = not_read();
    Observed<std::vector<Workload>> workloads = not_read();
    Observed<std::vector<Pod>> pods = not_read();
    Observed<std::vector<ExternalSecret>> external_secrets = not_read();
    Observed<std::vector<Job>> jobs = not_read();
    Observed<std::vector<HttpRoute>> routes = not_read();
    /// The Gateways routes name ("namespace/name"; nullopt = 404), read only when a route has
    /// no parent status or is not Accepted (see gateways_to_read).
    std::map<std::string, Observed<std::optional<Gateway>>> gateways;
    /// The namespace's Services, read only when a route cannot resolve its backend.
    Observed<std::vector<Service>> services = not_read();
    Observed<std::vector<Event>> events = not_read();
    /// What is left in the namespace while it is Terminating (read only then).
    Observed<std::vector<Leftover>> leftovers = not_read();
    Observed<UrlProbe> url = not_read();
    std::vector<Observed<ArtifactProbe>> artifacts;     ///< one per profile artifact, same order
    std::map<std::string, Observed<std::string>> logs;  ///< "pod/container" -> previous log tail
    FollowUpReads follow_up;  ///< symptom-driven reads: Kyverno requests and policies, ESO stores
    SnapshotSources sources;  ///< where each piece came from, and which clusters kubectl reaches
    /// metadata.resourceVersion of each list read, by what was listed ("applications", "pods",
    /// "externalsecrets.v1beta1", ...): where a watch of the same collection starts. Absent
    /// where the list failed. The objects read by name ("application", "applicationset",
    /// "namespace") have their own resourceVersion here when they were found.
    std::map<std::string, std::string> list_versions;

    /// The placeholder for a piece that was not gathered (yet).
    static Error not_read(std::string why = "not gathered") {
        Error error{ErrorKind::api, std::move(why), {}, 0, "NotGathered"};
        error.not_gathered = true;
        return error;
    }
};

}  // namespace preview
