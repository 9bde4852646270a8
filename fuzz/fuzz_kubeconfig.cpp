// Kubeconfig YAML (include/preview/api/kubeconfig.hpp): parse_kubeconfig, the text-level entry
// (load_kubeconfig only adds file reading and merging around it).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include <nlohmann/json.hpp>

#include "preview/api/kubeconfig.hpp"

using namespace preview;

namespace {

const std::string kOrigin = "/fuzz/home/.kube/config";

// Relative paths resolve against the file's directory, so every path field is absolute.
void check_path(const std::string& path, std::string_view field) {
    fuzz::check(path.empty() || path.front() == '/', "parse_kubeconfig",
                std::string(field) + " is not absolute: " + path);
}

template <class Map>
void check_names(const Map& entries) {
    for (const auto& [name, entry] : entries) {
        fuzz::check(!name.empty() && name == entry.name && entry.origin == kOrigin,
                    "parse_kubeconfig", "an entry under the wrong name or origin: " + name);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(fuzz::as_text(data, size));
    const auto config = parse_kubeconfig(text, kOrigin);
    if (!config) {
        fuzz::check(config.error().kind == ErrorKind::config, "parse_kubeconfig",
                    "an error that is not a config error");
        fuzz::check(config.error().message.starts_with(kOrigin), "parse_kubeconfig",
                    "the message does not name the file: " + config.error().message);
        return 0;
    }
    fuzz::check(config->files.size() == 1 && config->files.front() == kOrigin, "parse_kubeconfig",
                "files is not the one file read");
    check_names(config->contexts);
    check_names(config->clusters);
    check_names(config->users);
    for (const auto& [name, cluster] : config->clusters) {
        check_path(cluster.ca_file, "certificate-authority");
        if (!cluster.exec_extension_json.empty()) {
            fuzz::check(
                !nlohmann::json::parse(cluster.exec_extension_json, nullptr, false).is_discarded(),
                "parse_kubeconfig", "the exec extension is not JSON");
        }
    }
    for (const auto& [name, user] : config->users) {
        check_path(user.token_file, "tokenFile");
        check_path(user.client_cert_file, "client-certificate");
        check_path(user.client_key_file, "client-key");
        if (user.exec && user.exec->command.find('/') != std::string::npos) {
            check_path(user.exec->command, "exec.command");
        }
    }
    return 0;
}
