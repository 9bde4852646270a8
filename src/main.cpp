#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <optional>

#include <unistd.h>

#include "preview/cli/actions_mode.hpp"
#include "preview/cli/app.hpp"
#include "preview/cli/workflow_command_guard.hpp"

extern char** environ;

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
    g_interrupted.store(true);
    std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}

preview::EnvMap read_environment() {
    preview::EnvMap env;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        const auto eq = text.find('=');
        if (eq != std::string_view::npos) {
            env.emplace(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
        }
    }
    return env;
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGPIPE, SIG_IGN);
    std::error_code ec;
    preview::AppContext ctx{std::cout, std::cerr};
    ctx.in = &std::cin;
    ctx.env = read_environment();
    ctx.stdout_is_tty = isatty(STDOUT_FILENO) == 1;
    ctx.stdin_is_tty = isatty(STDIN_FILENO) == 1;
    ctx.working_directory = std::filesystem::current_path(ec).string();
    ctx.interrupted = &g_interrupted;
    ctx.now = [] {
        return std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    };
    // In GitHub Actions every output line is read for workflow commands: none may come from a
    // server's or a repository's text.
    std::optional<preview::WorkflowCommandGuard> guard_out;
    std::optional<preview::WorkflowCommandGuard> guard_err;
    if (preview::actions_mode(ctx.env)) {
        guard_out.emplace(std::cout);
        guard_err.emplace(std::cerr);
    }
    return preview::run_app(argc, argv, ctx);
}
