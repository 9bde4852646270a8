#include "preview/render/workflow_command_filter.hpp"

namespace preview {
namespace {

constexpr std::string_view kZeroWidthSpace = "\u200b";

// The runner trims Unicode whitespace (U+00A0, U+3000, ...) before `::`: any non-ASCII byte
// counts as possible whitespace, which defuses more rather than less.
bool may_be_space(char c) {
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

std::string WorkflowCommandFilter::feed(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (const char c : text) {
        if (c == '\n' || c == '\r') {
            out += c;
            *this = WorkflowCommandFilter{};
            continue;
        }
        if (line_start_) {
            line_start_ = false;
            if (c == kOwnWorkflowCommand) {
                own_ = true;
                continue;
            }
        }
        if (own_) {
            out += c;
            continue;
        }
        if ((c == ':' && leading_colon_) || (c == '[' && hashes_ >= 2)) {
            out += kZeroWidthSpace;
        }
        leading_colon_ = may_lead_ && c == ':';
        may_lead_ = may_lead_ && may_be_space(c);
        hashes_ = c == '#' ? hashes_ + 1 : 0;
        out += c;
    }
    return out;
}

}  // namespace preview
