#pragma once

#include <memory>
#include <optional>
#include <string>

#include "preview/cli/context.hpp"
#include "preview/core/mutation.hpp"
#include "preview/core/pr_ref.hpp"
#include "preview/core/settings.hpp"
#include "preview/gather/gather.hpp"
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
    std::unique_ptr<HttpClient> http;
    std::unique_ptr<GithubClient> github;
    Result<KubeEndpoint> workload = Error(ErrorKind::config, "no cluster");
    Result<KubeEndpoint> argocd = Error(ErrorKind::config, "no cluster");

    /// The sources gather_snapshot reads from.
    Sources sources() const;
};

/// Resolves the settings, credentials and endpoints. `pr` may carry OWNER/REPO, which then names
/// the repository. Configuration problems (profile, kubeconfig, context) are returned as errors
/// before any request is sent.
Result<std::unique_ptr<Session>> open_session(const GlobalFlags& flags, AppContext& ctx,
                                              const std::optional<PrRef>& pr, bool need_kube);

/// Sends the changes (see apply_mutations); with --verbose first prints each as the equivalent
/// kubectl/gh command. Throws Failure with the first error.
void apply_changes(const Session& session, const PrRef& pr, const std::vector<Mutation>& changes,
                   AppContext& ctx);

/// Finds and parses the profile: --config, PREVIEW_CONFIG, .preview.yaml at the git top level,
/// $XDG_CONFIG_HOME/preview/config.yaml; built-in defaults when none exists.
Result<Profile> load_profile(const GlobalFlags& flags, const AppContext& ctx, bool& from_file);

}  // namespace preview
