#include "preview/cli/help_command.hpp"

#include <ostream>

#include "preview/cli/usage.hpp"

namespace preview {

void add_help_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& /*flags*/,
                      const std::shared_ptr<ExitCode>& exit_code) {
    auto words = std::make_shared<std::vector<std::string>>();
    auto* cmd = app.add_subcommand("help", "Show the help of preview or of one command");
    cmd->add_option("command", *words, "The command to explain, e.g. status");
    cmd->footer(
        "Examples:\n"
        "  preview help\n"
        "  preview help status           the same as preview status --help");
    cmd->callback([&app, &ctx, words, exit_code] {
        const CLI::App* target = &app;
        std::string path = "preview";
        for (const auto& word : *words) {
            const CLI::App* sub = nullptr;
            try {
                sub = target->get_subcommand(word);
            } catch (const CLI::OptionNotFound&) {
            }
            if (sub == nullptr || sub->get_group().empty()) {
                throw Failure{unknown_command_error(*target, word)};
            }
            target = sub;
            path += " " + word;
        }
        // make_help directly: App::help() would delegate to the chosen command, this one.
        ctx.out << target->get_formatter()->make_help(target, path, CLI::AppFormatMode::Normal)
                << std::flush;
        *exit_code = ExitCode::ok;
    });
}

}  // namespace preview
