#include <filesystem>

#include "io/kube_internal.hpp"
#include <sys/stat.h>

#include "preview/io/bounded_file.hpp"

namespace preview::kube_internal {

Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
    return read_bounded_file(path, max_bytes);
}

bool path_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

std::string resolve_against(const std::string& path, const std::string& base_file) {
    const std::filesystem::path p(path);
    if (path.empty() || p.is_absolute()) {
        return path;
    }
    const std::filesystem::path dir = std::filesystem::path(base_file).parent_path();
    if (dir.empty()) {
        return path;
    }
    return (dir / p).lexically_normal().string();
}

std::string file_list(const std::vector<std::string>& files) {
    std::string out;
    for (const auto& f : files) {
        out += (out.empty() ? "" : ", ") + f;
    }
    return out.empty() ? "the kubeconfig" : out;
}

}  // namespace preview::kube_internal
