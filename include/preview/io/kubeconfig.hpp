#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "preview/api/kubeconfig.hpp"
#include "preview/core/result.hpp"
#include "preview/io/deadline.hpp"
#include "preview/io/http.hpp"

namespace preview {

/// The default service-account directory mounted into pods.
inline constexpr const char* kServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

/// Where to load from: an explicit --kubeconfig file (only that file), else the KUBECONFIG list,
/// else $HOME/.kube/config; when none exists, the in-cluster service account (if its environment
/// is present).
struct KubeconfigSource {
    std::string explicit_path;   ///< --kubeconfig
    std::string env_kubeconfig;  ///< $KUBECONFIG
    std::string home;            ///< $HOME
    std::string service_host;    ///< $KUBERNETES_SERVICE_HOST
    std::string service_port;    ///< $KUBERNETES_SERVICE_PORT
    std::string pod_namespace;   ///< $POD_NAMESPACE
    std::string service_account_dir = kServiceAccountDir;
};

/// Fills a source from the process environment. $PREVIEW_SERVICEACCOUNT_DIR replaces the
/// service-account directory: for tests only, never documented to users.
KubeconfigSource kubeconfig_source_from_environment(std::string explicit_path);

/// Loads according to `source`. ErrorKind::config for unreadable/malformed files (message names the
/// file), and when there is no kubeconfig and no in-cluster environment. A kubeconfig that exists
/// but defines nothing also falls back to the service account when one is available (as kubectl).
Result<Kubeconfig> load_kubeconfig(const KubeconfigSource& source);

/// Supplies credentials for requests to one cluster, running exec plugins as needed.
/// Implementations are safe to call from several threads.
class KubeAuth {
  public:
    virtual ~KubeAuth() = default;
    /// Sets bearer token / basic auth / client certificate on the request. May run the exec plugin
    /// (cached until its expirationTimestamp) or re-read the token file.
    virtual Status authorize(HttpRequest& request) = 0;
    /// Called after a 401: forget cached exec credentials. Returns true if a retry may help.
    virtual bool invalidate() = 0;
    /// What kind of credentials these are, for humans: "token", "token file /path",
    /// "basic auth", "client certificate", "exec plugin aws", "oidc id-token", "none".
    virtual std::string describe() const { return {}; }
};

/// Seams for KubeAuth, defaulted to the real thing.
struct KubeAuthOptions {
    std::function<std::chrono::system_clock::time_point()> now;  ///< default: system clock
    std::function<bool()> stdin_is_terminal;                     ///< default: isatty(0)
    /// Limit for a non-interactive exec plugin run (interactive runs wait for the user, but not
    /// past the command's deadline); the plugin and its process group are killed after it.
    std::chrono::milliseconds exec_timeout{std::chrono::seconds(30)};
    /// The command's deadline, when it has one.
    std::shared_ptr<const CommandDeadline> deadline;
    /// How long a token read from tokenFile is reused before the file is read again (client-go).
    std::chrono::seconds token_file_refresh{60};
    /// Set by the SIGINT handler: a running exec plugin is stopped (ErrorKind::interrupted).
    const std::atomic<bool>* interrupted = nullptr;
};

/// The credentials of `user` for `cluster`, with kubectl's precedence: token (else tokenFile),
/// basic and client certificate from the stanza; the exec plugin only when the stanza yields none
/// of those. `user` must already have its files read (client_cert_pem/key_pem filled) and be
/// validated, as resolve_endpoint does; `cluster.ca_pem` is what exec plugins are given.
std::shared_ptr<KubeAuth> make_kube_auth(const KubeUser& user, const KubeCluster& cluster,
                                         KubeAuthOptions options = {});

/// Everything needed to talk to one cluster.
struct KubeEndpoint {
    std::string context;  ///< the context name used
    std::string server;   ///< base URL without trailing slash
    TlsOptions tls;       ///< CA, server name, insecure flag, and the stanza's client certificate
    /// Explicit proxy (proxy-url) in libcurl's terms (socks5 becomes socks5h: the proxy resolves
    /// names, as in client-go); empty = the standard proxy environment variables.
    std::string proxy;
    std::string default_namespace;
    /// Sent with every request: Impersonate-* headers, Accept-Encoding: identity when
    /// disable-compression is set.
    std::vector<Header> headers;
    std::shared_ptr<KubeAuth> auth;
    /// Per-attempt limit of every request to this server (the caller's --request-timeout).
    std::chrono::milliseconds timeout{30000};
    /// Prepares a request to `path` (starting with '/'): URL, TLS, proxy, credentials, timeout.
    Result<HttpRequest> request(std::string method, const std::string& path) const;
};

/// Resolves a context (empty = current-context) to an endpoint. Errors name the file, the context
/// and the missing/invalid field (e.g. `context "x" not found in /root/.kube/config`).
/// Reads the certificate, key and token files of the selected context. Credentials are attached
/// only when the server is https (as client-go). Prints the insecure-skip-tls-verify warning via
/// `warn`.
Result<KubeEndpoint> resolve_endpoint(const Kubeconfig& config, const std::string& context,
                                      const std::function<void(const std::string&)>& warn);

/// As above, with seams for the credentials (tests, or a caller that needs other limits).
Result<KubeEndpoint> resolve_endpoint(const Kubeconfig& config, const std::string& context,
                                      const std::function<void(const std::string&)>& warn,
                                      KubeAuthOptions auth_options);

}  // namespace preview
