// The completion scripts and the man page name every subcommand and every long option that the
// CLI11 tree has, so a new option cannot ship undocumented or uncompletable.

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "preview/cli/app.hpp"
#include "preview/cli/completion_command.hpp"

using namespace preview;

namespace {

std::string read_source(const std::string& relative) {
    std::ifstream in(std::string(PREVIEW_SOURCE_DIR) + "/" + relative, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << relative);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

// roff writes "--no-refresh" as "\-\-no\-refresh" and "up" in bold as "\fBup\fR".
std::string plain_roff(std::string text) {
    replace_all(text, "\\-", "-");
    for (const char* font : {"\\fB", "\\fI", "\\fR", "\\fP"}) {
        replace_all(text, font, " ");
    }
    return text;
}

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

// `token` occurs in `text` as a whole word: "up" is not in "bump-route" or "--no-wait-x".
bool has_token(const std::string& text, const std::string& token) {
    for (auto at = text.find(token); at != std::string::npos; at = text.find(token, at + 1)) {
        const auto end = at + token.size();
        if ((at == 0 || !is_word_char(text[at - 1])) &&
            (end == text.size() || !is_word_char(text[end]))) {
            return true;
        }
    }
    return false;
}

// readme: commands must appear as "preview <command>" (its command table), since "open" and
// "help" are ordinary words of its prose.
enum class Syntax { plain, fish, readme };

// fish names a long option without its dashes: `complete -c preview -l no-refresh`.
bool has_option(const std::string& text, const std::string& long_name, Syntax syntax) {
    return syntax == Syntax::fish ? has_token(text, "-l " + long_name)
                                  : has_token(text, "--" + long_name);
}

// Every visible subcommand and every long option (global ones under "preview") that `text`
// does not mention.
std::vector<std::string> missing_items(const CLI::App& root, const std::string& text,
                                       Syntax syntax) {
    std::vector<std::string> missing;
    auto check_options = [&](const CLI::App& app, const std::string& owner) {
        for (const CLI::Option* option : app.get_options()) {
            for (const auto& name : option->get_lnames()) {
                if (!has_option(text, name, syntax)) {
                    missing.push_back(owner + " --" + name);
                }
            }
        }
    };
    check_options(root, "preview");
    for (const CLI::App* sub : root.get_subcommands([](const CLI::App*) { return true; })) {
        if (sub->get_group().empty()) {
            continue;  // hidden, like __complete
        }
        const std::string command =
            syntax == Syntax::readme ? "preview " + sub->get_name() : sub->get_name();
        if (!has_token(text, command)) {
            missing.push_back(sub->get_name());
        }
        check_options(*sub, sub->get_name());
    }
    return missing;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : ", ") + item;
    }
    return out;
}

struct Document {
    const char* path;
    Syntax syntax;
};

constexpr Document kDocuments[] = {
    {"completions/preview.bash", Syntax::plain},
    {"completions/_preview", Syntax::plain},
    {"completions/preview.fish", Syntax::fish},
    {"man/preview.1", Syntax::plain},
    {"README.md", Syntax::readme},
};

std::string document_text(const Document& doc) {
    const std::string text = read_source(doc.path);
    return std::string(doc.path).ends_with(".1") ? plain_roff(text) : text;
}

}  // namespace

TEST_SUITE("cli::docs_in_sync") {
    TEST_CASE(
        "the completion scripts, the man page and the README name every command and long "
        "option") {
        std::ostringstream out, err;
        AppContext ctx(out, err);
        App app = build_app(ctx);
        std::size_t visible = 0;
        for (const CLI::App* sub : app.cli->get_subcommands([](const CLI::App*) { return true; })) {
            visible += sub->get_group().empty() ? 0U : 1U;
        }
        REQUIRE(visible >= 11);  // up status doctor down list open refresh bump-route completion
                                 // version help
        for (const auto& doc : kDocuments) {
            const auto missing = missing_items(*app.cli, document_text(doc), doc.syntax);
            const std::string report =
                std::string(doc.path) + " does not mention: " + joined(missing);
            CHECK_MESSAGE(missing.empty(), report);
        }
    }

    TEST_CASE("the hidden __complete command is in no script's list of commands") {
        std::ostringstream out, err;
        AppContext ctx(out, err);
        App app = build_app(ctx);
        const auto* hidden = app.cli->get_subcommand("__complete");
        REQUIRE(hidden != nullptr);
        CHECK(hidden->get_group().empty());
        // The scripts call it, but never offer it: it must not be a word of the command lists.
        CHECK_FALSE(has_token(read_source("completions/preview.fish"), "-a __complete"));
        CHECK(read_source("completions/_preview").find("'__complete:") == std::string::npos);
    }

    TEST_CASE("a word taken out of a document is reported by name") {
        std::ostringstream out, err;
        AppContext ctx(out, err);
        App app = build_app(ctx);

        std::string bash = read_source("completions/preview.bash");
        replace_all(bash, "--list-checks", "");
        CHECK(missing_items(*app.cli, bash, Syntax::plain) ==
              std::vector<std::string>{"doctor --list-checks"});

        std::string fish = read_source("completions/preview.fish");
        replace_all(fish, "-l argocd-context", "");
        CHECK(missing_items(*app.cli, fish, Syntax::fish) ==
              std::vector<std::string>{"preview --argocd-context"});

        std::string readme = read_source("README.md");
        replace_all(readme, "preview open", "preview");
        CHECK(missing_items(*app.cli, readme, Syntax::readme) == std::vector<std::string>{"open"});

        std::string man = plain_roff(read_source("man/preview.1"));
        replace_all(man, "bump-route", "bump");
        CHECK(missing_items(*app.cli, man, Syntax::plain) ==
              std::vector<std::string>{"bump-route"});
    }

    TEST_CASE("tokens match whole words only") {
        CHECK(has_token("a bump-route b", "bump-route"));
        CHECK_FALSE(has_token("a bump-route b", "route"));
        CHECK_FALSE(has_token("--no-wait-long", "--no-wait"));
        CHECK_FALSE(has_token("---no-wait", "--no-wait"));
        CHECK(has_token("'--check=[run]'", "--check"));
        CHECK(has_token("up | down)", "up"));
        CHECK_FALSE(has_token("setup", "up"));
    }

    TEST_CASE("preview completion prints the files of completions/ as they are") {
        CHECK(completion_script("bash") == read_source("completions/preview.bash"));
        CHECK(completion_script("zsh") == read_source("completions/_preview"));
        CHECK(completion_script("fish") == read_source("completions/preview.fish"));
        CHECK(completion_script("tcsh").empty());
    }
}
