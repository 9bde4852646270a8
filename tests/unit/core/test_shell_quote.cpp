#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "preview/core/shell_quote.hpp"

namespace preview {

TEST_SUITE("core::shell_quote") {
    TEST_CASE("ordinary names stay readable") {
        CHECK(shell_quote("homerun2-core-catcher-pr-42") == "homerun2-core-catcher-pr-42");
        CHECK(shell_quote("stuttgart-things/homerun2") == "stuttgart-things/homerun2");
        CHECK(shell_quote("app.kubernetes.io/name=x,y:z@1%+_") ==
              "app.kubernetes.io/name=x,y:z@1%+_");
        CHECK(shell_command({"kubectl", "-n", "ns", "logs", "pod"}) == "kubectl -n ns logs pod");
    }

    TEST_CASE("anything a shell would interpret is single-quoted") {
        CHECK(shell_quote("") == "''");
        CHECK(shell_quote("px;touch${IFS}/tmp/x;#$(id>/tmp/y)") ==
              "'px;touch${IFS}/tmp/x;#$(id>/tmp/y)'");
        CHECK(shell_quote("a b") == "'a b'");
        CHECK(shell_quote("`id`") == "'`id`'");
        CHECK(shell_quote("~root") == "'~root'");
        CHECK(shell_quote("*") == "'*'");
        CHECK(shell_quote("line\nbreak") == "'line\nbreak'");
        CHECK(shell_quote("käse") == "'käse'");
    }

    TEST_CASE("a single quote closes, is escaped, and reopens") {
        CHECK(shell_quote("it's") == "'it'\\''s'");
        CHECK(shell_quote("'") == "''\\'''");
    }

    TEST_CASE("commands quote each word") {
        const std::vector<std::string> names = {"a", "b c"};
        CHECK(shell_command(names) == "a 'b c'");
        CHECK(shell_command({"gh", "pr", "edit", "7", "--add-label", "pre view"}) ==
              "gh pr edit 7 --add-label 'pre view'");
    }
}

}  // namespace preview
