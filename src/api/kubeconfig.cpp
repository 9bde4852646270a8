#include "preview/api/kubeconfig.hpp"

#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "preview/api/json_parse.hpp"
#include "preview/core/base64.hpp"
#include "preview/core/lexical_path.hpp"

namespace preview {
namespace {

/// Unwinds from deep inside the parser to parse_kubeconfig, which returns it as a value.
struct ParseError {
    Error error;
};

std::string line_of(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) {
        return {};
    }
    return fmt::format(" (line {})", mark.line + 1);
}

/// Resolves a plain YAML scalar the way YAML 1.1 / sigs.k8s.io/yaml does before JSON conversion.
nlohmann::json scalar_to_json(const YAML::Node& node) {
    const std::string& text = node.Scalar();
    if (node.Tag() == "!") {  // quoted: always a string
        return text;
    }
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
        return nullptr;
    }
    if (text == "true" || text == "True" || text == "TRUE") {
        return true;
    }
    if (text == "false" || text == "False" || text == "FALSE") {
        return false;
    }
    nlohmann::json number = parse_json(text);
    if (number.is_number()) {
        return number;
    }
    return text;
}

nlohmann::json yaml_to_json(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Scalar:
            return scalar_to_json(node);
        case YAML::NodeType::Sequence: {
            nlohmann::json array = nlohmann::json::array();
            for (const auto& item : node) {
                array.push_back(yaml_to_json(item));
            }
            return array;
        }
        case YAML::NodeType::Map: {
            nlohmann::json object = nlohmann::json::object();
            for (const auto& item : node) {
                object[item.first.Scalar()] = yaml_to_json(item.second);
            }
            return object;
        }
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined:
            break;
    }
    return nullptr;
}

/// Reads one kubeconfig document; every error names the file, the entry and the field.
class Parser {
  public:
    explicit Parser(std::string origin) : origin_(std::move(origin)) {}

    Kubeconfig parse(const YAML::Node& root) {
        Kubeconfig config;
        config.files.push_back(origin_);
        if (!root || root.IsNull()) {
            return config;  // an empty file is an empty config (client-go)
        }
        if (!root.IsMap()) {
            fail(fmt::format("{}: not a kubeconfig: the document is not a mapping{}", origin_,
                             line_of(root)));
        }
        config.current_context = string_field(root, "current-context", "");
        for_each_named(
            root, "clusters", "cluster",
            [&](const std::string& label, const std::string& name, const YAML::Node& body) {
                add_unique(config.clusters, name, parse_cluster(label, name, body), label);
            });
        for_each_named(
            root, "users", "user",
            [&](const std::string& label, const std::string& name, const YAML::Node& body) {
                add_unique(config.users, name, parse_user(label, name, body), label);
            });
        for_each_named(
            root, "contexts", "context",
            [&](const std::string& label, const std::string& name, const YAML::Node& body) {
                add_unique(config.contexts, name, parse_context(name, body, label), label);
            });
        return config;
    }

  private:
    [[noreturn]] void fail(std::string message) const {
        throw ParseError{Error{ErrorKind::config, std::move(message)}};
    }

    template <class Map, class Entry>
    void add_unique(Map& map, const std::string& name, Entry entry, const std::string& label) {
        if (!map.emplace(name, std::move(entry)).second) {
            // client-go refuses a file that defines a name twice.
            fail(fmt::format("{}: {}: the name is defined more than once in this file", origin_,
                             label));
        }
    }

    /// Calls `fn(label, name, body)` for each `{name: ..., <body_key>: {...}}` item of a list.
    template <class Fn>
    void for_each_named(const YAML::Node& root, const char* list_key, const char* body_key,
                        Fn&& fn) {
        const YAML::Node list = root[list_key];
        if (!list || list.IsNull()) {
            return;
        }
        if (!list.IsSequence()) {
            fail(fmt::format("{}: {} must be a list{}", origin_, list_key, line_of(list)));
        }
        std::size_t index = 0;
        for (const auto& item : list) {
            const std::string at = fmt::format("{}[{}]", list_key, index++);
            if (!item.IsMap()) {
                fail(fmt::format("{}: {} must be a mapping with name and {}{}", origin_, at,
                                 body_key, line_of(item)));
            }
            const std::string name = string_field(item, "name", at);
            if (name.empty()) {
                continue;  // nothing can refer to it; kubectl ignores it too
            }
            const std::string label = fmt::format("{} \"{}\"", at, name);
            const YAML::Node body = item[body_key];
            if (body && !body.IsNull() && !body.IsMap()) {
                fail(fmt::format("{}: {}: {} must be a mapping{}", origin_, label, body_key,
                                 line_of(body)));
            }
            fn(label, name, body ? body : YAML::Node(YAML::NodeType::Null));
        }
    }

