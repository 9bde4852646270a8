#include "preview/io/argocd_endpoint.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "preview/api/argocd_cli_config.hpp"
#include "preview/io/bounded_file.hpp"

namespace preview {
namespace fs = std::filesystem;

HttpRequest ArgocdEndpoint::request(std::string method, const std::string& path_and_query) const {
    HttpRequest r;
    r.method = std::move(method);
    r.url = server.base_url + path_and_query;
    r.headers.emplace_back("Accept", "application/json");
    if (r.method != "GET") {
        r.headers.emplace_back("Content-Type", "application/json");
    }
    r.bearer_token = token;
    r.tls = tls;
    r.timeout = timeout;
    return r;
}

std::string argocd_cli_config_path(const EnvMap& env) {
    if (auto dir = env_or_empty(env, "ARGOCD_CONFIG_DIR"); !dir.empty()) {
        return (fs::path(dir) / "config").string();
    }
    const std::string home = env_or_empty(env, "HOME");
    std::error_code ec;
    if (!home.empty() && fs::is_directory(fs::path(home) / ".argocd", ec)) {
        return (fs::path(home) / ".argocd" / "config").string();
    }
    if (auto xdg = env_or_empty(env, "XDG_CONFIG_HOME"); !xdg.empty()) {
        return (fs::path(xdg) / "argocd" / "config").string();
    }
    if (!home.empty()) {
        return (fs::path(home) / ".config" / "argocd" / "config").string();
    }
    return {};
}

namespace {

// The argocd CLI refuses a config file others can read: so do we, before reading the token.
Result<std::string> read_private_file(const std::string& path) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (!ec && fs::is_regular_file(st)) {
        const auto others = fs::perms::group_all | fs::perms::others_all;
        if ((st.permissions() & others) != fs::perms::none) {
            return Error(ErrorKind::config,
                         fmt::format("refusing the argocd CLI config {}: its mode is {:04o}, and "
                                     "a file holding a token must be readable by its owner only",
                                     path, static_cast<unsigned>(st.permissions()) & 0777u),
                         fmt::format("chmod 600 {}", path));
        }
    }
    auto text = read_bounded_file(path, kMaxCredentialFileBytes);
    if (!text.ok()) {
        return Error(
            ErrorKind::config,
            fmt::format("cannot read the argocd CLI config {}: {}", path, text.error().message),
            "set ARGOCD_AUTH_TOKEN, or run `argocd login SERVER`");
    }
    return text;
}

ArgocdEndpoint endpoint_for(ArgocdServer server, const TlsOptions& public_tls,
                            std::chrono::milliseconds timeout) {
    ArgocdEndpoint ep;
    ep.server = std::move(server);
    ep.tls.ca_file = public_tls.ca_file;
    ep.tls.ca_dir = public_tls.ca_dir;
    ep.tls.insecure_skip_verify = ep.server.insecure;
    ep.timeout = timeout;
    return ep;
}

void take_token(ArgocdEndpoint& ep, const ArgocdCliContext& context, const std::string& path) {
    ep.token = context.auth_token;
    ep.token_source = fmt::format("the argocd CLI config {} (context {})", path, context.name);
}

// The argocd CLI config's text, or nullopt when there is no such file.
Result<std::optional<std::string>> cli_config_text(const std::string& path) {
    std::error_code ec;
    if (path.empty() || !fs::exists(path, ec)) {
        return std::optional<std::string>();
    }
    auto text = read_private_file(path);
    if (!text.ok()) {
        return text.error();
    }
    return std::optional<std::string>(std::move(text.value()));
}

}  // namespace

Result<ArgocdEndpoint> resolve_argocd_endpoint(const ArgocdServer& server, const EnvMap& env,
                                               const TlsOptions& public_tls,
                                               std::chrono::milliseconds timeout) {
    ArgocdEndpoint ep = endpoint_for(server, public_tls, timeout);
    auto token = env_or_empty(env, "ARGOCD_AUTH_TOKEN");
    if (!token.empty() && !server.named_by_profile) {
        ep.token = token;
        ep.token_source = "ARGOCD_AUTH_TOKEN";
        return ep;
    }
    const std::string path = argocd_cli_config_path(env);
    auto text = cli_config_text(path);
    if (!text.ok()) {
        return text.error();
    }
    if (!text->has_value()) {
        ep.token_source = token.empty() ? "none (no ARGOCD_AUTH_TOKEN, no argocd CLI config)"
                                        : "none (ARGOCD_AUTH_TOKEN goes only to a server the "
                                          "flag or ARGOCD_SERVER names; no argocd CLI config)";
        return ep;
    }
    auto context = parse_argocd_cli_config(**text, path, server.host);
    if (!context.ok()) {
        return context.error();
    }
    take_token(ep, *context, path);
    return ep;
}

Result<std::optional<ArgocdEndpoint>> argocd_endpoint_from_cli_config(
    const EnvMap& env, const TlsOptions& public_tls, std::chrono::milliseconds timeout) {
    const std::string path = argocd_cli_config_path(env);
    auto text = cli_config_text(path);
    if (!text.ok()) {
        return text.error();
    }
    // No file, no current context, or a --core one: there is nothing to fall back to.
    if (!text->has_value()) {
        return std::optional<ArgocdEndpoint>();
    }
    auto context = parse_argocd_cli_config(**text, path, "");
    if (!context.ok() || context->core || context->server.empty()) {
        return std::optional<ArgocdEndpoint>();
    }
    auto server = make_argocd_server(
        context->server, context->root_path, context->insecure, context->plain_text,
        fmt::format("the argocd CLI config {} (current context {})", path, context->name));
    if (!server.ok()) {
        return server.error();
    }
    ArgocdEndpoint ep = endpoint_for(std::move(server.value()), public_tls, timeout);
    take_token(ep, *context, path);
    return std::optional<ArgocdEndpoint>(std::move(ep));
}

}  // namespace preview
