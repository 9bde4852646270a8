#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/intent.hpp"
#include "preview/core/pr_ref.hpp"
#include "preview/core/result.hpp"
#include "preview/core/snapshot.hpp"

/// The pure parts of carrying a change (design §8): the command a person would type for each
/// form a source may give an intent, what a sync through the Argo CD API may ask for, the
/// ApplicationSet webhook's event, and the sentences for a change a source cannot carry. Which
/// form an intent takes is the source's choice (gather/apply.hpp, gather/argocd_source.hpp).
namespace preview {

/// The annotation the ApplicationSet controller re-polls on (and removes when done).
inline constexpr std::string_view kAppSetRefreshAnnotation =
    "argocd.argoproj.io/application-set-refresh";
/// The annotation that makes Argo CD re-render an Application ("hard": bypass the cache).
inline constexpr std::string_view kAppRefreshAnnotation = "argocd.argoproj.io/refresh";

/// `gh pr edit N --repo O/R --add-label L` (or --remove-label), shell-quoted.
std::string label_command(const PrRef& pr, const std::string& label, bool add);

/// `kubectl -n NS annotate RESOURCE NAME K=V --overwrite`, shell-quoted.
std::string kubectl_annotate_command(std::string_view ns, std::string_view resource,
                                     std::string_view name, std::string_view annotation,
                                     std::string_view value);

/// The kubectl merge patch of an Application's `operation` that starts a sync of `revision`.
std::string kubectl_sync_command(std::string_view ns, std::string_view app,
                                 const std::string& revision);

/// `argocd app get APP --hard-refresh --app-namespace NS`.
std::string argocd_hard_refresh_command(std::string_view app, std::string_view app_namespace);

/// `argocd app patch-resource`, as a person would paste it: the annotation of `object` (in the
/// tree of Application `app`) as one quoted JSON merge patch.
std::string argocd_patch_resource_command(std::string_view app, const ObjectRef& object,
                                          const std::string& annotation, const std::string& value,
                                          std::string_view app_namespace);

/// The curl that posts the webhook event `body` to `url`; the signature is left out (it would
/// need the secret on the command line).
std::string webhook_command(const std::string& body, const std::string& url);

/// Why the ApplicationSet refresh is not sent through the Argo CD API without a webhook, and
/// when its generator polls anyway (next_poll_text).
std::string appset_refresh_unsent(const std::string& kind_name,
                                  const Observed<std::optional<ApplicationSet>>* appset);

/// Why a workload annotation is not sent when no Application's tree holds the object, with the
/// command it would take (`command`).
std::string not_in_tree_unsent(const std::string& kind_name, const std::string& command);

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
