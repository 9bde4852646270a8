#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "preview/core/result.hpp"
#include "preview/io/http.hpp"

namespace preview {

/// exec credential plugin settings (client.authentication.k8s.io v1 / v1beta1).
struct ExecConfig {
    std::string api_version;
    std::string command;  ///< absolute if it contained a '/', resolved against its file
    std::vector<std::string> args;
    std::vector<std::pair<std::string, std::string>> env;
    std::string interactive_mode;  ///< Never, IfAvailable, Always
    std::string install_hint;
    bool provide_cluster_info = false;
};

struct KubeCluster {
    std::string name;
    std::string origin;  ///< file that defined it
    std::string server;
    std::string ca_pem;   ///< certificate-authority-data decoded, or the file's contents
    std::string ca_file;  ///< certificate-authority path (already resolved), for messages
    bool insecure_skip_tls_verify = false;
    std::string tls_server_name;
    std::string proxy_url;
};

struct KubeUser {
    std::string name;
    std::string origin;
    std::string token;
    std::string token_file;
    std::string client_cert_pem;
    std::string client_key_pem;
    std::string username;
    std::string password;
    std::optional<ExecConfig> exec;
};

struct KubeContext {
    std::string name;
    std::string origin;
    std::string cluster;
    std::string user;
    std::string namespace_name;
};

/// The merged kubeconfig, with kubectl's rules: first file to define a name wins the whole entry,
/// first non-empty current-context wins, relative paths resolve against the defining file.
struct Kubeconfig {
    std::vector<std::string> files;  ///< files actually read, in order
    std::string current_context;
    std::map<std::string, KubeContext> contexts;
    std::map<std::string, KubeCluster> clusters;
    std::map<std::string, KubeUser> users;
};

/// Where to load from: an explicit --kubeconfig file (only that file), else the KUBECONFIG list,
/// else $HOME/.kube/config; when none exists, the in-cluster service account (if its environment
/// is present).
struct KubeconfigSource {
    std::string explicit_path;    ///< --kubeconfig
    std::string env_kubeconfig;   ///< $KUBECONFIG
    std::string home;             ///< $HOME
};

/// Parses one kubeconfig document; errors name `origin` and the field. Relative paths are resolved
/// against the directory of `origin`; certificate files are read.
Result<Kubeconfig> parse_kubeconfig(const std::string& yaml_text, const std::string& origin);

/// Merges files in order (first definition wins).
Kubeconfig merge_kubeconfigs(const std::vector<Kubeconfig>& files);

/// Loads according to `source`. ErrorKind::config for unreadable/malformed files (message names the
/// file), and when there is no kubeconfig and no in-cluster environment.
Result<Kubeconfig> load_kubeconfig(const KubeconfigSource& source);

/// Supplies credentials for requests to one cluster, running exec plugins as needed.
class KubeAuth {
public:
    virtual ~KubeAuth() = default;
    /// Sets bearer token / basic auth / client certificate on the request. May run the exec plugin
    /// (cached until its expirationTimestamp) or re-read the token file.
    virtual Status authorize(HttpRequest& request) = 0;
    /// Called after a 401: forget cached exec credentials. Returns true if a retry may help.
    virtual bool invalidate() = 0;
};

/// Everything needed to talk to one cluster.
struct KubeEndpoint {
    std::string context;  ///< the context name used
    std::string server;   ///< base URL without trailing slash
    TlsOptions tls;
    std::string proxy;
    std::string default_namespace;
    std::shared_ptr<KubeAuth> auth;
    /// Prepares a request to `path` (starting with '/'): URL, TLS, proxy, credentials.
    Result<HttpRequest> request(std::string method, const std::string& path) const;
};

/// Resolves a context (empty = current-context) to an endpoint. Errors name the file, the context
/// and the missing/invalid field (e.g. `context "x" not found in /root/.kube/config`).
/// Prints the insecure-skip-tls-verify warning via `warn`.
Result<KubeEndpoint> resolve_endpoint(const Kubeconfig& config, const std::string& context,
                                      const std::function<void(const std::string&)>& warn);

}  // namespace preview
