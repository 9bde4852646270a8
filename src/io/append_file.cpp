#include "preview/io/append_file.hpp"

#include <cerrno>
#include <cstring>
#include <random>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

namespace preview {

Status append_to_file(const std::string& path, std::string_view text) {
    if (path.empty()) {
        return Error(ErrorKind::config, "no file to append to (the path is empty)");
    }
    // O_APPEND: every write lands at the end, whatever other writers did meanwhile.
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        return Error(ErrorKind::config,
                     fmt::format("cannot append to {}: {}", path, std::strerror(errno)));
    }
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            const int saved = errno;
            ::close(fd);
            return Error(ErrorKind::config,
                         fmt::format("cannot append to {}: {}", path, std::strerror(saved)));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) {
        return Error(ErrorKind::config,
                     fmt::format("cannot append to {}: {}", path, std::strerror(errno)));
    }
    return ok_status();
}

std::string random_hex(std::size_t bytes) {
    std::random_device device;
    std::string out;
    for (std::size_t i = 0; i < bytes; ++i) {
        out += fmt::format("{:02x}", device() & 0xffU);
    }
    return out;
}

}  // namespace preview