    std::string string_field(const YAML::Node& map, const char* key, const std::string& label) {
        if (!map.IsMap()) {
            return {};
        }
        const YAML::Node node = map[key];
        if (!node || node.IsNull()) {
            return {};
        }
        if (!node.IsScalar()) {
            fail(fmt::format("{}: {}{}{} must be a string{}", origin_, label,
                             label.empty() ? "" : ": ", key, line_of(node)));
        }
        return node.Scalar();
    }

    bool bool_field(const YAML::Node& map, const char* key, const std::string& label) {
        if (!map.IsMap()) {
            return false;
        }
        const YAML::Node node = map[key];
        if (!node || node.IsNull()) {
            return false;
        }
        bool value = false;
        if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
            fail(fmt::format("{}: {}: {} must be true or false{}", origin_, label, key,
                             line_of(node)));
        }
        return value;
    }

    std::string data_field(const YAML::Node& map, const char* key, const std::string& label) {
        const std::string text = string_field(map, key, label);
        if (text.empty()) {
            return {};
        }
        auto decoded = base64_decode(text);
        if (!decoded) {
            fail(fmt::format("{}: {}: {} is not valid base64{}", origin_, label, key,
                             line_of(map[key])));
        }
        return std::move(*decoded);
    }

    std::string path_field(const YAML::Node& map, const char* key, const std::string& label) {
        return resolve_against(string_field(map, key, label), origin_);
    }

    std::vector<std::string> string_list(const YAML::Node& map, const char* key,
                                         const std::string& label) {
        std::vector<std::string> out;
        if (!map.IsMap()) {
            return out;
        }
        const YAML::Node node = map[key];
        if (!node || node.IsNull()) {
            return out;
        }
        if (!node.IsSequence()) {
            fail(fmt::format("{}: {}: {} must be a list of strings{}", origin_, label, key,
                             line_of(node)));
        }
        for (const auto& item : node) {
            if (!item.IsScalar()) {
                fail(fmt::format("{}: {}: {} must be a list of strings{}", origin_, label, key,
                                 line_of(item)));
            }
            out.push_back(item.Scalar());
        }
        return out;
    }

    KubeCluster parse_cluster(const std::string& label, const std::string& name,
                              const YAML::Node& body) {
        KubeCluster c;
        c.name = name;
        c.origin = origin_;
        c.server = string_field(body, "server", label);
        c.ca_file = path_field(body, "certificate-authority", label);
        c.ca_pem = data_field(body, "certificate-authority-data", label);
        c.insecure_skip_tls_verify = bool_field(body, "insecure-skip-tls-verify", label);
        c.tls_server_name = string_field(body, "tls-server-name", label);
        c.proxy_url = string_field(body, "proxy-url", label);
        c.disable_compression = bool_field(body, "disable-compression", label);
        const YAML::Node extensions = body.IsMap() ? body["extensions"] : YAML::Node();
        if (extensions && extensions.IsSequence()) {
            for (const auto& ext : extensions) {
                if (ext.IsMap() && ext["name"] && ext["name"].IsScalar() &&
                    ext["name"].Scalar() == "client.authentication.k8s.io/exec" &&
                    ext["extension"]) {
                    // yaml-cpp passes bytes that are not UTF-8 through, and a strict dump()
                    // would throw: such bytes become U+FFFD, as Go's encoding/json writes them.
                    c.exec_extension_json =
                        yaml_to_json(ext["extension"])
                            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
                }
            }
        }
        return c;
    }

    KubeUser parse_user(const std::string& label, const std::string& name, const YAML::Node& body) {
        KubeUser u;
        u.name = name;
        u.origin = origin_;
        u.token = string_field(body, "token", label);
        u.token_file = path_field(body, "tokenFile", label);
        u.client_cert_file = path_field(body, "client-certificate", label);
        u.client_cert_pem = data_field(body, "client-certificate-data", label);
        u.client_key_file = path_field(body, "client-key", label);
        u.client_key_pem = data_field(body, "client-key-data", label);
        u.username = string_field(body, "username", label);
        u.password = string_field(body, "password", label);
        u.impersonate = string_field(body, "as", label);
        u.impersonate_uid = string_field(body, "as-uid", label);
        u.impersonate_groups = string_list(body, "as-groups", label);
        if (body.IsMap()) {
            const YAML::Node extra = body["as-user-extra"];
            if (extra && extra.IsMap()) {
                for (const auto& item : extra) {
                    u.impersonate_extra[item.first.Scalar()] =
                        string_list(extra, item.first.Scalar().c_str(), label + ": as-user-extra");
                }
            } else if (extra && !extra.IsNull()) {
                fail(fmt::format("{}: {}: as-user-extra must be a mapping{}", origin_, label,
                                 line_of(extra)));
            }
            if (const YAML::Node exec = body["exec"]; exec && !exec.IsNull()) {
                u.exec = parse_exec(label, exec);
            }
            if (const YAML::Node provider = body["auth-provider"]; provider && !provider.IsNull()) {
                u.auth_provider = parse_auth_provider(label, provider);
            }
        }
        return u;
    }

    ExecConfig parse_exec(const std::string& user_label, const YAML::Node& node) {
        if (!node.IsMap()) {
            fail(fmt::format("{}: {}: exec must be a mapping{}", origin_, user_label,
                             line_of(node)));
        }
        const std::string label = user_label + ": exec";
        ExecConfig e;
        e.api_version = string_field(node, "apiVersion", label);
        e.command = string_field(node, "command", label);
        if (e.command.find('/') != std::string::npos) {
            e.command = resolve_against(e.command, origin_);
        }
        e.args = string_list(node, "args", label);
        if (const YAML::Node env = node["env"]; env && !env.IsNull()) {
            if (!env.IsSequence()) {
                fail(fmt::format("{}: {}: env must be a list of name/value pairs{}", origin_, label,
                                 line_of(env)));
            }
            std::size_t index = 0;
            for (const auto& item : env) {
                const std::string at = fmt::format("{}: env[{}]", label, index++);
                if (!item.IsMap()) {
                    fail(fmt::format("{}: {} must be a mapping with name and value{}", origin_, at,
                                     line_of(item)));
                }
                e.env.emplace_back(string_field(item, "name", at), string_field(item, "value", at));
            }
        }
        e.interactive_mode = string_field(node, "interactiveMode", label);
        if (e.interactive_mode.empty() && e.api_version == "client.authentication.k8s.io/v1beta1") {
            e.interactive_mode = "IfAvailable";
        }
        e.install_hint = string_field(node, "installHint", label);
        e.provide_cluster_info = bool_field(node, "provideClusterInfo", label);
        return e;
    }

    AuthProviderConfig parse_auth_provider(const std::string& user_label, const YAML::Node& node) {
        const std::string label = user_label + ": auth-provider";
        if (!node.IsMap()) {
            fail(fmt::format("{}: {} must be a mapping{}", origin_, label, line_of(node)));
        }
        AuthProviderConfig p;
        p.name = string_field(node, "name", label);
        if (const YAML::Node config = node["config"]; config && config.IsMap()) {
            for (const auto& item : config) {
                if (item.second.IsScalar()) {
                    p.config[item.first.Scalar()] = item.second.Scalar();
                }
            }
        }
        return p;
    }

    KubeContext parse_context(const std::string& name, const YAML::Node& body,
                              const std::string& label) {
        KubeContext c;
        c.name = name;
        c.origin = origin_;
        c.cluster = string_field(body, "cluster", label);
        c.user = string_field(body, "user", label);
        c.namespace_name = string_field(body, "namespace", label);
        return c;
    }

    std::string origin_;
};

}  // namespace

