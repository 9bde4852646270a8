#pragma once

#include <string>
#include <string_view>

#include "preview/core/result.hpp"

namespace preview {

/// One context of the argocd CLI's config file (~/.config/argocd/config): its server entry and
/// its user's token. Pure data; the token is a secret and is never printed.
struct ArgocdCliContext {
    std::string name;
    std::string server;     ///< host[:port], as `argocd login` wrote it
    std::string root_path;  ///< servers[].grpc-web-root-path
    bool insecure = false;
    bool plain_text = false;
    bool core = false;  ///< --core mode: the CLI talks to Kubernetes, there is no API server
    std::string auth_token;
    bool has_refresh_token = false;  ///< `argocd login --sso` stored one
};

/// Parses the argocd CLI config text and picks the context for `host` (normalised host[:port],
/// see normalized_argocd_host): the current context when its server is that host, else the
/// first context whose server is. With an empty `host`, the current context. `source` names the
/// file in messages. Errors (ErrorKind::config) say what is wrong without quoting any token; a
/// file that has no context for the host is ErrorKind::auth ("run `argocd login HOST`").
Result<ArgocdCliContext> parse_argocd_cli_config(std::string_view text, std::string_view source,
                                                 std::string_view host);

}  // namespace preview
