#include "preview/cli/completion_command.hpp"

#include <ostream>

#include "preview/cli/usage.hpp"

namespace preview {

std::string_view completion_script(std::string_view shell) {
    if (shell == "bash") {
        return embedded_completion("preview.bash");
    }
    if (shell == "zsh") {
        return embedded_completion("_preview");
    }
    if (shell == "fish") {
        return embedded_completion("preview.fish");
    }
    return {};
}

void add_completion_command(CLI::App& app, AppContext& ctx,
                            const std::shared_ptr<GlobalFlags>& /*flags*/,
                            const std::shared_ptr<ExitCode>& exit_code) {
    auto shell = std::make_shared<std::string>();
    auto* cmd =
        app.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
    cmd->add_option("shell", *shell, "bash, zsh or fish")
        ->required()
        ->check(one_of("shell", {"bash", "zsh", "fish"}));
    cmd->footer(
        "Completes subcommands, options, output formats, doctor check ids, kube contexts and the\n"
        "numbers and titles of open pull requests (from a short-lived cache).\n\n"
        "Examples:\n"
        "  source <(preview completion bash)                       # in ~/.bashrc\n"
        "  preview completion zsh > \"${fpath[1]}/_preview\"          # then start a new zsh\n"
        "  preview completion fish > ~/.config/fish/completions/preview.fish");
    cmd->callback([shell, exit_code, &ctx] {
        ctx.out << completion_script(*shell) << std::flush;
        *exit_code = ExitCode::ok;
    });
}

}  // namespace preview
