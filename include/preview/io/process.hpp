#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "preview/core/result.hpp"

namespace preview {

/// What the child's standard input is.
enum class StdinMode {
    null,     ///< /dev/null
    inherit,  ///< our stdin (interactive programs: prompts, password entry)
};

/// Where the child's standard error goes.
enum class StderrMode {
    inherit,  ///< passed through to our stderr as it is written
    capture,  ///< collected into ProcessResult::stderr_text
};

/// One program to run. Never goes through a shell: argv is passed to the program as given.
struct ProcessSpec {
    /// argv[0] is the program: a bare name is looked up in our PATH, anything with a '/' is used
    /// as a path. Must not be empty.
    std::vector<std::string> argv;
    /// Variables set on top of the parent environment (replacing same-named ones), or the whole
    /// environment when inherit_env is false.
    std::vector<std::pair<std::string, std::string>> env;
    bool inherit_env = true;
    /// Inherited variables the child must not see (env above may still set them explicitly).
    std::vector<std::string> unset_env;
    StdinMode stdin_mode = StdinMode::null;
    StderrMode stderr_mode = StderrMode::inherit;
    /// Working directory of the child; empty = ours.
    std::string working_directory;
    /// After this the child gets SIGTERM, then SIGKILL after kill_grace. Zero = no limit.
    std::chrono::milliseconds timeout{60000};
    std::chrono::milliseconds kill_grace{2000};
    /// Captured output beyond this is read and discarded (the *_truncated flags are set).
    std::size_t max_output_bytes = std::size_t{1} << 20u;
    /// When set (by a signal handler), the child is terminated and ErrorKind::interrupted returned.
    const std::atomic<bool>* interrupted = nullptr;
};

/// How a program ended and what it wrote.
struct ProcessResult {
    int exit_code = -1;  ///< exit status when it exited normally, else -1
    int signal = 0;      ///< the signal that terminated it, else 0
    std::string stdout_text;
    std::string stderr_text;  ///< only with StderrMode::capture
    bool stdout_truncated = false;
    bool stderr_truncated = false;

    /// Exited normally with status 0.
    bool success() const { return signal == 0 && exit_code == 0; }
};

/// Runs a program to completion and reports how it ended; a non-zero exit is a successful result.
/// Errors: ErrorKind::config "cannot run X: not found in PATH" (or not executable, or the spawn
/// failed), ErrorKind::timeout after the limit (the child has been killed and reaped),
/// ErrorKind::interrupted when `interrupted` was raised. The child never inherits our other
/// descriptors, and is always reaped. When stdin is not inherited the child gets its own process
/// group, so a timeout also kills what it started.
Result<ProcessResult> run_process(const ProcessSpec& spec);

/// The full path `name` resolves to through $PATH (or `name` itself when it contains a '/' and
/// is an executable file); empty when not found.
std::string find_program(const std::string& name);

}  // namespace preview
