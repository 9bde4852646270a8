#include "preview/io/process.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <string_view>

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX declares it nowhere

namespace preview {
namespace {

using Clock = std::chrono::steady_clock;

class FileDescriptor {
  public:
    FileDescriptor() = default;
    explicit FileDescriptor(int fd) : fd_(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    FileDescriptor(FileDescriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    FileDescriptor& operator=(FileDescriptor&& other) noexcept {
        if (this != &other) {
            reset();
            fd_ = std::exchange(other.fd_, -1);
        }
        return *this;
    }
    ~FileDescriptor() { reset(); }

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    void reset() {
        if (fd_ >= 0) {
            // Not retried on EINTR: on Linux the descriptor is released even then.
            ::close(fd_);
            fd_ = -1;
        }
    }

  private:
    int fd_ = -1;
};

struct Pipe {
    FileDescriptor read_end;
    FileDescriptor write_end;
};

Result<Pipe> make_pipe() {
    std::array<int, 2> fds{};
    if (::pipe2(fds.data(), O_CLOEXEC) != 0) {
        return Error{ErrorKind::config,
                     fmt::format("cannot create a pipe: {}", std::strerror(errno))};
    }
    return Pipe{FileDescriptor(fds[0]), FileDescriptor(fds[1])};
}

/// posix_spawn attribute and file-action objects, destroyed on every path.
struct SpawnSetup {
    posix_spawn_file_actions_t actions{};
    posix_spawnattr_t attr{};
    SpawnSetup() {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attr);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
    }
};

bool is_executable_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

std::string env_name(std::string_view entry) {
    return std::string(entry.substr(0, entry.find('=')));
}

std::vector<std::string> build_environment(const ProcessSpec& spec) {
    std::vector<std::string> entries;
    std::map<std::string, std::size_t> index;
    auto set = [&](std::string name, std::string entry) {
        if (auto it = index.find(name); it != index.end()) {
            entries[it->second] = std::move(entry);
        } else {
            index.emplace(std::move(name), entries.size());
            entries.push_back(std::move(entry));
        }
    };
    if (spec.inherit_env && environ != nullptr) {
        for (char** e = environ; *e != nullptr; ++e) {
            std::string entry(*e);
            std::string name = env_name(entry);
            if (std::find(spec.unset_env.begin(), spec.unset_env.end(), name) ==
                spec.unset_env.end()) {
                set(std::move(name), std::move(entry));
            }
        }
    }
    for (const auto& [name, value] : spec.env) {
        set(name, name + "=" + value);
    }
    return entries;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> out;
    out.reserve(strings.size() + 1);
    for (auto& s : strings) {
        out.push_back(s.data());
    }
    out.push_back(nullptr);
    return out;
}

/// waitpid without blocking; true once the child has been reaped.
bool try_reap(pid_t pid, int& status) {
    for (;;) {
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            return true;
        }
        if (r < 0 && errno == EINTR) {
            continue;
        }
        // 0: still running. ECHILD would mean someone else reaped it; treat as gone.
        return r < 0 && errno == ECHILD;
    }
}

void reap_blocking(pid_t pid, int& status) {
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

void sleep_ms(int ms) {
    ::poll(nullptr, 0, ms);
}

/// SIGTERM, a grace period, then SIGKILL; always reaps.
void terminate(pid_t pid, bool own_group, std::chrono::milliseconds grace, int& status) {
    const pid_t target = own_group ? -pid : pid;
    ::kill(target, SIGTERM);
    const auto give_up = Clock::now() + grace;
    bool reaped = false;
    while (!(reaped = try_reap(pid, status)) && Clock::now() < give_up) {
        sleep_ms(10);
    }
    if (!reaped) {
        ::kill(target, SIGKILL);
        reap_blocking(pid, status);
    }
    if (own_group) {
        // Whatever the child started and left behind in its group; the group id cannot have been
        // reused while any member is alive.
        ::kill(-pid, SIGKILL);
    }
}

struct Capture {
    FileDescriptor fd;
    std::string* text = nullptr;
    bool* truncated = nullptr;
};

/// Reads what is available; returns false at end of file.
bool drain(Capture& capture, std::size_t limit) {
    std::array<char, 65536> buffer{};
    for (;;) {
        const ssize_t n = ::read(capture.fd.get(), buffer.data(), buffer.size());
        if (n > 0) {
            const auto got = static_cast<std::size_t>(n);
            const std::size_t room =
                capture.text->size() < limit ? limit - capture.text->size() : 0;
            capture.text->append(buffer.data(), std::min(room, got));
            if (got > room) {
                *capture.truncated = true;
            }
            continue;
        }
        if (n == 0) {
            return false;
        }
        if (errno == EINTR) {
            continue;
        }
        // EAGAIN: nothing more for now; any other error ends the stream.
        return errno == EAGAIN;  // the same as EWOULDBLOCK on Linux
    }
}

std::string describe_spawn_error(const std::string& program, int err) {
    switch (err) {
        case ENOENT:
            return fmt::format("cannot run {}: no such file", program);
        case EACCES:
            return fmt::format("cannot run {}: permission denied", program);
        case ENOEXEC:
            return fmt::format("cannot run {}: not an executable format", program);
        default:
            return fmt::format("cannot run {}: {}", program, std::strerror(err));
    }
}

std::string format_limit(std::chrono::milliseconds ms) {
    if (ms.count() % 1000 == 0) {
        return fmt::format("{}s", ms.count() / 1000);
    }
    return fmt::format("{}ms", ms.count());
}

}  // namespace

std::string find_program(const std::string& name) {
    if (name.empty()) {
        return {};
    }
    if (name.find('/') != std::string::npos) {
        return is_executable_file(name) ? name : std::string{};
    }
    const char* path_env = std::getenv("PATH");
    const std::string_view path = path_env != nullptr ? path_env : "/bin:/usr/bin";
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = path.find(':', start);
        std::string dir(path.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (dir.empty()) {
            dir = ".";  // POSIX: an empty PATH entry is the current directory
        }
        std::string candidate = dir + "/" + name;
        if (is_executable_file(candidate)) {
            return candidate;
        }
        if (end == std::string_view::npos) {
            return {};
        }
        start = end + 1;
    }
}

Result<ProcessResult> run_process(const ProcessSpec& spec) {
    if (spec.argv.empty() || spec.argv.front().empty()) {
        return Error{ErrorKind::config, "cannot run a program with an empty name"};
    }
    const std::string& program = spec.argv.front();
    const std::string path = find_program(program);
    if (path.empty()) {
        if (program.find('/') == std::string::npos) {
            return Error{ErrorKind::config,
                         fmt::format("cannot run {}: not found in PATH", program)};
        }
        struct stat st {};
        if (::stat(program.c_str(), &st) != 0) {
            return Error{ErrorKind::config, fmt::format("cannot run {}: no such file", program)};
        }
        return Error{ErrorKind::config,
                     fmt::format("cannot run {}: not an executable file", program)};
    }

    auto out_pipe = make_pipe();
    if (!out_pipe) {
        return out_pipe.error();
    }
    Pipe err_pipe;
    if (spec.stderr_mode == StderrMode::capture) {
        auto p = make_pipe();
        if (!p) {
            return p.error();
        }
        err_pipe = std::move(p.value());
    }

    const bool own_group = spec.stdin_mode != StdinMode::inherit;
    SpawnSetup setup;
    if (spec.stdin_mode == StdinMode::null) {
        posix_spawn_file_actions_addopen(&setup.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    }
    posix_spawn_file_actions_adddup2(&setup.actions, out_pipe->write_end.get(), STDOUT_FILENO);
    if (err_pipe.write_end.valid()) {
        posix_spawn_file_actions_adddup2(&setup.actions, err_pipe.write_end.get(), STDERR_FILENO);
    }
    if (!spec.working_directory.empty()) {
        posix_spawn_file_actions_addchdir_np(&setup.actions, spec.working_directory.c_str());
    }
    // The child starts with default signal handling and nothing blocked, whatever we changed
    // (libcurl users ignore SIGPIPE, for one).
    sigset_t all;
    sigset_t none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&setup.attr, &all);
    posix_spawnattr_setsigmask(&setup.attr, &none);
    short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
    if (own_group) {
        flags = static_cast<short>(flags | POSIX_SPAWN_SETPGROUP);
        posix_spawnattr_setpgroup(&setup.attr, 0);
    }
    posix_spawnattr_setflags(&setup.attr, flags);

    std::vector<std::string> argv_strings = spec.argv;
    std::vector<std::string> env_strings = build_environment(spec);
    std::vector<char*> argv = c_strings(argv_strings);
    std::vector<char*> envp = c_strings(env_strings);

    pid_t pid = -1;
    const int rc =
        ::posix_spawn(&pid, path.c_str(), &setup.actions, &setup.attr, argv.data(), envp.data());
    out_pipe->write_end.reset();
    err_pipe.write_end.reset();
    if (rc != 0) {
        struct stat st {};
        if (!spec.working_directory.empty() && ::stat(spec.working_directory.c_str(), &st) != 0) {
            return Error{ErrorKind::config, fmt::format("cannot run {} in {}: no such directory",
                                                        program, spec.working_directory)};
        }
        return Error{ErrorKind::config, describe_spawn_error(program, rc)};
    }

    ProcessResult result;
    std::vector<Capture> captures;
    captures.push_back(
        Capture{std::move(out_pipe->read_end), &result.stdout_text, &result.stdout_truncated});
    if (err_pipe.read_end.valid()) {
        captures.push_back(
            Capture{std::move(err_pipe.read_end), &result.stderr_text, &result.stderr_truncated});
    }
    for (auto& c : captures) {
        ::fcntl(c.fd.get(), F_SETFL, ::fcntl(c.fd.get(), F_GETFL) | O_NONBLOCK);
    }

    const bool limited = spec.timeout.count() > 0;
    const auto deadline = Clock::now() + spec.timeout;
    std::optional<Clock::time_point> drain_until;  // set once the child is reaped
    int status = 0;
    bool reaped = false;

    auto open_captures = [&] {
        std::size_t n = 0;
        for (const auto& c : captures) {
            n += c.fd.valid() ? 1u : 0u;
        }
        return n;
    };

    while (!reaped || open_captures() > 0) {
        if (spec.interrupted != nullptr && spec.interrupted->load()) {
            if (!reaped) {
                terminate(pid, own_group, spec.kill_grace, status);
            }
            return Error{ErrorKind::interrupted, fmt::format("{} was interrupted", program)};
        }
        const auto now = Clock::now();
        if (!reaped && limited && now >= deadline) {
            terminate(pid, own_group, spec.kill_grace, status);
            return Error{ErrorKind::timeout,
                         fmt::format("{} did not finish within {} and was stopped", program,
                                     format_limit(spec.timeout))};
        }
        if (reaped && drain_until && now >= *drain_until) {
            break;  // something the child started still holds the pipe; we have what it wrote
        }

        auto wait = std::chrono::milliseconds(open_captures() > 0 ? 100 : 10);
        const auto horizon = reaped && drain_until ? *drain_until : deadline;
        if (limited || reaped) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(horizon - now) +
                              std::chrono::milliseconds(1);
            wait = std::max(std::chrono::milliseconds(0), std::min(wait, left));
        }

        if (open_captures() > 0) {
            std::vector<pollfd> fds;
            std::vector<Capture*> owners;
            for (auto& c : captures) {
                if (c.fd.valid()) {
                    fds.push_back(pollfd{c.fd.get(), POLLIN, 0});
                    owners.push_back(&c);
                }
            }
            const int n = ::poll(fds.data(), fds.size(), static_cast<int>(wait.count()));
            if (n < 0 && errno != EINTR) {
                break;
            }
            for (std::size_t i = 0; n > 0 && i < fds.size(); ++i) {
                if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) != 0) {
                    if (!drain(*owners[i], spec.max_output_bytes)) {
                        owners[i]->fd.reset();
                    }
                }
            }
        } else {
            sleep_ms(static_cast<int>(wait.count()));
        }

        if (!reaped && try_reap(pid, status)) {
            reaped = true;
            const auto now_reaped = Clock::now();
            const auto after = now_reaped + spec.kill_grace;
            drain_until = limited ? std::min(after, std::max(deadline, now_reaped)) : after;
        }
    }

    if (WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.signal = WTERMSIG(status);
    }
    return result;
}

}  // namespace preview
