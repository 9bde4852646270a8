#include <cctype>
#include <string_view>

#include "io/kube_internal.hpp"
#include <fmt/format.h>

#include "preview/core/ascii.hpp"
#include "preview/core/suggest.hpp"
#include "preview/io/kubeconfig.hpp"

namespace preview {
namespace {

namespace ki = kube_internal;

Error config_error(std::string message, std::string hint = {}) {
    return Error{ErrorKind::config, std::move(message), std::move(hint)};
}

/// RFC 1123 label: what Kubernetes accepts as a namespace name.
bool is_dns_label(std::string_view name) {
    if (name.empty() || name.size() > 63) {
        return false;
    }
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    for (char c : name) {
        if (!alnum(c) && c != '-') {
            return false;
        }
    }
    return alnum(name.front()) && alnum(name.back());
}

struct ServerUrl {
    std::string scheme;  ///< lower case
    std::string base;    ///< scheme://host[:port][/prefix], no trailing slash
};

/// client-go's DefaultServerURL: a server without a scheme gets https when any TLS setting is
/// present, else http; the path is kept, query and fragment dropped.
std::optional<ServerUrl> parse_server(const std::string& server, bool default_tls) {
    std::string text = server;
    if (const auto cut = text.find_first_of("?#"); cut != std::string::npos) {
        text.erase(cut);
    }
    auto sep = text.find("://");
    if (sep == std::string::npos) {
        text = (default_tls ? "https://" : "http://") + text;
        sep = text.find("://");
    }
    ServerUrl url;
    url.scheme = ascii_lower(text.substr(0, sep));
    if (url.scheme != "http" && url.scheme != "https") {
        return std::nullopt;
    }
    std::string rest = text.substr(sep + 3);
    const auto slash = rest.find('/');
    const std::string authority = rest.substr(0, slash);
    if (authority.empty() || authority.find_first_of(" \t") != std::string::npos) {
        return std::nullopt;
    }
    while (!rest.empty() && rest.back() == '/') {
        rest.pop_back();
    }
    url.base = url.scheme + "://" + rest;
    return url;
}

/// The proxy for libcurl, or an error message naming the problem.
Result<std::string> proxy_for_curl(const std::string& proxy_url) {
    const auto sep = proxy_url.find("://");
    const std::string scheme =
        sep == std::string::npos ? "" : ascii_lower(proxy_url.substr(0, sep));
    if (scheme == "http" || scheme == "https") {
        return proxy_url;
    }
    if (scheme == "socks5") {
        // Go's SOCKS5 dialer sends host names to the proxy; libcurl calls that socks5h.
        return "socks5h" + proxy_url.substr(sep);
    }
    return config_error(scheme.empty()
                            ? std::string("proxy-url has no scheme (use http, https or socks5)")
                            : fmt::format("proxy-url scheme \"{}\" is not supported (use http, "
                                          "https or socks5)",
                                          scheme));
}

Result<std::string> read_named_file(const std::string& label, const char* field,
                                    const std::string& path) {
    auto text = ki::read_file(path);
    if (!text) {
        return config_error(
            fmt::format("{}: cannot read {} {}: {}", label, field, path, text.error().message));
    }
    return text;
}

Status check_exec(const std::string& label, const ExecConfig& exec) {
    if (exec.command.empty()) {
        return config_error(fmt::format("{}: exec.command is not set", label));
    }
    if (exec.api_version.empty()) {
        return config_error(fmt::format("{}: exec.apiVersion is not set", label),
                            "use client.authentication.k8s.io/v1");
    }
    if (exec.api_version != "client.authentication.k8s.io/v1" &&
        exec.api_version != "client.authentication.k8s.io/v1beta1") {
        return config_error(
            fmt::format("{}: exec.apiVersion \"{}\" is not supported (use "
                        "client.authentication.k8s.io/v1 or v1beta1)",
                        label, exec.api_version));
    }
    if (exec.interactive_mode.empty()) {
        return config_error(fmt::format(
            "{}: exec.interactiveMode is required with {} (Never, IfAvailable or Always)", label,
            exec.api_version));
    }
    if (exec.interactive_mode != "Never" && exec.interactive_mode != "IfAvailable" &&
        exec.interactive_mode != "Always") {
        return config_error(
            fmt::format("{}: exec.interactiveMode \"{}\" is not one of Never, "
                        "IfAvailable or Always",
                        label, exec.interactive_mode));
    }
    for (std::size_t i = 0; i < exec.env.size(); ++i) {
        if (exec.env[i].first.empty()) {
            return config_error(fmt::format("{}: exec.env[{}] has no name", label, i));
        }
    }
    return ok_status();
}

/// Validates the user stanza, reads its files, and turns a legacy auth-provider into a token.
Result<KubeUser> prepare_user(const KubeUser& stanza, const std::string& label) {
    KubeUser user = stanza;
    if (!user.token.empty() && (!user.username.empty() || !user.password.empty())) {
        return config_error(
            fmt::format("{}: token and username/password are both set; only one "
                        "authentication method is allowed",
                        label));
    }
    const bool has_cert = !user.client_cert_pem.empty() || !user.client_cert_file.empty();
    const bool has_key = !user.client_key_pem.empty() || !user.client_key_file.empty();
    if (has_cert && !has_key) {
        return config_error(
            fmt::format("{}: client-certificate{} is set without client-key or "
                        "client-key-data",
                        label, user.client_cert_pem.empty() ? "" : "-data"));
    }
    if (has_cert) {
        if (user.client_cert_pem.empty()) {
            auto pem = read_named_file(label, "client-certificate", user.client_cert_file);
            if (!pem) {
                return pem.error();
            }
            user.client_cert_pem = std::move(*pem);
        }
        if (user.client_key_pem.empty()) {
            auto pem = read_named_file(label, "client-key", user.client_key_file);
            if (!pem) {
                return pem.error();
            }
            user.client_key_pem = std::move(*pem);
        }
    } else {
        // A key alone is not a credential (client-go ignores it too).
        user.client_key_pem.clear();
    }
    if (user.token.empty() && !user.token_file.empty()) {
        // Read now so a broken path is reported up front; KubeAuth re-reads it as it changes.
        auto token = read_named_file(label, "tokenFile", user.token_file);
        if (!token) {
            return token.error();
        }
    }
    if (user.exec && user.auth_provider) {
        return config_error(fmt::format("{}: exec and auth-provider cannot be combined", label));
    }
    if (user.exec) {
        if (auto st = check_exec(label, *user.exec); !st) {
            return st.error();
        }
    }
    if (user.auth_provider) {
        const std::string& name = user.auth_provider->name;
        if (name == "oidc") {
            const auto it = user.auth_provider->config.find("id-token");
            if (it == user.auth_provider->config.end() || it->second.empty()) {
                return config_error(fmt::format("{}: auth-provider oidc has no id-token", label),
                                    "log in with kubectl (e.g. kubelogin) first");
            }
            if (user.token.empty()) {
                user.token = it->second;
            }
        } else if (name == "gcp" || name == "azure") {
            return config_error(
                fmt::format(
                    "{}: auth-provider \"{}\" was removed from kubectl and is not supported", label,
                    name),
                name == "gcp" ? "switch to the exec plugin gke-gcloud-auth-plugin"
                              : "switch to the exec plugin kubelogin");
        } else {
            return config_error(
                fmt::format("{}: auth-provider \"{}\" is not supported", label, name),
                "use an exec credential plugin");
        }
    }
    if ((!user.impersonate_groups.empty() || !user.impersonate_extra.empty()) &&
        user.impersonate.empty()) {
        return config_error(fmt::format(
            "{}: as-groups or as-user-extra is set without as (the user to impersonate)", label));
    }
    return user;
}

std::vector<Header> impersonation_headers(const KubeUser& user) {
    std::vector<Header> headers;
    if (user.impersonate.empty()) {
        return headers;
    }
    headers.emplace_back("Impersonate-User", user.impersonate);
    if (!user.impersonate_uid.empty()) {
        headers.emplace_back("Impersonate-Uid", user.impersonate_uid);
    }
    for (const auto& group : user.impersonate_groups) {
        headers.emplace_back("Impersonate-Group", group);
    }
    for (const auto& [key, values] : user.impersonate_extra) {
        for (const auto& value : values) {
            headers.emplace_back("Impersonate-Extra-" + key, value);
        }
    }
    return headers;
}

}  // namespace

Result<HttpRequest> KubeEndpoint::request(std::string method, const std::string& path) const {
    if (path.empty() || path.front() != '/') {
        return Error{ErrorKind::usage,
                     fmt::format("Kubernetes API path \"{}\" must start with '/'", path)};
    }
    HttpRequest request;
    request.method = std::move(method);
    request.url = server + path;
    request.headers = headers;
    request.tls = tls;
    request.proxy = proxy;
    request.timeout = timeout;
    if (auth) {
        if (auto st = auth->authorize(request); !st) {
            return st.error();
        }
    }
    return request;
}

Result<KubeEndpoint> resolve_endpoint(const Kubeconfig& config, const std::string& context,
                                      const std::function<void(const std::string&)>& warn) {
    return resolve_endpoint(config, context, warn, KubeAuthOptions{});
}

Result<KubeEndpoint> resolve_endpoint(const Kubeconfig& config, const std::string& context,
                                      const std::function<void(const std::string&)>& warn,
                                      KubeAuthOptions auth_options) {
    const std::string files = config.in_cluster && config.files.empty()
                                  ? "the in-cluster service account configuration"
                                  : ki::file_list(config.files);
    const std::string known_contexts = ki::key_list(config.contexts, "none are defined");
    const std::string name = context.empty() ? config.current_context : context;
    if (name.empty()) {
        return config_error(
            fmt::format(
                "no context selected: current-context is not set in {} (known contexts: {})", files,
                known_contexts),
            "pass --context NAME, or run `kubectl config use-context NAME`");
    }
    const auto ctx_it = config.contexts.find(name);
    if (ctx_it == config.contexts.end()) {
        std::vector<std::string_view> names;
        for (const auto& known : config.contexts) {
            names.push_back(known.first);
        }
        const auto guess = suggest(name, names);
        return config_error(
            fmt::format("context \"{}\"{} not found in {} (known contexts: {})", name,
                        context.empty() ? " (the current-context)" : "", files, known_contexts),
            guess ? fmt::format("did you mean \"{}\"?", *guess) : std::string());
    }
    const KubeContext& ctx = ctx_it->second;
    const std::string ctx_label = fmt::format("{}: context \"{}\"", ctx.origin, ctx.name);
    if (ctx.cluster.empty()) {
        return config_error(fmt::format("{}: cluster is not set", ctx_label));
    }
    if (ctx.user.empty()) {
        return config_error(fmt::format("{}: user is not set", ctx_label));
    }
    const auto cluster_it = config.clusters.find(ctx.cluster);
    if (cluster_it == config.clusters.end()) {
        return config_error(fmt::format("{}: cluster \"{}\" not found in {} (known clusters: {})",
                                        ctx_label, ctx.cluster, files,
                                        ki::key_list(config.clusters, "none are defined")));
    }
    const auto user_it = config.users.find(ctx.user);
    if (user_it == config.users.end()) {
        return config_error(fmt::format("{}: user \"{}\" not found in {} (known users: {})",
                                        ctx_label, ctx.user, files,
                                        ki::key_list(config.users, "none are defined")));
    }
    if (!ctx.namespace_name.empty() && !is_dns_label(ctx.namespace_name)) {
        return config_error(
            fmt::format("{}: namespace \"{}\" is not a valid namespace name "
                        "(lower-case letters, digits and '-', at most 63)",
                        ctx_label, ctx.namespace_name));
    }

    KubeCluster cluster = cluster_it->second;
    const std::string cluster_label =
        fmt::format("{}: cluster \"{}\" (context \"{}\")", cluster.origin, cluster.name, ctx.name);
    if (cluster.server.empty()) {
        return config_error(fmt::format("{}: server is not set", cluster_label));
    }
    const bool has_ca = !cluster.ca_pem.empty() || !cluster.ca_file.empty();
    if (has_ca && cluster.insecure_skip_tls_verify) {
        return config_error(fmt::format(
            "{}: {} and insecure-skip-tls-verify cannot both be set", cluster_label,
            cluster.ca_pem.empty() ? "certificate-authority" : "certificate-authority-data"));
    }
    const KubeUser& stanza = user_it->second;
    const bool stanza_cert =
        (!stanza.client_cert_pem.empty() || !stanza.client_cert_file.empty()) &&
        (!stanza.client_key_pem.empty() || !stanza.client_key_file.empty());
    const auto server =
        parse_server(cluster.server, has_ca || stanza_cert || cluster.insecure_skip_tls_verify ||
                                         !cluster.tls_server_name.empty());
    if (!server) {
        return config_error(
            fmt::format("{}: server is not a valid http or https URL", cluster_label));
    }
    std::string proxy;
    if (!cluster.proxy_url.empty()) {
        auto p = proxy_for_curl(cluster.proxy_url);
        if (!p) {
            return config_error(fmt::format("{}: {}", cluster_label, p.error().message));
        }
        proxy = std::move(*p);
    }
    if (cluster.ca_pem.empty() && !cluster.ca_file.empty()) {
        auto pem = read_named_file(cluster_label, "certificate-authority", cluster.ca_file);
        if (!pem) {
            return pem.error();
        }
        cluster.ca_pem = std::move(*pem);
    }

    KubeEndpoint endpoint;
    endpoint.context = ctx.name;
    endpoint.server = server->base;
    endpoint.proxy = std::move(proxy);
    endpoint.default_namespace = ctx.namespace_name.empty() ? "default" : ctx.namespace_name;
    endpoint.tls.ca_pem = cluster.ca_pem;
    endpoint.tls.insecure_skip_verify = cluster.insecure_skip_tls_verify;
    endpoint.tls.server_name = cluster.tls_server_name;
    if (cluster.disable_compression) {
        endpoint.headers.emplace_back("Accept-Encoding", "identity");
    }
    if (cluster.insecure_skip_tls_verify && warn) {
        warn(fmt::format("TLS verification is disabled for cluster {} (insecure-skip-tls-verify)",
                         cluster.name));
    }

    const std::string user_label =
        fmt::format("{}: user \"{}\" (context \"{}\")", stanza.origin, stanza.name, ctx.name);
    auto user = prepare_user(stanza, user_label);
    if (!user) {
        return user.error();
    }
    auto impersonation = impersonation_headers(*user);
    endpoint.headers.insert(endpoint.headers.end(), impersonation.begin(), impersonation.end());

    if (server->scheme == "https") {
        endpoint.tls.client_cert_pem = user->client_cert_pem;
        endpoint.tls.client_key_pem = user->client_key_pem;
        endpoint.auth = make_kube_auth(*user, cluster, std::move(auth_options));
    } else {
        // client-go attaches credentials only over TLS.
        endpoint.auth = make_kube_auth(KubeUser{}, cluster, std::move(auth_options));
    }
    return endpoint;
}

}  // namespace preview
