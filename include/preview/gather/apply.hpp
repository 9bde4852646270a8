#pragma once

#include <functional>
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

struct Fetch;  // one request and its handler (gather/fetch_rounds.hpp)

/// An intent as the session sends it (design §8). The source that routed it chose its form and
/// built its request: sending a change never asks which source, API or carrier it goes through.
struct Change {
    Intent intent;
    /// The equivalent command a person would type (shown in plans and --verbose).
    std::string command;
    /// How it travels when that is not the object's own API, for messages ("a pull_request event
    /// for #42 to its controller's webhook"); empty for a patch or call on the object itself.
    std::string via;
    /// False when the change leaves nothing on the object to follow (the webhook event: the
    /// controller answers once the event is queued and sets no annotation of ours).
    bool observable = true;
    /// Builds the change's one request, writing its result to the Status it is given; an
    /// error request (no endpoint) is the answer, never sent. Holds references to the session's
    /// endpoints: a Change lives no longer than the Sources that routed it.
    std::function<Fetch(Status&)> request;
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
std::vector<Change> through_kubernetes(const Sources& src, const std::vector<Intent>& intents,
                                       const PrRef& pr);

/// Sends each change as its one minimal request (Kubernetes: a JSON merge patch with
/// fieldManager=preview; GitHub: add or remove one label; the Argo CD API server: one sync,
/// refresh or resource patch call; the ApplicationSet webhook: one event), one after the other:
/// the first step that fails ends the change, and the steps after it are not sent (their status
/// is an error whose reason is kNotAttempted). Returns one status per change, in order. Removing
/// a label that is already gone is success.
std::vector<Status> send_changes(const Sources& src, const std::vector<Change>& changes);

}  // namespace preview
