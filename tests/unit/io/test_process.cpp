#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>

#include "unit/io/test_kubeconfig_support.hpp"
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "preview/io/process.hpp"

namespace preview {
namespace {

ProcessSpec spec_of(std::vector<std::string> argv) {
    ProcessSpec spec;
    spec.argv = std::move(argv);
    spec.timeout = std::chrono::seconds(10);
    return spec;
}

/// What running `spec` gave, and how long it took.
struct Timed {
    Result<ProcessResult> result;
    std::chrono::steady_clock::duration elapsed;
};

Timed run_timed(const ProcessSpec& spec) {
    const auto start = std::chrono::steady_clock::now();
    auto result = run_process(spec);
    return {std::move(result), std::chrono::steady_clock::now() - start};
}

/// No child of ours is left unreaped.
bool no_children_left() {
    return ::waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD;
}

/// Descriptors above 2 that a spawned program would inherit from us (not close-on-exec).
std::set<int> inheritable_fds() {
    std::set<int> fds;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
        const int fd = std::stoi(entry.path().filename().string());
        const int flags = ::fcntl(fd, F_GETFD);
        if (fd > 2 && flags >= 0 && (flags & FD_CLOEXEC) == 0) {
            fds.insert(fd);
        }
    }
    return fds;
}

}  // namespace

