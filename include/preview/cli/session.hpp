#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "preview/cli/context.hpp"
#include "preview/core/intent.hpp"
#include "preview/core/pr_ref.hpp"
#include "preview/core/settings.hpp"
#include "preview/gather/apply.hpp"
#include "preview/gather/gather.hpp"
#include "preview/io/argocd_endpoint.hpp"
#include "preview/io/github_client.hpp"
#include "preview/io/http.hpp"
#include "preview/io/kubeconfig.hpp"
#include "preview/render/style.hpp"

namespace preview {

/// Everything a command talks to, resolved from flags, environment, profile and kubeconfig.
struct Session {
    Settings settings;
    TermStyle style;
    TlsOptions public_tls;
    std::string github_token;
    /// The command's deadline (--timeout); the HTTP client and exec plugins respect it.
    std::shared_ptr<CommandDeadline> deadline = std::make_shared<CommandDeadline>();
    /// github.com's token, offered to ghcr.io (github.com's registry) for private packages: the
    /// API's token when the API is github.com, else GH_TOKEN / GITHUB_TOKEN, never an
    /// Enterprise host's token.
    std::string registry_token;
    std::unique_ptr<HttpClient> http;
    std::unique_ptr<GithubClient> github;
    Result<KubeEndpoint> workload = Error(ErrorKind::config, "no cluster");
    Result<KubeEndpoint> argocd = Error(ErrorKind::config, "no cluster");
    /// Set when Argo CD is read through its API server (--argocd-server, ARGOCD_SERVER,
    /// argocd.server); `argocd` is then an error unless --argocd-context / argocd.context names
    /// a cluster too.
    std::optional<ArgocdEndpoint> argocd_api;
    /// What Argo CD changes need beyond the sources (the webhook); route() adds the snapshot's.
    ChangeRoute action_route;
    /// PREVIEW_APPSET_WEBHOOK_SECRET: signs the ApplicationSet webhook event; never printed.
    std::string appset_webhook_secret;
    /// How Argo CD is read and acted on: through argocd_api when set, else through `argocd`
    /// (open_session asks make_argocd_source, once every endpoint is resolved).
    std::shared_ptr<const ArgocdSource> argocd_source;

    /// The sources gather_snapshot reads from.
    Sources sources() const;

    /// `intents` as this session sends them (route_changes: its sources choose each one's form,
    /// design §8), for the preview `targets` names (its Argo CD namespace is the
    /// Applications' appNamespace). `tree_apps` (the snapshot's Snapshot::sources.tree_apps; null:
    /// none read) lets a workload annotation go through the Argo CD API when no kube context
    /// reaches the workload cluster.
    RoutedChanges route(const std::vector<Intent>& intents, const PrRef& pr, const Targets& targets,
                        const Observed<std::optional<ApplicationSet>>* appset,
                        const std::map<std::string, std::string>* tree_apps = nullptr) const;
};

/// Resolves the settings, credentials and endpoints. `pr` may carry OWNER/REPO, which then names
/// the repository. Configuration problems (profile, kubeconfig, context) are returned as errors
/// before any request is sent. `every_repository` (`list --all`): no repository is needed, so
/// the git origin is not asked and a repository without a profile is not refused.
Result<std::unique_ptr<Session>> open_session(const GlobalFlags& flags, AppContext& ctx,
                                              const std::optional<PrRef>& pr, bool need_kube,
                                              bool every_repository = false);

/// What a command about one preview starts from: the session, the PR with its repository
/// resolved, and the profile's names rendered for it.
struct PreviewSession {
    std::unique_ptr<Session> session;
    PrRef pr;
    Targets targets;
};

/// Parses `pr_text` (42, #42, OWNER/REPO#42, URL), opens the session and renders the names;
/// throws Failure with the first problem, before any request is sent.
PreviewSession open_preview(const std::string& pr_text, const GlobalFlags& flags, AppContext& ctx);

/// The value, or throws Failure with the error (commands unwind to main with it).
template <class T>
T value_or_throw(Result<T> result) {
    if (!result.ok()) {
        throw Failure{result.error()};
    }
    return std::move(result.value());
}

/// Sends the changes one after the other (see send_changes); with --verbose first prints each
/// as the equivalent command (kubectl, gh, argocd, curl). At the first failed step it throws
/// Failure with that step's error, whose hint names the step, the steps done and those not
/// attempted.
void apply_changes(const Session& session, const std::vector<Change>& changes, AppContext& ctx);

/// Finds and parses the profile: --config, PREVIEW_CONFIG, .preview.yaml at the git top level,
/// $XDG_CONFIG_HOME/preview/config.yaml; built-in defaults when none exists.
Result<Profile> load_profile(const GlobalFlags& flags, const AppContext& ctx, bool& from_file);

}  // namespace preview
