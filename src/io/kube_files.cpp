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

std::string file_list(const std::vector<std::string>& files) {
    std::string out;
    for (const auto& f : files) {
        out += (out.empty() ? "" : ", ") + f;
    }
    return out.empty() ? "the kubeconfig" : out;
}

}  // namespace preview::kube_internal
