#include "preview/api/argocd_cli_config.hpp"

#include <optional>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "preview/core/argocd_server.hpp"

namespace preview {
namespace {

// Unwinds from inside the reader to parse_argocd_cli_config, which returns it as a value.
struct Bad {
    std::string message;
    std::optional<Error> error;  ///< set when the problem is not the file's shape
};

std::string text_of(const YAML::Node& map, const char* key) {
    const YAML::Node value = map[key];
    if (!value || value.IsNull()) {
        return {};
    }
    if (!value.IsScalar()) {
        throw Bad{fmt::format("\"{}\" must be a string", key), std::nullopt};
    }
    return value.Scalar();
}

bool flag_of(const YAML::Node& map, const char* key) {
    const std::string text = text_of(map, key);
    return text == "true" || text == "True" || text == "TRUE";
}

std::vector<YAML::Node> entries(const YAML::Node& root, const char* key) {
    const YAML::Node list = root[key];
    if (!list || list.IsNull()) {
        return {};
    }
    if (!list.IsSequence()) {
        throw Bad{fmt::format("\"{}\" must be a list", key), std::nullopt};
    }
    std::vector<YAML::Node> out;
    for (const auto& item : list) {
        if (!item.IsMap()) {
            throw Bad{fmt::format("every \"{}\" entry must be a mapping", key), std::nullopt};
        }
        out.push_back(item);
    }
    return out;
}

ArgocdCliContext pick(const YAML::Node& root, std::string_view source, std::string_view host) {
    const std::string current = text_of(root, "current-context");
    const auto contexts = entries(root, "contexts");
    const auto servers = entries(root, "servers");
    const auto users = entries(root, "users");

    auto context_server = [](const YAML::Node& c, bool plain) {
        return normalized_argocd_host(text_of(c, "server"), plain);
    };
    auto server_entry = [&servers](const std::string& name) -> const YAML::Node* {
        for (const auto& s : servers) {
            if (text_of(s, "server") == name) {
                return &s;
            }
        }
        return nullptr;
    };
    const YAML::Node* chosen = nullptr;
    for (const auto& c : contexts) {
        const YAML::Node* s = server_entry(text_of(c, "server"));
        const bool plain = s != nullptr && flag_of(*s, "plain-text");
        const bool matches = host.empty() || context_server(c, plain) == host;
        if (matches && text_of(c, "name") == current) {
            chosen = &c;
            break;
        }
        if (matches && chosen == nullptr && !host.empty()) {
            chosen = &c;
        }
    }
    if (chosen == nullptr) {
        throw Bad{
            {},
            Error(ErrorKind::auth,
                  host.empty()
                      ? fmt::format("{} has no current context", source)
                      : fmt::format("{} has no context for the Argo CD server {}", source, host),
                  host.empty()
                      ? "run `argocd login SERVER`"
                      : fmt::format("run `argocd login {}`, or set ARGOCD_AUTH_TOKEN", host))};
    }
    ArgocdCliContext out;
    out.name = text_of(*chosen, "name");
    out.server = text_of(*chosen, "server");
    if (const YAML::Node* s = server_entry(out.server)) {
        out.root_path = text_of(*s, "grpc-web-root-path");
        out.insecure = flag_of(*s, "insecure");
        out.plain_text = flag_of(*s, "plain-text");
        out.core = flag_of(*s, "core");
    }
    const std::string user = text_of(*chosen, "user");
    for (const auto& u : users) {
        if (text_of(u, "name") == user) {
            out.auth_token = text_of(u, "auth-token");
            out.has_refresh_token = !text_of(u, "refresh-token").empty();
            break;
        }
    }
    return out;
}

}  // namespace

Result<ArgocdCliContext> parse_argocd_cli_config(std::string_view text, std::string_view source,
                                                 std::string_view host) {
    try {
        const YAML::Node root = YAML::Load(std::string(text));
        if (!root.IsMap()) {
            throw Bad{"it is not a mapping", std::nullopt};
        }
        return pick(root, source, host);
    } catch (const Bad& bad) {
        if (bad.error) {
            return *bad.error;
        }
        return Error(ErrorKind::config,
                     fmt::format("cannot read the argocd CLI config {}: {}", source, bad.message),
                     "run `argocd login SERVER` to rewrite it");
    } catch (const YAML::Exception& e) {
        // The parser's message quotes no content, only the position.
        return Error(ErrorKind::config,
                     fmt::format("cannot read the argocd CLI config {}: not YAML (line {})", source,
                                 e.mark.line + 1),
                     "run `argocd login SERVER` to rewrite it");
    }
}

}  // namespace preview
