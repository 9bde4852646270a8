#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/mutation.hpp"
#include "preview/core/pr_ref.hpp"
#include "preview/core/result.hpp"
#include "preview/core/snapshot.hpp"

/// Which way each Argo CD change goes (design §8): the Kubernetes API of the Argo CD cluster, or
/// its API server when only that is reachable. Pure: plans in, plans out.
namespace preview {

/// How Argo CD is acted on.
struct ArgoActionRoute {
    /// Argo CD has no kube context: its changes go through the Argo CD API server.
    bool api_server = false;
    /// argocd.appsetWebhook (validated by appset_webhook_url), or empty.
    std::string appset_webhook;
    /// The GitHub API base the profile uses, for the event's repository.url: the controller
    /// matches its host against the generator's `api`.
    std::string github_api_url;
    /// The workload cluster has no kube context, but the Argo CD API server shows it: an
    /// annotation of a workload object goes through the Application whose resource tree holds
    /// it (`tree_apps`, "Kind/name" -> Application, as the snapshot read it).
    bool workload_api = false;
    std::map<std::string, std::string> tree_apps;
    /// The Argo CD namespace (the Applications' appNamespace).
    std::string argocd_namespace;
};

/// The changes as they will be sent, and those the route cannot carry.
struct RoutedChanges {
    std::vector<Mutation> changes;
    /// One sentence per change left out: the ApplicationSet refresh without a webhook (there is
    /// no Argo CD API call for it), saying when the generator polls next.
    std::vector<std::string> unsent;
};

/// The changes for `route`. Through the API server: a sync becomes POST .../sync, an
/// Application hard refresh GET ...?refresh=hard, and the ApplicationSet refresh a GitHub
/// `pull_request` `synchronize` event for `pr` to the webhook (the controller re-polls every
/// ApplicationSet whose generator names that repository); without a webhook it is left out and
/// `unsent` says when the generator polls anyway, from `appset` when it was read (null: not
/// read). With `workload_api`, a workload annotation (route bump, ExternalSecret force-sync)
/// becomes a merge patch through the Application whose tree holds the object, and is left out
/// (saying which access it needs) when no tree does. Label changes, and workload annotations
/// with a kube context, pass as they are.
RoutedChanges route_changes(std::vector<Mutation> changes, const ArgoActionRoute& route,
                            const PrRef& pr, const Observed<std::optional<ApplicationSet>>* appset);

/// What a sync through the Argo CD API may ask for: `revision` only when it is the
/// Application's spec.source.targetRevision (HEAD when empty), else empty (= targetRevision).
/// Argo CD refuses any other revision on an Application with automated sync ("Cannot sync to
/// X: auto-sync currently set to Y", server/application/application.go), and the sync preview
/// starts (the lockout fix) is only ever on such an Application.
std::string api_sync_revision(const std::string& revision, const std::string& target_revision);

/// `argocd app sync APP [--revision R] --app-namespace NS`, with R = api_sync_revision().
std::string argocd_sync_command(const std::string& app, const std::string& revision,
                                const std::string& target_revision,
                                const std::string& app_namespace);

/// "within 600 s (its requeueAfterSeconds)", or Argo CD's default (1800 s) when the
/// ApplicationSet does not say, was not read (null) or could not be read.
std::string next_poll_text(const Observed<std::optional<ApplicationSet>>* appset);

/// The GitHub `pull_request` event (action `synchronize`) the ApplicationSet controller's
/// webhook takes for `pr`: repository name, owner login, html_url and url (the API URL, whose
/// host the controller compares with the generator's `api`), and the number.
std::string pull_request_event(const PrRef& pr, std::string_view github_api_url);

/// argocd.appsetWebhook checked: an https:// URL, or http:// to this machine only (127.0.0.1,
/// localhost, [::1]: a kubectl port-forward to the controller's plain-HTTP port); no user info,
/// no whitespace or control characters. ErrorKind::config otherwise, naming the key.
Result<std::string> appset_webhook_url(std::string_view url);

}  // namespace preview
