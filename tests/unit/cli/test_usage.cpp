// The command line as a user of gh, kubectl or git expects it: unknown commands named with a
// suggestion, `preview help`, `--version`, and no CLI11 internals in messages or help.

#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "preview/cli/app.hpp"
#include "preview/cli/closed_pull_request.hpp"
#include "preview/cli/open_command.hpp"
#include "preview/cli/version_command.hpp"
#include "preview/core/suggest.hpp"

using namespace preview;

namespace {

struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

// Only commands that fail or finish before any session is opened: nothing here reaches a network.
Run run(std::vector<std::string> args) {
    args.insert(args.begin(), "preview");
    std::vector<const char*> argv;
    for (const auto& arg : args) {
        argv.push_back(arg.c_str());
    }
    std::ostringstream out, err;
    AppContext ctx(out, err);
    ctx.now = [] { return std::int64_t{1'700'000'000}; };
    Run result;
    result.code = run_app(static_cast<int>(argv.size()), argv.data(), ctx);
    result.out = out.str();
    result.err = err.str();
    return result;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// What CLI11 says in its own words, which a user of preview must never see.
void check_no_cli11_internals(const std::string& text) {
    for (const char* internal : {"->", "FAILED", "ENUM", "not expected", "A subcommand",
                                 "Run with --help", "SUBCOMMAND is required", " in ["}) {
        CHECK_MESSAGE(!contains(text, internal), internal << " in: " << text);
    }
}

}  // namespace

TEST_SUITE("cli::usage") {
    TEST_CASE("an unknown command is named, with the closest command as a suggestion") {
        const struct {
            const char* typed;
            const char* meant;
        } cases[] = {{"stauts", "status"}, {"docter", "doctor"}, {"lst", "list"},
                     {"Status", "status"}, {"dwn", "down"},      {"bump-rout", "bump-route"}};
        for (const auto& c : cases) {
            CAPTURE(c.typed);
            const Run r = run({c.typed, "42"});
            CHECK(r.code == 2);
            CHECK(contains(r.err,
                           std::string("unknown command \"") + c.typed + "\" for \"preview\""));
            CHECK(contains(r.err, std::string("did you mean \"") + c.meant + "\"?"));
            CHECK(r.out.empty());
            check_no_cli11_internals(r.err);
        }
    }

    TEST_CASE("an unknown command without a close match points at preview help") {
        const Run r = run({"frobnicate"});
        CHECK(r.code == 2);
        CHECK(contains(r.err, "unknown command \"frobnicate\" for \"preview\""));
        CHECK_FALSE(contains(r.err, "did you mean"));
        CHECK(contains(r.err, "preview help"));
    }

    TEST_CASE("global options before an unknown command do not hide it") {
        const Run r = run({"-o", "json", "--context", "x", "stauts", "42"});
        CHECK(r.code == 2);
        CHECK(contains(r.err, "unknown command \"stauts\""));
    }

    TEST_CASE("no command at all is a usage error that names preview help") {
        const Run r = run({});
        CHECK(r.code == 2);
        CHECK(contains(r.err, "a command is required"));
        CHECK(contains(r.err, "preview help"));
        check_no_cli11_internals(r.err);
    }

    TEST_CASE("preview help prints the root help; preview help COMMAND that command's") {
        const Run root = run({"help"});
        CHECK(root.code == 0);
        CHECK(contains(root.out, "Usage: preview"));
        CHECK(contains(root.out, "status"));
        CHECK(root.err.empty());

        const Run status = run({"help", "status"});
        CHECK(status.code == 0);
        CHECK(contains(status.out, "Usage: preview status"));
        CHECK(status.out == run({"status", "--help"}).out);
    }

    TEST_CASE("preview help with an unknown command suggests the right one") {
        const Run r = run({"help", "stauts"});
        CHECK(r.code == 2);
        CHECK(contains(r.err, "unknown command \"stauts\" for \"preview\""));
        CHECK(contains(r.err, "did you mean \"status\"?"));
        CHECK(r.out.empty());
    }

    TEST_CASE("--version and -V print what preview version prints") {
        for (const char* flag : {"--version", "-V"}) {
            CAPTURE(flag);
            const Run r = run({flag});
            CHECK(r.code == 0);
            CHECK(r.out == version_text());
            CHECK(r.out == run({"version"}).out);
            CHECK(r.err.empty());
        }
    }

    TEST_CASE("an invalid output format names the choices plainly") {
        const Run r = run({"status", "42", "-o", "jsn"});
        CHECK(r.code == 2);
        CHECK(r.err == "preview: invalid output format \"jsn\": choose table, json or yaml\n");
        const Run shell = run({"completion", "tcsh"});
        CHECK(shell.code == 2);
        CHECK(shell.err == "preview: invalid shell \"tcsh\": choose bash, zsh or fish\n");
    }

    TEST_CASE("an unknown flag is named as gh and kubectl name it") {
        const Run r = run({"status", "42", "-n", "foo"});
        CHECK(r.code == 2);
        CHECK(contains(r.err, "unknown flag: -n\n"));
        CHECK(contains(r.err, "preview help status"));
        check_no_cli11_internals(r.err);

        CHECK(contains(run({"status", "42", "--namespace=x"}).err, "unknown flag: --namespace\n"));
        CHECK(contains(run({"-x"}).err, "unknown flag: -x\n"));
    }

    TEST_CASE("an extra argument and a missing one are named with their command") {
        const Run extra = run({"status", "42", "43"});
        CHECK(extra.code == 2);
        CHECK(contains(extra.err, "unexpected argument \"43\" for \"preview status\""));
        check_no_cli11_internals(extra.err);

        const Run missing = run({"status"});
        CHECK(missing.code == 2);
        CHECK(contains(missing.err, "missing <pr> for \"preview status\""));
    }

    TEST_CASE("--help lists the output formats plainly") {
        const Run r = run({"--help"});
        CHECK(r.code == 0);
        CHECK(contains(r.out, "-o,--output FORMAT"));
        CHECK(contains(r.out, "table (default), json or yaml"));
        CHECK(contains(r.out, "-V,--version"));
        check_no_cli11_internals(r.out);
    }

    TEST_CASE("numbers of seconds: ranges in the help text, plain words when out of range") {
        for (const char* command : {"status", "up"}) {
            const Run r = run({command, "--help"});
            CHECK(contains(r.out, "--request-timeout SECONDS"));
            CHECK(contains(r.out, "--interval SECONDS"));
            CHECK_FALSE(contains(r.out, " in ["));
        }
        const Run zero = run({"status", "42", "--request-timeout", "0"});
        CHECK(zero.code == 2);
        CHECK(contains(zero.err,
                       "invalid request timeout \"0\": give a number of seconds from 1 "
                       "to 3600"));
        const Run word = run({"up", "42", "--interval", "soon"});
        CHECK(word.code == 2);
        CHECK(contains(word.err, "invalid interval \"soon\""));
        CHECK_FALSE(contains(word.err, "not in range"));
    }

    TEST_CASE("every command's help lists the global options and has examples") {
        std::ostringstream out, err;
        AppContext ctx(out, err);
        App app = build_app(ctx);
        for (const CLI::App* sub : app.cli->get_subcommands([](const CLI::App*) { return true; })) {
            if (sub->get_group().empty()) {
                continue;  // hidden __complete
            }
            CAPTURE(sub->get_name());
            const Run r = run({sub->get_name(), "--help"});
            CHECK(r.code == 0);
            CHECK(contains(r.out, "Global options:"));
            for (const char* global : {"-o,--output FORMAT", "--context", "-R,--repo",
                                       "--kubeconfig", "--request-timeout"}) {
                CHECK_MESSAGE(contains(r.out, global), global);
            }
            CHECK_FALSE(contains(r.out, "--version"));  // a root-only flag
            const auto examples = r.out.find("\nExamples:\n");
            REQUIRE(examples != std::string::npos);
            CHECK(contains(r.out.substr(examples), "preview " + sub->get_name()));
            // Options, then global options, then the examples.
            CHECK(r.out.find("Global options:") < r.out.find("Examples:"));
            check_no_cli11_internals(r.out);
        }
    }

    TEST_CASE("a merged pull request is closed (merged) and cannot be reopened") {
        PullRequest pr;
        pr.number = 3;
        pr.state = "closed";
        pr.merged = true;
        const Error merged = closed_pull_request_error(pr);
        CHECK(merged.kind == ErrorKind::usage);
        CHECK(contains(merged.message, "#3 is closed (merged)"));
        CHECK_FALSE(contains(merged.hint, "gh pr reopen"));
        CHECK(contains(merged.hint, "new pull request"));

        pr.merged = false;
        const Error closed = closed_pull_request_error(pr);
        CHECK(contains(closed.message, "#3 is closed;"));
        CHECK(closed.hint == "reopen it first: gh pr reopen 3");
    }

    TEST_CASE("the URL opener: xdg-open with a display, nothing without one") {
#ifndef __APPLE__
        CHECK(url_opener({}).empty());
        CHECK(url_opener({{"DISPLAY", ""}}).empty());
        CHECK(url_opener({{"DISPLAY", ":0"}}) == "xdg-open");
        CHECK(url_opener({{"WAYLAND_DISPLAY", "wayland-0"}}) == "xdg-open");
#else
        CHECK(url_opener({}) == "open");
#endif
    }

    TEST_CASE("edit distance and suggestions") {
        CHECK(edit_distance("stauts", "status") == 2);
        CHECK(edit_distance("", "abc") == 3);
        CHECK(edit_distance("list", "list") == 0);
        const std::vector<std::string_view> commands = {"up", "status", "doctor", "down", "list"};
        CHECK(suggest("stauts", commands) == std::optional<std::string_view>("status"));
        CHECK(suggest("xyzzy", commands) == std::nullopt);
    }
}
