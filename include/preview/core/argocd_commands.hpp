#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "preview/core/snapshot.hpp"

/// The commands a person runs against Argo CD, as the access they have spells them (design §8):
/// each Argo CD source gives its own (ArgocdSource::commands), the doctor's checks and `list
/// --all` print them and never ask which source read the snapshot. Pure text, shell-quoted; `ns`
/// is the Argo CD namespace (where the Applications and ApplicationSets live).
namespace preview {

class ArgocdCommands {
  public:
    virtual ~ArgocdCommands() = default;

    /// Show an Application's conditions and resources.
    virtual std::string describe_application(std::string_view ns, std::string_view app) const = 0;
    /// Make Argo CD re-render an Application, bypassing its cache.
    virtual std::string hard_refresh_application(std::string_view ns,
                                                 std::string_view app) const = 0;
    /// Start a sync of `revision` on an Application whose spec.source.targetRevision is
    /// `target_revision`.
    virtual std::string sync_application(std::string_view ns, std::string_view app,
                                         const std::string& revision,
                                         const std::string& target_revision) const = 0;
    virtual std::string delete_application(std::string_view ns, std::string_view app) const = 0;
    /// The Applications carrying the label selector `selector`.
    virtual std::string list_applications(std::string_view ns, std::string_view selector) const = 0;

    /// Show an ApplicationSet's conditions.
    virtual std::string describe_application_set(std::string_view ns,
                                                 std::string_view name) const = 0;
    /// Edit an ApplicationSet's spec.
    virtual std::string edit_application_set(std::string_view ns, std::string_view name) const = 0;
    virtual std::string list_application_sets(std::string_view ns) const = 0;

    /// The clusters Argo CD knows, with their labels.
    virtual std::string list_clusters(std::string_view ns) const = 0;
    virtual std::string list_projects(std::string_view ns) const = 0;
    /// `kubectl -n <ns> <args>`, for what only Kubernetes reaches (Secrets, the controller's
    /// pods), with the access it needs.
    virtual std::string kubectl(std::string_view ns,
                                std::initializer_list<std::string_view> args) const = 0;

    // Objects of the workload cluster that Argo CD manages, through the Argo CD API: `app` is the
    // Application whose resource tree shows the object. nullopt when this access has no such
    // command (the workload cluster's kubectl is the fix then).

    /// Whether `--fix` can annotate such an object through the Argo CD API (a resource patch).
    virtual bool annotates_tree_objects() const = 0;
    /// A container's previous log.
    virtual std::optional<std::string> tree_previous_log(std::string_view ns, std::string_view app,
                                                         std::string_view pod,
                                                         std::string_view container) const = 0;
    /// External Secrets' `refresh` resource action on an ExternalSecret.
    virtual std::optional<std::string> tree_refresh_external_secret(
        std::string_view ns, std::string_view app, std::string_view name) const = 0;
    /// A new value of the HTTPRoute's reconcile-bump annotation ("$(date +%s)", which the shell
    /// fills in when the command is pasted, so pasting it again bumps again).
    virtual std::optional<std::string> tree_bump_route(std::string_view ns, std::string_view app,
                                                       std::string_view route) const = 0;
};

/// A kube context reaches the Argo CD cluster: kubectl.
const ArgocdCommands& argocd_kubectl_commands();
/// Argo CD is reached through its API server only: the argocd CLI; where it has no equivalent,
/// the kubectl command behind the access it needs (as argocd_no_access_commands).
const ArgocdCommands& argocd_cli_commands();
/// Nothing reaches Argo CD: each kubectl command behind "needs a kube context for the Argo CD
/// cluster (pass --argocd-context NAME): ".
const ArgocdCommands& argocd_no_access_commands();

/// The commands for a snapshot that carries none (built by hand): kubectl with a kube context
/// for the Argo CD cluster, else the argocd CLI when it was read through the Argo CD API, else no
/// access. The one place that choice is made from the facts.
const ArgocdCommands& default_argocd_commands(const SnapshotSources& sources);
/// The snapshot's commands (sources.argocd_commands), else default_argocd_commands.
const ArgocdCommands& argocd_commands(const SnapshotSources& sources);

}  // namespace preview
