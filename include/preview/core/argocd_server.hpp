#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "preview/core/profile.hpp"
#include "preview/core/result.hpp"
#include "preview/core/settings.hpp"

namespace preview {

/// The Argo CD API server a command reads Argo CD through (design §8), as the argocd CLI
/// reaches it: `{plainText ? http : https}://{server}[/{rootPath}]`.
struct ArgocdServer {
    std::string base_url;  ///< scheme://host[:port][/root], no trailing slash
    std::string host;      ///< host[:port] as written (lower-case), to find its argocd CLI context
    std::string source;    ///< where the server was named, for messages
    bool insecure = false;
    bool plain_text = false;
    /// Only the profile names it: it gets no ARGOCD_AUTH_TOKEN, only the argocd CLI config's
    /// token for this host (as a GitHub host only a profile names gets no GH_TOKEN).
    bool named_by_profile = false;
};

/// The server named by `--argocd-server` (flag), else ARGOCD_SERVER, else the profile's
/// argocd.server; nullopt when none names one (Argo CD is then read through Kubernetes). The
/// value is the argocd CLI's host[:port], or an https:// URL; an http:// URL needs
/// argocd.plainText, since the token would travel in the clear. rootPath, insecure and
/// plainText come from the profile, insecure and plainText only for a server the profile names
/// (a repository's profile must not weaken the user's own server); a flag or environment value
/// may say http:// itself. An unusable value is an ErrorKind::config error naming its source.
Result<std::optional<ArgocdServer>> argocd_server_from(std::string_view flag, const EnvMap& env,
                                                       const Profile& profile);

/// The ArgocdServer for `server` (host[:port] or URL) with the given root path and modes.
Result<ArgocdServer> make_argocd_server(std::string_view server, std::string_view root_path,
                                        bool insecure, bool plain_text, std::string source);

/// host[:port] of an argocd CLI config `server` entry, normalised for comparison: lower-case,
/// without a scheme, a trailing slash or the scheme's default port.
std::string normalized_argocd_host(std::string_view server, bool plain_text);

}  // namespace preview
