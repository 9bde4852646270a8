#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/intent.hpp"
#include "preview/core/pr_ref.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/gather/gather.hpp"

namespace preview {

/// Error::reason of a step that was not sent because an earlier one failed.
inline constexpr std::string_view kNotAttempted = "NotAttempted";

/// What carries a change: the request it becomes is the carrier's.
enum class Carrier {
    github,          ///< one label added to or removed from the PR
    workload_kube,   ///< a merge patch through the workload cluster's kube context
    argocd_kube,     ///< a merge patch through the Argo CD cluster's kube context
    argocd_api,      ///< a call of the Argo CD API server (sync, refresh, resource patch)
    appset_webhook,  ///< a GitHub pull_request event to the ApplicationSet controller's webhook
};

/// An intent as the session sends it (design §8): the source that carries it chose the form.
struct Change {
    Intent intent;
    Carrier carrier = Carrier::github;
    /// The equivalent command a person would type (shown in plans and --verbose).
    std::string command;
    /// argocd_api: the Application the call names (for a workload annotation, the one whose
    /// resource tree holds the object) and its namespace (appNamespace); for a sync, the
    /// revision sent (empty: spec.source.targetRevision).
    std::string app;
    std::string app_namespace;
    std::string revision;
    /// appset_webhook: where the event goes and the event itself (JSON).
    std::string url;
    std::string body;
};

/// What a session knows about how its changes may go, beyond its sources.
struct ChangeRoute {
    /// argocd.appsetWebhook (validated by appset_webhook_url), or empty.
    std::string appset_webhook;
    /// The GitHub API base the profile uses, for the webhook event's repository.url.
    std::string github_api_url;
    /// "Kind/name" -> the Application whose resource tree holds it, as the snapshot read it
    /// (Argo CD API reads): a workload annotation without a workload kube context goes there.
    std::map<std::string, std::string> tree_apps;
    /// The Argo CD namespace (the Applications' appNamespace).
    std::string argocd_namespace;
};

/// The changes as they will be sent, and those the sources cannot carry.
struct RoutedChanges {
    std::vector<Change> changes;
    /// One sentence per intent left out (the ApplicationSet refresh through the Argo CD API
    /// without a webhook, saying when the generator polls next; a workload annotation in no
    /// Application's tree without a workload kube context).
    std::vector<std::string> unsent;
};

/// Each intent as its carrier takes it: labels through GitHub; workload annotations through the
/// workload cluster's kube context when one reaches it, else as the Argo CD source says; every
/// Argo CD intent as the Argo CD source says (ArgocdSource::route). `appset`: the
/// ApplicationSet as read (null: not read), for when its generator polls next.
RoutedChanges route_changes(const Sources& src, const std::vector<Intent>& intents,
                            const ChangeRoute& route, const PrRef& pr,
                            const Observed<std::optional<ApplicationSet>>* appset);

/// Each intent through Kubernetes, whatever the sources: the workload cluster for workload
/// annotations, the Argo CD cluster for the rest (labels through GitHub).
std::vector<Change> through_kubernetes(const std::vector<Intent>& intents, const PrRef& pr);

/// Sends each change as its one minimal request (Kubernetes: a JSON merge patch with
/// fieldManager=preview; GitHub: add or remove one label; the Argo CD API server: one sync,
/// refresh or resource patch call; the ApplicationSet webhook: one event), one after the other:
/// the first step that fails ends the change, and the steps after it are not sent (their status
/// is an error whose reason is kNotAttempted). Returns one status per change, in order. Removing
/// a label that is already gone is success.
std::vector<Status> send_changes(const Sources& src, const PrRef& pr,
                                 const std::vector<Change>& changes);

}  // namespace preview
