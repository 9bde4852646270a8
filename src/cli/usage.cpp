#include "preview/cli/usage.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "preview/core/suggest.hpp"

namespace preview {
namespace {

// "a, b or c"
std::string choice_list(const std::vector<std::string>& choices) {
    std::string out;
    for (std::size_t i = 0; i < choices.size(); ++i) {
        out += i == 0 ? "" : (i + 1 == choices.size() ? " or " : ", ");
        out += choices[i];
    }
    return out;
}

// "preview" for the root, "preview status" for a command.
std::string command_path(const CLI::App& app) {
    return app.get_parent() == nullptr ? "preview"
                                       : command_path(*app.get_parent()) + " " + app.get_name();
}

const CLI::App* chosen_command(const CLI::App& root) {
    const auto chosen = root.get_subcommands();
    return chosen.empty() ? nullptr : chosen.back();
}

bool is_flag(const std::string& arg) {
    return arg.size() > 1 && arg[0] == '-';
}

Error usage(std::string message, std::string hint = {}) {
    return Error(ErrorKind::usage, std::move(message), std::move(hint));
}

Error missing_argument(const CLI::App& command, const std::string& fallback) {
    for (const CLI::Option* option : command.get_options()) {
        if (option->get_positional() && option->get_required() && option->count() == 0) {
            return usage(
                fmt::format("missing <{}> for \"{}\"", option->get_name(), command_path(command)),
                fmt::format("<{}>: {}; preview help {} explains the command", option->get_name(),
                            option->get_description(), command.get_name()));
        }
    }
    return usage(fallback, fmt::format("preview help {} explains the command", command.get_name()));
}

Error unexpected(const CLI::App& root, const CLI::App* command, const std::string& fallback) {
    // With fallthrough, what the command does not know is left over at the root.
    const auto args = root.remaining(true);
    const auto flag = std::find_if(args.begin(), args.end(), is_flag);
    const std::string help =
        command != nullptr ? fmt::format("preview help {}", command->get_name()) : "preview help";
    if (flag != args.end()) {
        return usage(fmt::format("unknown flag: {}", flag->substr(0, flag->find('='))),
                     help + " lists the flags");
    }
    if (args.empty()) {
        return usage(fallback, help);
    }
    if (command == nullptr) {
        return unknown_command_error(root, args.front());
    }
    return usage(
        fmt::format("unexpected argument \"{}\" for \"{}\"", args.front(), command_path(*command)),
        help + " shows what it takes");
}

// The global options as a help section of a command: the root's options minus --help and
// --version, which the command has (or does not need) itself.
class HelpFormatter : public CLI::Formatter {
  public:
    std::string make_footer(const CLI::App* app) const override {
        std::string footer = CLI::Formatter::make_footer(app);
        const CLI::App* root = app->get_parent();
        if (root == nullptr) {
            return footer;
        }
        while (root->get_parent() != nullptr) {
            root = root->get_parent();
        }
        const auto globals = root->get_options([root](const CLI::Option* option) {
            return option->nonpositional() && option != root->get_help_ptr() &&
                   option != root->get_version_ptr();
        });
        std::string section = make_group("Global options", false, globals);
        section.erase(0, section.find_first_not_of('\n'));
        return section + (footer.empty() ? "" : "\n" + footer);
    }
};

}  // namespace

CLI::Validator one_of(std::string what, std::vector<std::string> choices, bool to_index) {
    return {[what = std::move(what), choices = std::move(choices), to_index](std::string& value) {
                const auto found = std::find(choices.begin(), choices.end(), value);
                if (found == choices.end()) {
                    return fmt::format("invalid {} \"{}\": choose {}", what, value,
                                       choice_list(choices));
                }
                if (to_index) {
                    value = std::to_string(found - choices.begin());
                }
                return std::string();
            },
            ""};
}

CLI::Validator seconds_between(std::string what, double lo, double hi) {
    return {[what = std::move(what), lo, hi](std::string& value) {
                double number = 0;
                const char* begin = value.data();
                const char* end = begin + value.size();
                const auto [ptr, ec] = std::from_chars(begin, end, number);
                if (ec != std::errc() || ptr != end || !(number >= lo && number <= hi)) {
                    return fmt::format("invalid {} \"{}\": give a number of seconds from {} to {}",
                                       what, value, lo, hi);
                }
                return std::string();
            },
            ""};
}

Error unknown_command_error(const CLI::App& parent, std::string_view word) {
    std::vector<std::string> names;
    for (const CLI::App* sub : parent.get_subcommands([](const CLI::App*) { return true; })) {
        if (!sub->get_group().empty()) {  // hidden commands are never suggested
            names.push_back(sub->get_name());
        }
    }
    const std::vector<std::string_view> candidates(names.begin(), names.end());
    const auto guess = suggest(word, candidates);
    return usage(fmt::format("unknown command \"{}\" for \"{}\"", word, command_path(parent)),
                 guess ? fmt::format("did you mean \"{}\"?", *guess)
                       : std::string("preview help lists the commands"));
}

Error usage_error(const CLI::App& root, const CLI::ParseError& error) {
    const std::string what = error.what();
    const CLI::App* command = chosen_command(root);
    if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
        if (command != nullptr) {
            return missing_argument(*command, what);
        }
        const auto args = root.remaining(false);
        const auto word = std::find_if_not(args.begin(), args.end(), is_flag);
        if (word != args.end()) {
            return unknown_command_error(root, *word);
        }
        if (!args.empty()) {
            return unexpected(root, nullptr, what);
        }
        return usage("a command is required",
                     "preview help lists the commands; preview help COMMAND explains one");
    }
    if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
        return unexpected(root, command, what);
    }
    if (dynamic_cast<const CLI::ValidationError*>(&error) != nullptr) {
        // CLI11 prefixes the option's name; our own checks already say what was invalid.
        const auto own = what.find(": invalid ");
        return usage(own == std::string::npos ? what : what.substr(own + 2));
    }
    return usage(what);
}

std::shared_ptr<CLI::FormatterBase> help_formatter() {
    return std::make_shared<HelpFormatter>();
}

}  // namespace preview
