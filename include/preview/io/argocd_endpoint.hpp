#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "preview/core/argocd_server.hpp"
#include "preview/core/result.hpp"
#include "preview/core/settings.hpp"
#include "preview/io/http.hpp"

namespace preview {

/// The Argo CD API server with its credentials: what the Argo CD API source sends requests to.
struct ArgocdEndpoint {
    ArgocdServer server;
    std::string token;         ///< bearer token; a secret, never printed or logged
    std::string token_source;  ///< "ARGOCD_AUTH_TOKEN", "the argocd CLI config FILE (context X)"
    TlsOptions tls;
    std::chrono::milliseconds timeout{30000};

    /// A request to `path_and_query` (starting with "/api/") on this server only: the token
    /// goes nowhere else. Non-GET requests carry Content-Type: application/json, as the server
    /// requires (415 otherwise).
    HttpRequest request(std::string method, const std::string& path_and_query) const;
};

/// The argocd CLI's config file as the CLI finds it: $ARGOCD_CONFIG_DIR/config, else
/// ~/.argocd/config when ~/.argocd exists (legacy), else $XDG_CONFIG_HOME/argocd/config, else
/// ~/.config/argocd/config. Empty when none of these can be named.
std::string argocd_cli_config_path(const EnvMap& env);

/// Resolves the token for `server`: ARGOCD_AUTH_TOKEN, else the argocd CLI config file's context
/// for that server. The file must be a regular file of at most 1 MiB that only its owner can
/// read (mode 0600 or 0400, as the argocd CLI demands): anything else is an ErrorKind::config
/// error that names the file and its mode. No token at all is not an error here (the server may
/// allow anonymous access; its 401 then says how to log in). `public_tls` supplies the CA trust
/// (SSL_CERT_FILE / SSL_CERT_DIR).
Result<ArgocdEndpoint> resolve_argocd_endpoint(const ArgocdServer& server, const EnvMap& env,
                                               const TlsOptions& public_tls,
                                               std::chrono::milliseconds timeout);

/// The argocd CLI's current context as the Argo CD API source (design §8: used when no kube
/// context resolves for the Argo CD cluster and no server is named): its server, root path,
/// insecure and plain-text modes and token, as `argocd login` stored them (the user's own file,
/// so its modes are trusted). nullopt when there is no config file, no current context or the
/// context is --core (the CLI then talks to Kubernetes itself). The file rules are as above.
Result<std::optional<ArgocdEndpoint>> argocd_endpoint_from_cli_config(
    const EnvMap& env, const TlsOptions& public_tls, std::chrono::milliseconds timeout);

}  // namespace preview
