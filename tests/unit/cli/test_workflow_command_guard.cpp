#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "preview/cli/workflow_command_guard.hpp"

using namespace preview;

TEST_SUITE("cli::workflow_command_guard") {
    TEST_CASE("a command split by flushes between writes does not pass") {
        std::ostringstream stream;
        {
            const WorkflowCommandGuard guard(stream);
            stream << ':' << std::flush;  // std::cerr flushes after every write (unitbuf)
            stream << ":error::x" << std::flush;
            stream << "\nprompt? [y/N] " << std::flush;
            stream << "\r::add-mask::y\n";
        }
        CHECK(stream.str() == ":\u200b:error::x\nprompt? [y/N] \r:\u200b:add-mask::y\n");
    }

    TEST_CASE("preview's own marked command passes, and the stream gets its buffer back") {
        std::ostringstream stream;
        std::ostream& as_ostream = stream;  // the ios's buffer, not ostringstream's own
        std::streambuf* const own = as_ostream.rdbuf();
        {
            const WorkflowCommandGuard guard(stream);
            stream << std::string(1, kOwnWorkflowCommand) << std::flush << "::error::ours\n";
        }
        CHECK(as_ostream.rdbuf() == own);
        CHECK(stream.str() == "::error::ours\n");
    }
}
