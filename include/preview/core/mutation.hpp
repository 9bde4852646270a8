#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/kube_path.hpp"
#include "preview/core/profile.hpp"
#include "preview/core/result.hpp"

/// The changes preview makes, as data: each is one minimal request. Planning is pure; sending
/// lives in gather/apply.
namespace preview {

enum class MutationKind {
    add_label,     ///< POST /repos/{o}/{r}/issues/{n}/labels {"labels":[label]}
    remove_label,  ///< DELETE /repos/{o}/{r}/issues/{n}/labels/{label} (404 = already gone)
    annotate,      ///< merge patch of one annotation on a Kubernetes object
    sync,          ///< merge patch of an Application's `operation` (design §4): starts one sync
    // Through the Argo CD API server (design §8; core/argo_actions turns the ones above into
    // these when Argo CD has no kube context):
    api_sync,        ///< POST /api/v1/applications/{name}/sync {["revision",] "prune": false}
    api_refresh,     ///< GET /api/v1/applications/{name}?refresh=hard (blocks until reconciled)
    appset_webhook,  ///< POST a GitHub pull_request event to the ApplicationSet controller
    /// POST /api/v1/applications/{name}/resource?...&patchType=application/merge-patch+json:
    /// the annotation of a workload object in that Application's tree, merge-patched by Argo CD
    api_patch_resource,
};

/// The workload object an annotate mutation changes, as the Argo CD API addresses it.
struct ObjectRef {
    std::string group;  ///< "" for the core API
    std::string version;
    std::string kind;
    std::string namespace_name;
    std::string name;
};

enum class Cluster { argocd, workload };

struct Mutation {
    MutationKind kind = MutationKind::annotate;
    // add_label / remove_label
    std::string label;
    // annotate
    Cluster cluster = Cluster::workload;
    KubePath api_path;      ///< "/apis/argoproj.io/v1alpha1/namespaces/argocd/applicationsets/x"
    std::string kind_name;  ///< "ApplicationSet homerun2-core-catcher-pr-preview", for messages
    std::string annotation;
    std::string value;
    /// annotate (workload objects) and api_patch_resource: the object itself
    ObjectRef object;
    // sync (api_path, cluster and kind_name as for annotate); api_sync: empty = the
    // Application's spec.source.targetRevision
    std::string revision;
    /// sync: the Application's spec.source.targetRevision as read (may be empty)
    std::string target_revision;
    // api_sync / api_refresh / api_patch_resource: the Application and its namespace
    // (appNamespace)
    std::string app_name;
    std::string app_namespace;
    // appset_webhook: where the event goes and the event itself (JSON)
    std::string url;
    std::string body;
    /// The equivalent command a person would type (shown in plans and --verbose).
    std::string command;
};

// The annotate mutations build their path through KubePath: a name or apiVersion that breaks
// the Kubernetes rules (or an apiVersion preview does not know) is an ErrorKind::api error, and
// no Mutation exists to show or send.

/// Ask the ApplicationSet controller to re-poll now (it removes the annotation when done).
Result<Mutation> refresh_application_set(const Targets& t);

/// Make the gateway controller re-evaluate an HTTPRoute (overwrites reconcile-bump).
Result<Mutation> bump_route(const Targets& t, const std::string& route, std::int64_t now);

/// Make External Secrets re-sync an ExternalSecret (overwrites force-sync). `api_version` must be
/// external-secrets.io/v1 or v1beta1.
Result<Mutation> force_sync_external_secret(
    const Targets& t, const std::string& name, std::int64_t now,
    std::string_view api_version = "external-secrets.io/v1");

/// Make Argo CD re-render an Application, bypassing the repo-server's cached manifest error
/// (argocd.argoproj.io/refresh=hard).
Result<Mutation> hard_refresh_application(const Targets& t, const std::string& app);

/// Start a sync of `revision` on an Application whose automated sync gave up on it (C1): a merge
/// patch of its `operation` field, fieldManager=preview. The only non-annotation change.
Result<Mutation> sync_application(const Targets& t, const std::string& app,
                                  const std::string& revision,
                                  const std::string& target_revision = {});

/// The command that applies sync_application's patch with kubectl, shell-quoted.
std::string sync_application_command(const Targets& t, const std::string& app,
                                     const std::string& revision);
/// The command that hard-refreshes an Application, shell-quoted.
std::string hard_refresh_command(const Targets& t, const std::string& app);

Mutation add_label(const PrRef& pr, const std::string& label);
Mutation remove_label(const PrRef& pr, const std::string& label);

/// The JSON merge patch (RFC 7386) that sets exactly one annotation.
std::string annotation_patch(const std::string& annotation, const std::string& value);

/// Parses "90", "90s", "15m", "1h30m" into seconds; ErrorKind::usage otherwise.
Result<std::int64_t> parse_duration(std::string_view text);

}  // namespace preview