TEST_SUITE("io::process") {
    TEST_CASE("captures stdout and reports the exit code") {
        auto r = run_process(spec_of({"echo", "hello", "world"}));
        REQUIRE(r.ok());
        CHECK(r->stdout_text == "hello world\n");
        CHECK(r->exit_code == 0);
        CHECK(r->signal == 0);
        CHECK(r->success());

        auto failed = run_process(spec_of({"sh", "-c", "echo partial; exit 3"}));
        REQUIRE(failed.ok());
        CHECK(failed->exit_code == 3);
        CHECK(failed->stdout_text == "partial\n");
        CHECK_FALSE(failed->success());
        CHECK(no_children_left());
    }

    TEST_CASE("reports a terminating signal") {
        auto r = run_process(spec_of({"sh", "-c", "kill -9 $$"}));
        REQUIRE(r.ok());
        CHECK(r->signal == 9);
        CHECK(r->exit_code == -1);
        CHECK_FALSE(r->success());
    }

    TEST_CASE("passes arguments literally, never through a shell") {
        test::TempDir dir;
        const std::string marker = dir / "marker";
        const std::string argument = "$(touch " + marker + ") `touch " + marker + "`; *";
        auto r = run_process(spec_of({"printf", "%s", argument}));
        REQUIRE(r.ok());
        CHECK(r->stdout_text == argument);
        CHECK_FALSE(std::filesystem::exists(marker));
    }

    TEST_CASE("environment: parent plus extras, or exactly what is given") {
        ::setenv("PREVIEW_PROCESS_TEST_PARENT", "from-parent", 1);
        ::setenv("PREVIEW_PROCESS_TEST_OVERRIDE", "old", 1);
        auto spec = spec_of({"sh", "-c",
                             "printf '%s|%s|%s' \"$PREVIEW_PROCESS_TEST_PARENT\" "
                             "\"$PREVIEW_PROCESS_TEST_OVERRIDE\" \"$PREVIEW_PROCESS_TEST_EXTRA\""});
        spec.env = {{"PREVIEW_PROCESS_TEST_OVERRIDE", "new"},
                    {"PREVIEW_PROCESS_TEST_EXTRA", "a b=c"}};
        auto r = run_process(spec);
        REQUIRE(r.ok());
        CHECK(r->stdout_text == "from-parent|new|a b=c");

        auto exact = spec_of({"/usr/bin/env"});
        exact.inherit_env = false;
        exact.env = {{"ONLY", "this"}, {"AND", "that"}};
        auto e = run_process(exact);
        REQUIRE(e.ok());
        CHECK(e->stdout_text == "ONLY=this\nAND=that\n");
        ::unsetenv("PREVIEW_PROCESS_TEST_PARENT");
        ::unsetenv("PREVIEW_PROCESS_TEST_OVERRIDE");
    }

    TEST_CASE("unset_env hides inherited variables; env may still set them") {
        ::setenv("PREVIEW_PROCESS_TEST_HIDDEN", "secret", 1);
        ::setenv("PREVIEW_PROCESS_TEST_GIVEN", "parent", 1);
        ::setenv("PREVIEW_PROCESS_TEST_KEPT", "kept", 1);
        auto spec = spec_of({"/usr/bin/env"});
        spec.unset_env = {"PREVIEW_PROCESS_TEST_HIDDEN", "PREVIEW_PROCESS_TEST_GIVEN"};
        spec.env = {{"PREVIEW_PROCESS_TEST_GIVEN", "explicit"}};
        auto r = run_process(spec);
        REQUIRE(r.ok());
        CHECK(r->stdout_text.find("PREVIEW_PROCESS_TEST_HIDDEN") == std::string::npos);
        CHECK(r->stdout_text.find("PREVIEW_PROCESS_TEST_GIVEN=explicit\n") != std::string::npos);
        CHECK(r->stdout_text.find("PREVIEW_PROCESS_TEST_KEPT=kept\n") != std::string::npos);
        ::unsetenv("PREVIEW_PROCESS_TEST_HIDDEN");
        ::unsetenv("PREVIEW_PROCESS_TEST_GIVEN");
        ::unsetenv("PREVIEW_PROCESS_TEST_KEPT");
    }

    TEST_CASE("stderr captured on request, stdin is /dev/null") {
        auto spec = spec_of({"sh", "-c", "cat; echo to-stderr >&2; echo to-stdout"});
        spec.stderr_mode = StderrMode::capture;
        auto r = run_process(spec);
        REQUIRE(r.ok());
        CHECK(r->stdout_text == "to-stdout\n");
        CHECK(r->stderr_text == "to-stderr\n");
    }

    TEST_CASE("runs in the given working directory") {
        test::TempDir dir;
        auto spec = spec_of({"pwd"});
        spec.working_directory = dir.path();
        auto r = run_process(spec);
        REQUIRE(r.ok());
        CHECK(std::filesystem::equivalent(r->stdout_text.substr(0, r->stdout_text.size() - 1),
                                          dir.path()));

        spec.working_directory = dir / "missing";
        auto missing = run_process(spec);
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().message ==
              "cannot run pwd in " + spec.working_directory + ": no such directory");
    }

    TEST_CASE("caps captured output and keeps draining") {
        auto spec = spec_of({"sh", "-c", "head -c 3000000 /dev/zero; echo done >&2"});
        spec.max_output_bytes = 1u << 20u;
        spec.stderr_mode = StderrMode::capture;
        auto r = run_process(spec);
        REQUIRE(r.ok());
        CHECK(r->stdout_text.size() == (1u << 20u));
        CHECK(r->stdout_truncated);
        CHECK(r->stderr_text == "done\n");
        CHECK(r->exit_code == 0);  // not killed by SIGPIPE
    }

    TEST_CASE("a missing program is a configuration error") {
        auto r = run_process(spec_of({"preview-no-such-program-4711", "x"}));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::config);
        CHECK(r.error().message == "cannot run preview-no-such-program-4711: not found in PATH");

        auto path = run_process(spec_of({"/nonexistent/dir/tool"}));
        REQUIRE_FALSE(path.ok());
        CHECK(path.error().message == "cannot run /nonexistent/dir/tool: no such file");

        test::TempDir dir;
        const std::string plain = dir.write("not-executable", "#!/bin/sh\n");
        auto not_exec = run_process(spec_of({plain}));
        REQUIRE_FALSE(not_exec.ok());
        CHECK(not_exec.error().message == "cannot run " + plain + ": not an executable file");

        CHECK(find_program("sh").find("/sh") != std::string::npos);
        CHECK(find_program("preview-no-such-program-4711").empty());
    }

    TEST_CASE("a timeout kills the child (SIGTERM, then SIGKILL) and reaps it") {
        SUBCASE("SIGTERM is enough") {
            auto spec = spec_of({"sh", "-c", "echo started; sleep 10"});
            spec.timeout = std::chrono::milliseconds(200);
            const auto [r, elapsed] = run_timed(spec);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().kind == ErrorKind::timeout);
            CHECK(r.error().message == "sh did not finish within 200ms and was stopped");
            CHECK(elapsed < std::chrono::seconds(2));
        }
        SUBCASE("a child that ignores SIGTERM gets SIGKILL") {
            auto spec = spec_of({"sh", "-c", "trap '' TERM; sleep 10; sleep 10"});
            spec.timeout = std::chrono::milliseconds(200);
            spec.kill_grace = std::chrono::milliseconds(200);
            const auto [r, elapsed] = run_timed(spec);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().kind == ErrorKind::timeout);
            CHECK(elapsed >= std::chrono::milliseconds(400));
            CHECK(elapsed < std::chrono::seconds(3));
        }
        CHECK(no_children_left());
    }

    TEST_CASE("returns once the child exits even if a grandchild keeps the pipe open") {
        auto spec = spec_of({"sh", "-c", "echo out; sleep 3 2>/dev/null & exit 0"});
        spec.kill_grace = std::chrono::milliseconds(200);
        const auto [r, elapsed] = run_timed(spec);
        REQUIRE(r.ok());
        CHECK(r->stdout_text == "out\n");
        CHECK(r->exit_code == 0);
        CHECK(elapsed < std::chrono::seconds(2));
    }

    TEST_CASE("an interrupt stops the child") {
        std::atomic<bool> interrupted{true};
        auto spec = spec_of({"sleep", "10"});
        spec.interrupted = &interrupted;
        auto r = run_process(spec);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::interrupted);
        CHECK(no_children_left());
    }

    TEST_CASE("the child inherits none of our pipes") {
        const std::set<int> allowed = inheritable_fds();
        auto r = run_process(spec_of({"sh", "-c", "ls /proc/$$/fd"}));
        REQUIRE(r.ok());
        std::istringstream lines(r->stdout_text);
        std::string line;
        while (std::getline(lines, line)) {
            const int fd = std::stoi(line);
            INFO("fd " << fd);
            CHECK((fd <= 2 || allowed.count(fd) == 1));
        }
    }
}

}  // namespace preview
