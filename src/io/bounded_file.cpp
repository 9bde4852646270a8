#include "preview/io/bounded_file.hpp"

#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace preview {
namespace {

std::string reason(int err) {
    std::string text = std::strerror(err);
    if (!text.empty()) {
        text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    }
    return text;
}

const char* file_type(mode_t mode) {
    if (S_ISFIFO(mode)) {
        return "a FIFO";
    }
    if (S_ISCHR(mode) || S_ISBLK(mode)) {
        return "a device";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    return "not a plain file";
}

std::string size_text(std::size_t bytes) {
    return bytes % (1u << 20u) == 0 ? fmt::format("{} MiB", bytes >> 20u)
                                    : fmt::format("{} bytes", bytes);
}

class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    int get() const { return fd_; }

  private:
    int fd_;
};

}  // namespace

Result<std::string> read_bounded_file(const std::string& path, std::size_t max_bytes) {
    int raw = -1;
    do {
        // O_NONBLOCK: opening a FIFO without a writer must not block; a regular file ignores it.
        raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    } while (raw < 0 && errno == EINTR);
    if (raw < 0) {
        return Error{ErrorKind::config, reason(errno)};
    }
    const Fd fd(raw);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        return Error{ErrorKind::config, reason(errno)};
    }
    if (S_ISDIR(st.st_mode)) {
        return Error{ErrorKind::config, "is a directory"};
    }
    if (!S_ISREG(st.st_mode)) {
        return Error{ErrorKind::config,
                     fmt::format("not a regular file ({})", file_type(st.st_mode))};
    }
    if (static_cast<std::size_t>(st.st_size) > max_bytes) {
        return Error{ErrorKind::config, "larger than " + size_text(max_bytes)};
    }
    std::string text;
    std::array<char, 16384> buffer{};
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
        if (n > 0) {
            text.append(buffer.data(), static_cast<std::size_t>(n));
            if (text.size() > max_bytes) {  // it grew while we read
                return Error{ErrorKind::config, "larger than " + size_text(max_bytes)};
            }
        } else if (n == 0) {
            break;
        } else if (errno != EINTR) {
            return Error{ErrorKind::config, reason(errno)};
        }
    }
    return text;
}

}  // namespace preview