Result<Kubeconfig> parse_kubeconfig(const std::string& yaml_text, const std::string& origin) {
    YAML::Node root;
    try {
        root = YAML::Load(yaml_text);
    } catch (const YAML::Exception& e) {
        if (e.mark.is_null()) {
            return Error{ErrorKind::config, fmt::format("{}: malformed YAML: {}", origin, e.msg)};
        }
        return Error{ErrorKind::config,
                     fmt::format("{}: malformed YAML at line {}, column {}: {}", origin,
                                 e.mark.line + 1, e.mark.column + 1, e.msg)};
    }
    try {
        return Parser(origin).parse(root);
    } catch (const ParseError& e) {
        return e.error;
    } catch (const YAML::Exception& e) {
        // A shape the checks above did not anticipate.
        return Error{
            ErrorKind::config,
            fmt::format("{}: unexpected kubeconfig content{}: {}", origin,
                        e.mark.is_null() ? "" : fmt::format(" at line {}", e.mark.line + 1),
                        e.msg)};
    }
}

Kubeconfig merge_kubeconfigs(const std::vector<Kubeconfig>& files) {
    Kubeconfig merged;
    for (const auto& file : files) {
        merged.files.insert(merged.files.end(), file.files.begin(), file.files.end());
        if (merged.current_context.empty()) {
            merged.current_context = file.current_context;
        }
        // map::insert keeps the existing entry: the first file to define a name wins it whole.
        merged.contexts.insert(file.contexts.begin(), file.contexts.end());
        merged.clusters.insert(file.clusters.begin(), file.clusters.end());
        merged.users.insert(file.users.begin(), file.users.end());
        merged.in_cluster = merged.in_cluster || file.in_cluster;
    }
    return merged;
}

}  // namespace preview
