#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "preview/render/workflow_command_filter.hpp"

using namespace preview;

namespace {

const std::string kZwsp = "\u200b";

std::string fed(const std::vector<std::string>& pieces) {
    WorkflowCommandFilter filter;
    std::string out;
    for (const auto& piece : pieces) {
        out += filter.feed(piece);
    }
    return out;
}

}  // namespace

TEST_SUITE("render::workflow_command_filter") {
    TEST_CASE("a command split across writes is defused as the whole line is") {
        CHECK(fed({":", ":error::x\n"}) == ":" + kZwsp + ":error::x\n");
        CHECK(fed({"  ", "::", "error::x\n"}) == "  :" + kZwsp + ":error::x\n");
        CHECK(fed({"log #", "#", "[add-mask]x\n"}) == "log ##" + kZwsp + "[add-mask]x\n");
        // Later on a line that did not start with `::`, `::` is text.
        CHECK(fed({"a", "::b\n"}) == "a::b\n");
    }

    TEST_CASE("CR ends a line as LF does (the runner's ReadLine)") {
        CHECK(fed({"progress 50%\r::error::x"}) == "progress 50%\r:" + kZwsp + ":error::x");
        CHECK(fed({"a\r\n", "::x::y"}) == "a\r\n:" + kZwsp + ":x::y");
        CHECK(fed({"a\r", "##", "[x]\r\n"}) == "a\r##" + kZwsp + "[x]\r\n");
    }

    TEST_CASE("our own mark counts only at a line start, in whatever piece it comes") {
        const std::string mark(1, kOwnWorkflowCommand);
        CHECK(fed({"x\n", mark + "::error::ours\n"}) == "x\n::error::ours\n");
        CHECK(fed({"x\r" + mark + "::error::ours\r"}) == "x\r::error::ours\r");
        // Mid-line it marks nothing: what follows it is guarded like any text.
        CHECK(fed({"x", mark + "##[y\n"}) == "x" + mark + "##" + kZwsp + "[y\n");
        // A mark makes only its own line pass.
        CHECK(fed({mark + "::a::b\n", "::c::d\n"}) == "::a::b\n:" + kZwsp + ":c::d\n");
    }
}
