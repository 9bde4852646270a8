#pragma once

// The kubeconfig file format: its entries as written, and the pure parser and merge (no files are
// read here; see preview/io/kubeconfig.hpp for loading).

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "preview/core/result.hpp"

namespace preview {

/// exec credential plugin settings (client.authentication.k8s.io v1 / v1beta1), as written.
/// Checked by resolve_endpoint for the selected user only (kubectl does the same).
struct ExecConfig {
    std::string api_version;
    std::string command;  ///< absolute if it contained a '/', resolved against its file
    std::vector<std::string> args;
    std::vector<std::pair<std::string, std::string>> env;
    std::string interactive_mode;  ///< Never, IfAvailable, Always; v1beta1 defaults to IfAvailable
    std::string install_hint;
    bool provide_cluster_info = false;
};

/// The legacy `auth-provider` stanza (only `oidc` still has meaning; see resolve_endpoint).
struct AuthProviderConfig {
    std::string name;
    std::map<std::string, std::string> config;
};

struct KubeCluster {
    std::string name;
    std::string origin;  ///< file that defined it
    std::string server;
    /// certificate-authority-data decoded. Files are read by resolve_endpoint, not at load time,
    /// so that a broken entry nobody uses does not break loading (as kubectl).
    std::string ca_pem;
    std::string ca_file;  ///< certificate-authority path (already resolved)
    bool insecure_skip_tls_verify = false;
    std::string tls_server_name;
    std::string proxy_url;
    bool disable_compression = false;
    /// extensions[name=client.authentication.k8s.io/exec].extension as JSON text (empty when
    /// absent); handed to exec plugins as spec.cluster.config.
    std::string exec_extension_json;
};

struct KubeUser {
    std::string name;
    std::string origin;
    std::string token;
    std::string token_file;        ///< already resolved
    std::string client_cert_pem;   ///< client-certificate-data decoded
    std::string client_key_pem;    ///< client-key-data decoded; a secret
    std::string client_cert_file;  ///< client-certificate path (already resolved)
    std::string client_key_file;   ///< client-key path (already resolved)
    std::string username;
    std::string password;
    std::optional<ExecConfig> exec;
    std::optional<AuthProviderConfig> auth_provider;
    std::string impersonate;                                            ///< `as`
    std::string impersonate_uid;                                        ///< `as-uid`
    std::vector<std::string> impersonate_groups;                        ///< `as-groups`
    std::map<std::string, std::vector<std::string>> impersonate_extra;  ///< `as-user-extra`
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
    /// True when synthesized from the pod's service account (context, cluster and user are all
    /// named "in-cluster"; origin names the service-account directory).
    bool in_cluster = false;
};

/// Parses one kubeconfig document; errors name `origin`, the entry and the field (and the line
/// for malformed YAML). Relative paths are resolved against the directory of `origin`; `*-data`
/// fields are base64-decoded. Named files are not read here (see resolve_endpoint).
Result<Kubeconfig> parse_kubeconfig(const std::string& yaml_text, const std::string& origin);

/// Merges files in order (first definition wins).
Kubeconfig merge_kubeconfigs(const std::vector<Kubeconfig>& files);

}  // namespace preview
