#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "io/kube_internal.hpp"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace preview::kube_internal {
namespace {

std::string reason(int err) {
    std::string text = std::strerror(err);
    if (!text.empty()) {
        text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    }
    return text;
}

}  // namespace

Result<std::string> read_file(const std::string& path) {
    int fd = -1;
    do {
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        return Error{ErrorKind::config, reason(errno)};
    }
    std::string text;
    std::array<char, 16384> buffer{};
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n > 0) {
            text.append(buffer.data(), static_cast<std::size_t>(n));
        } else if (n == 0) {
            break;
        } else if (errno != EINTR) {
            const int err = errno;
            ::close(fd);
            return Error{ErrorKind::config, reason(err)};
        }
    }
    ::close(fd);
    return text;
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
