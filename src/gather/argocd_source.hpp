#pragma once

// The seam through which gathering reads and changes Argo CD (design §8): the gatherers add
// their Argo CD reads, lists, watches and changes through ArgocdSource and never ask which
// source serves them. One implementation per source, one file each: argocd_kube_source.cpp
// (the Argo CD cluster's Kubernetes API) and argocd_api_source.cpp (the Argo CD API server),
// each one row of the table in argocd_sources.cpp that picks a session's source.

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gather/fetch_rounds.hpp"

#include "preview/core/argocd_commands.hpp"
#include "preview/core/intent.hpp"
#include "preview/core/pr_ref.hpp"
#include "preview/core/profile.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/gather/apply.hpp"
#include "preview/gather/follow_watch.hpp"

namespace preview {

/// Where the snapshot's Argo CD reads land.
struct ArgocdReads {
    Observed<std::optional<ApplicationSet>>* application_set = nullptr;  ///< null: not wanted
    Observed<std::optional<Application>>& parent;
    Observed<std::vector<Application>>& children;
    /// Called with each list of Applications as it arrives (or its error): what depends on
    /// the Applications (their resource trees through the Argo CD API) starts from here.
    std::function<void(const Result<std::vector<Application>>&, FetchRounds&)> listed = {};
    /// When set, the resourceVersion each read stood at lands here under the WatchPoint key the
    /// source's watch_request() resumes from.
    std::map<std::string, std::string>* list_versions = nullptr;
};

/// How Argo CD is read and acted on. Every request it makes carries its own endpoint and
/// credentials; an error here (no cluster, no server) is the read's or the change's answer.
class ArgocdSource {
  public:
    ArgocdSource() = default;
    ArgocdSource(const ArgocdSource&) = delete;
    ArgocdSource& operator=(const ArgocdSource&) = delete;
    virtual ~ArgocdSource() = default;

    /// What `-v` and `status` name as the source of the Applications and the ApplicationSet.
    virtual ReadSource read_source() const = 0;

    /// True when a kube context reaches the Argo CD cluster.
    virtual bool kube_context() const = 0;

    /// The Argo CD commands the fixes print, as a user with this source's access types them
    /// (kubectl with a kube context; each has static lifetime).
    virtual const ArgocdCommands& commands() const = 0;

    /// The snapshot's reads: the ApplicationSet by name (when wanted), the parent Application by
    /// name and the children by the PR label, each landing in `reads` as it answers.
    virtual void add_preview_reads(FetchRounds& rounds, const Targets& targets,
                                   ArgocdReads reads) const = 0;

    /// The ApplicationSet by name (std::nullopt when it does not exist). When `versions` is set
    /// and the source can watch it, the version a watch resumes from lands there under
    /// "applicationset".
    virtual Fetch read_application_set(const Targets& targets,
                                       Observed<std::optional<ApplicationSet>>& out,
                                       std::map<std::string, std::string>* versions) const = 0;

    /// One list of the Applications in `argocd_namespace` carrying the label selector
    /// `selector` (empty: all of them), with no per-Application reads.
    virtual Fetch list_applications(const std::string& argocd_namespace,
                                    const std::string& selector,
                                    Observed<std::vector<Application>>& out) const = 0;

    /// Every ApplicationSet in `argocd_namespace`.
    virtual Fetch list_application_sets(const std::string& argocd_namespace,
                                        Observed<std::vector<ApplicationSet>>& out) const = 0;

    /// The stream a follow keeps open for `point`, one of the keys add_preview_reads recorded
    /// in ArgocdReads::list_versions; any other key is an error.
    virtual Result<WatchRequest> watch_request(const Targets& targets, const WatchPoint& point,
                                               std::chrono::seconds timeout) const = 0;

    /// How this source carries `intent` (an Argo CD intent, or a workload annotation when no
    /// kube context reaches the workload cluster): appends to `out` the change it becomes (its
    /// request built, with the command a person would type for it), or the sentence saying why
    /// it cannot be sent. False when this source has no way of its own for it (a workload
    /// annotation the Kubernetes source leaves to the workload cluster's context). `appset` is
    /// the ApplicationSet as read (null: not read).
    virtual bool route(const Intent& intent, const ChangeRoute& how, const PrRef& pr,
                       const Observed<std::optional<ApplicationSet>>* appset,
                       RoutedChanges& out) const = 0;

    /// An Argo CD intent as a merge patch through the Argo CD cluster's kube context, whatever
    /// the source prefers (its error, when no context reaches it, is the answer).
    virtual Change through_kubernetes(const Intent& intent) const = 0;
};

}  // namespace preview
