#include <doctest/doctest.h>

#include "preview/render/actions.hpp"

using namespace preview;

TEST_SUITE("render::actions") {
    TEST_CASE("workflow command escaping, as GitHub's toolkit does it") {
        CHECK(escape_command_data("50% a\r\nb:c,d") == "50%25 a%0D%0Ab:c,d");
        CHECK(escape_command_property("50% a\r\nb:c,d") == "50%25 a%0D%0Ab%3Ac%2Cd");
    }

    TEST_CASE("a server string cannot end the command or start another") {
        const auto line = render_error_command("x::y, z", "boom\n::set-output name=ready::true");
        CHECK(line == "::error title=x%3A%3Ay%2C z::boom\\n::set-output name=ready::true\n");
        SUBCASE("a percent sequence the runner would decode stays literal") {
            CHECK(render_error_command("t", "%0A::error::x") ==
                  "::error title=t::%250A::error::x\n");
        }
    }

    TEST_CASE("one ::error per failing check, with cause and fix") {
        Finding failing;
        failing.id = "secrets";
        failing.status = CheckStatus::fail;
        failing.summary = "redis auth fails";
        failing.cause = "stale password";
        failing.fix = "kubectl annotate es x force-sync=1";
        Finding warning = failing;
        warning.status = CheckStatus::warn;
        CHECK(render_failed_checks({failing, warning}) ==
              "::error title=preview%3A secrets check failed::redis auth fails: stale password "
              "(fix: kubectl annotate es x force-sync=1)\n");
    }

    TEST_CASE("outputs: key=value, heredoc for a line break, never a delimiter inside") {
        CHECK(render_output("phase", "ready", "D").value() == "phase=ready\n");
        CHECK(render_output("url", "a\nb", "ghadelimiter_1").value() ==
              "url<<ghadelimiter_1\na\nb\nghadelimiter_1\n");
        CHECK(render_output("url", "a\rb", "D").value() == "url<<D\na\rb\nD\n");
        CHECK_FALSE(render_output("url", "a\nghadelimiter_1\nready=true", "ghadelimiter_1").ok());
        CHECK_FALSE(render_output("url", "a\nb", "").ok());
    }

    TEST_CASE("output lines cannot be read as workflow commands; our own marked ones pass") {
        const std::string zwsp = "\u200b";
        CHECK(guard_workflow_commands("::add-mask::x\n") == ":" + zwsp + ":add-mask::x\n");
        CHECK(guard_workflow_commands("      ::stop-commands::t\n") ==
              "      :" + zwsp + ":stop-commands::t\n");
        // The runner trims Unicode spaces (U+00A0, U+3000) too.
        CHECK(guard_workflow_commands("\u00a0\u3000::error::x") ==
              "\u00a0\u3000:" + zwsp + ":error::x");
        CHECK(guard_workflow_commands("log: ##[set-output name=ready;]true ##[x") ==
              "log: ##" + zwsp + "[set-output name=ready;]true ##" + zwsp + "[x");
        CHECK(guard_workflow_commands("  - ns::name and a:b\n") == "  - ns::name and a:b\n");
        CHECK(guard_workflow_commands(std::string(1, kOwnWorkflowCommand) + "::error::ours\n") ==
              "::error::ours\n");
        CHECK(guard_workflow_commands("") == "");
    }

    TEST_CASE("the outputs a workflow gates on") {
        StatusReport report;
        report.phase = Phase::ready;
        report.revision.head_sha = "abc";
        report.revision.running_sha = "abc";
        const auto outputs = status_outputs(report, "https://x");
        REQUIRE(outputs.size() == 5);
        CHECK(outputs[0] == std::pair<std::string, std::string>{"url", "https://x"});
        CHECK(outputs[1].second == "ready");
        CHECK(outputs[2] == std::pair<std::string, std::string>{"ready", "true"});
        CHECK(outputs[3].first == "head_sha");
        CHECK(outputs[4].first == "running_sha");
    }
}
