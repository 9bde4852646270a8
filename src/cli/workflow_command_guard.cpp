#include "preview/cli/workflow_command_guard.hpp"

namespace preview {

WorkflowCommandGuard::WorkflowCommandGuard(std::ostream& stream)
    : stream_(stream), target_(stream.rdbuf(this)) {}

WorkflowCommandGuard::~WorkflowCommandGuard() {
    sync();
    stream_.rdbuf(target_);
}

// Passes on at once (a prompt or a progress line shows before its newline): the filter keeps
// the line's state between writes, so the pieces are defused as the whole line would be.
void WorkflowCommandGuard::emit(std::string_view text) {
    const std::string guarded = filter_.feed(text);
    target_->sputn(guarded.data(), static_cast<std::streamsize>(guarded.size()));
}

WorkflowCommandGuard::int_type WorkflowCommandGuard::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof())) {
        return traits_type::not_eof(c);
    }
    const char ch = traits_type::to_char_type(c);
    emit(std::string_view(&ch, 1));
    return c;
}

std::streamsize WorkflowCommandGuard::xsputn(const char* s, std::streamsize n) {
    emit(std::string_view(s, static_cast<std::size_t>(n)));
    return n;
}

int WorkflowCommandGuard::sync() {
    return target_->pubsync();
}

}  // namespace preview
