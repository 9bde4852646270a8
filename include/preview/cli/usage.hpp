#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "preview/core/result.hpp"

namespace preview {

/// A CLI11 check that accepts one of `choices` and otherwise says, in the user's terms,
/// `invalid <what> "x": choose a, b or c` (not CLI11's "Check x value in {...} FAILED").
/// With `to_index`, the accepted word becomes its index, for options stored as enums.
CLI::Validator one_of(std::string what, std::vector<std::string> choices, bool to_index = false);

/// A CLI11 check for a number of seconds in [lo, hi] that says `invalid <what> "x": give a
/// number of seconds from lo to hi` and adds nothing to --help (where CLI11 would print
/// `FLOAT in [0.1 - 600]`); the option's help text states the range instead.
CLI::Validator seconds_between(std::string what, double lo, double hi);

/// `unknown command "stauts" for "preview"` with `did you mean "status"?` when one command is
/// close (edit distance), else a pointer to `preview help`. `parent` is the app whose commands
/// are meant.
Error unknown_command_error(const CLI::App& parent, std::string_view word);

/// A CLI11 parse error as the one-paragraph usage error gh and kubectl users expect: unknown
/// commands with a suggestion, `unknown flag: -n`, a missing argument named by the command.
/// `root` is the parsed root app, which still knows which command was chosen.
Error usage_error(const CLI::App& root, const CLI::ParseError& error);

/// The formatter every command's --help uses: a command's help also lists the global options
/// that apply to it, as gh and kubectl do.
std::shared_ptr<CLI::FormatterBase> help_formatter();

}  // namespace preview
