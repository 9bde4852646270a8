#include "preview/core/argocd_server.hpp"

#include <cctype>

#include <fmt/format.h>

#include "preview/core/ascii.hpp"

namespace preview {
namespace {

std::string trim_slashes(std::string_view text) {
    while (!text.empty() && text.front() == '/') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == '/') {
        text.remove_suffix(1);
    }
    return std::string(text);
}

// host[:port]: letters, digits, '.', '-', one ':port', or a bracketed IPv6 literal. Anything
// else (user information, a path, a query) would let the value steer where the token goes.
bool valid_host(std::string_view host) {
    if (host.empty()) {
        return false;
    }
    std::size_t colons = 0;
    for (char c : host) {
        const bool ok = (std::isalnum(static_cast<unsigned char>(c)) != 0) || c == '.' ||
                        c == '-' || c == ':' || c == '[' || c == ']';
        if (!ok) {
            return false;
        }
        colons += c == ':' ? 1 : 0;
    }
    return host.front() == '[' || colons <= 1;
}

// A root path is path segments of URL-safe characters.
bool valid_root_path(std::string_view path) {
    for (char c : path) {
        const bool ok = (std::isalnum(static_cast<unsigned char>(c)) != 0) || c == '/' ||
                        c == '-' || c == '_' || c == '.' || c == '~';
        if (!ok) {
            return false;
        }
    }
    return path.find("..") == std::string_view::npos;
}

}  // namespace

std::string normalized_argocd_host(std::string_view server, bool plain_text) {
    std::string host = ascii_lower(server);
    if (host.starts_with("https://")) {
        host.erase(0, 8);
    } else if (host.starts_with("http://")) {
        host.erase(0, 7);
        plain_text = true;
    }
    host = host.substr(0, host.find('/'));
    const std::string default_port = plain_text ? ":80" : ":443";
    if (host.ends_with(default_port)) {
        host.resize(host.size() - default_port.size());
    }
    return host;
}

Result<ArgocdServer> make_argocd_server(std::string_view server, std::string_view root_path,
                                        bool insecure, bool plain_text, std::string source) {
    const std::string given = ascii_lower(server);
    std::string_view rest = given;
    bool scheme_http = false;
    if (rest.starts_with("https://")) {
        rest.remove_prefix(8);
    } else if (rest.starts_with("http://")) {
        rest.remove_prefix(7);
        scheme_http = true;
    } else if (rest.find("://") != std::string_view::npos) {
        return Error(ErrorKind::config,
                     fmt::format("the Argo CD server \"{}\" (from {}) is not host[:port] or an "
                                 "https:// URL",
                                 server, source));
    }
    if (scheme_http && !plain_text) {
        // The token would cross the network in the clear: only when the user says so.
        return Error(ErrorKind::config,
                     fmt::format("the Argo CD server \"{}\" (from {}) uses http://: preview sends "
                                 "the Argo CD token only over TLS",
                                 server, source),
                     "use its https:// address, or set argocd.plainText: true in the profile if "
                     "the server really serves plain HTTP");
    }
    std::string_view host = rest.substr(0, rest.find('/'));
    std::string path_in_url = trim_slashes(rest.substr(host.size()));
    if (!valid_host(host)) {
        return Error(ErrorKind::config,
                     fmt::format("the Argo CD server \"{}\" (from {}) is not a valid host[:port]",
                                 server, source),
                     "give it as the argocd CLI takes it: argocd.example.com or "
                     "https://argocd.example.com");
    }
    std::string root = trim_slashes(root_path);
    if (root.empty()) {
        root = path_in_url;
    } else if (!path_in_url.empty() && path_in_url != root) {
        return Error(ErrorKind::config,
                     fmt::format("the Argo CD server \"{}\" (from {}) has the path \"/{}\" but "
                                 "argocd.rootPath says \"/{}\"",
                                 server, source, path_in_url, root));
    }
    if (!valid_root_path(root)) {
        return Error(ErrorKind::config,
                     fmt::format("the Argo CD root path \"{}\" is not a plain URL path", root));
    }
    ArgocdServer out;
    out.plain_text = plain_text || scheme_http;
    out.insecure = insecure;
    out.host = normalized_argocd_host(host, out.plain_text);
    out.base_url = fmt::format("{}://{}{}", out.plain_text ? "http" : "https", host,
                               root.empty() ? std::string() : "/" + root);
    out.source = std::move(source);
    return out;
}

Result<std::optional<ArgocdServer>> argocd_server_from(std::string_view flag, const EnvMap& env,
                                                       const Profile& profile) {
    std::string server;
    std::string source;
    if (!flag.empty()) {
        server = std::string(flag);
        source = "--argocd-server";
    } else if (auto value = env_or_empty(env, "ARGOCD_SERVER"); !value.empty()) {
        server = value;
        source = "ARGOCD_SERVER";
    } else if (!profile.argocd_server.empty()) {
        server = profile.argocd_server;
        source = fmt::format("argocd.server in {}", profile.source);
    } else {
        return std::optional<ArgocdServer>();
    }
    // Design §7: a profile may come from a repository checkout, so it can weaken the transport
    // only of a server it names itself; an http:// the user typed in the flag or the
    // environment is the user's own choice.
    const bool named_by_profile = flag.empty() && env_or_empty(env, "ARGOCD_SERVER").empty();
    const bool plain_text = named_by_profile ? profile.argocd_plain_text
                                             : std::string_view(server).starts_with("http://");
    auto made = make_argocd_server(server, profile.argocd_root_path,
                                   named_by_profile && profile.argocd_insecure, plain_text,
                                   std::move(source));
    if (!made.ok()) {
        return made.error();
    }
    made->named_by_profile = named_by_profile;
    return std::optional<ArgocdServer>(std::move(made.value()));
}

}  // namespace preview
