#include "preview/cli/workflow_command_guard.hpp"

#include "preview/render/actions.hpp"

namespace preview {

WorkflowCommandGuard::WorkflowCommandGuard(std::ostream& stream)
    : stream_(stream), target_(stream.rdbuf(this)) {}

WorkflowCommandGuard::~WorkflowCommandGuard() {
    sync();
    stream_.rdbuf(target_);
}

void WorkflowCommandGuard::emit_line() {
    const std::string guarded = guard_workflow_commands(line_);
    target_->sputn(guarded.data(), static_cast<std::streamsize>(guarded.size()));
    line_.clear();
}

WorkflowCommandGuard::int_type WorkflowCommandGuard::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof())) {
        return traits_type::not_eof(c);
    }
    line_.push_back(traits_type::to_char_type(c));
    if (line_.back() == '\n') {
        emit_line();
    }
    return c;
}

std::streamsize WorkflowCommandGuard::xsputn(const char* s, std::streamsize n) {
    for (std::streamsize i = 0; i < n; ++i) {
        overflow(traits_type::to_int_type(s[i]));
    }
    return n;
}

// A flush without a newline (a prompt, a progress line) goes out as it is: its rest is then
// guarded as if it started the line, which defuses more rather than less.
int WorkflowCommandGuard::sync() {
    if (!line_.empty()) {
        emit_line();
    }
    return target_->pubsync();
}

}  // namespace preview
