#include "preview/io/kubeconfig.hpp"

#include <cstdlib>
#include <set>
#include <string_view>

#include "io/kube_internal.hpp"
#include <fmt/format.h>

namespace preview {
namespace {

namespace ki = kube_internal;

bool is_empty(const Kubeconfig& config) {
    return config.current_context.empty() && config.contexts.empty() && config.clusters.empty() &&
           config.users.empty();
}

std::string join_host_port(const std::string& host, const std::string& port) {
    if (host.find(':') != std::string::npos && host.front() != '[') {
        return fmt::format("[{}]:{}", host, port);
    }
    return fmt::format("{}:{}", host, port);
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

/// Why the service account cannot be used, or empty when it can (client-go's Possible()).
std::string in_cluster_unavailable(const KubeconfigSource& source) {
    if (source.service_host.empty() || source.service_port.empty()) {
        return "KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set";
    }
    const std::string token = source.service_account_dir + "/token";
    if (!ki::path_exists(token)) {
        return fmt::format("the service account token {} does not exist", token);
    }
    return {};
}

Kubeconfig in_cluster_config(const KubeconfigSource& source) {
    const std::string& dir = source.service_account_dir;
    Kubeconfig config;
    config.in_cluster = true;
    config.current_context = "in-cluster";

    KubeCluster cluster;
    cluster.name = "in-cluster";
    cluster.origin = dir;
    cluster.server = "https://" + join_host_port(source.service_host, source.service_port);
    // client-go logs a missing CA and carries on with the system roots.
    if (ki::path_exists(dir + "/ca.crt")) {
        cluster.ca_file = dir + "/ca.crt";
    }
    config.clusters.emplace(cluster.name, cluster);

    KubeUser user;
    user.name = "in-cluster";
    user.origin = dir;
    user.token_file = dir + "/token";
    config.users.emplace(user.name, user);

    KubeContext context;
    context.name = "in-cluster";
    context.origin = dir;
    context.cluster = "in-cluster";
    context.user = "in-cluster";
    context.namespace_name = source.pod_namespace;
    if (context.namespace_name.empty()) {
        if (auto ns = ki::read_file(dir + "/namespace")) {
            context.namespace_name = trim(*ns);
        }
    }
    config.contexts.emplace(context.name, context);
    return config;
}

Result<Kubeconfig> load_file(const std::string& path) {
    auto text = ki::read_file(path, kMaxKubeconfigBytes);
    if (!text) {
        return Error{ErrorKind::config,
                     fmt::format("cannot read kubeconfig {}: {}", path, text.error().message)};
    }
    return parse_kubeconfig(*text, path);
}

std::vector<std::string> split_list(const std::string& list) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = list.find(':', start);
        std::string item = list.substr(start, end == std::string::npos ? end : end - start);
        if (!item.empty() && seen.insert(item).second) {
            out.push_back(std::move(item));
        }
        if (end == std::string::npos) {
            return out;
        }
        start = end + 1;
    }
}

const char* env_or_empty(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

}  // namespace

KubeconfigSource kubeconfig_source_from_environment(std::string explicit_path) {
    KubeconfigSource source;
    source.explicit_path = std::move(explicit_path);
    source.env_kubeconfig = env_or_empty("KUBECONFIG");
    source.home = env_or_empty("HOME");
    source.service_host = env_or_empty("KUBERNETES_SERVICE_HOST");
    source.service_port = env_or_empty("KUBERNETES_SERVICE_PORT");
    source.pod_namespace = env_or_empty("POD_NAMESPACE");
    if (const char* dir = std::getenv("PREVIEW_SERVICEACCOUNT_DIR");
        dir != nullptr && *dir != '\0') {
        source.service_account_dir = dir;
    }
    return source;
}

Result<Kubeconfig> load_kubeconfig(const KubeconfigSource& source) {
    std::vector<Kubeconfig> loaded;
    std::string looked_at;  // for the "nothing found" message
    if (!source.explicit_path.empty()) {
        if (!ki::path_exists(source.explicit_path)) {
            return Error{ErrorKind::config, fmt::format("kubeconfig {} (given with --kubeconfig) "
                                                        "does not exist",
                                                        source.explicit_path)};
        }
        auto config = load_file(source.explicit_path);
        if (!config) {
            return config.error();
        }
        loaded.push_back(std::move(*config));
    } else if (!source.env_kubeconfig.empty()) {
        const auto paths = split_list(source.env_kubeconfig);
        for (const auto& path : paths) {
            if (!ki::path_exists(path)) {
                continue;  // kubectl skips missing KUBECONFIG entries silently
            }
            auto config = load_file(path);
            if (!config) {
                return config.error();
            }
            loaded.push_back(std::move(*config));
        }
        looked_at = paths.empty() ? "KUBECONFIG names no files"
                                  : fmt::format("none of the KUBECONFIG files exist ({})",
                                                ki::file_list(paths));
    } else if (!source.home.empty()) {
        const std::string path = source.home + "/.kube/config";
        if (ki::path_exists(path)) {
            auto config = load_file(path);
            if (!config) {
                return config.error();
            }
            loaded.push_back(std::move(*config));
        }
        looked_at = fmt::format("{} does not exist", path);
    } else {
        looked_at = "HOME and KUBECONFIG are not set";
    }

    Kubeconfig merged = merge_kubeconfigs(loaded);
    if (!is_empty(merged)) {
        return merged;
    }
    const std::string unavailable = in_cluster_unavailable(source);
    if (unavailable.empty()) {
        return in_cluster_config(source);
    }
    if (!loaded.empty()) {
        return merged;  // files exist but are empty: resolve_endpoint names them
    }
    return Error{ErrorKind::config,
                 fmt::format("no kubeconfig found: {}, and not running in a cluster ({})",
                             looked_at, unavailable),
                 "pass --kubeconfig FILE, set KUBECONFIG, or create ~/.kube/config"};
}

}  // namespace preview
