#include "preview/core/shell_quote.hpp"

#include <algorithm>

namespace preview {
namespace {

bool is_plain(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
           std::string_view("@%+=:,./_-").find(c) != std::string_view::npos;
}

template <class Words>
std::string join_quoted(const Words& argv) {
    std::string out;
    for (const auto& word : argv) {
        if (!out.empty()) {
            out += ' ';
        }
        out += shell_quote(word);
    }
    return out;
}

}  // namespace

std::string shell_quote(std::string_view word) {
    if (!word.empty() && std::all_of(word.begin(), word.end(), is_plain)) {
        return std::string(word);
    }
    std::string out = "'";
    for (const char c : word) {
        if (c == '\'') {
            out += "'\\''";  // close, an escaped quote, reopen
        } else {
            out += c;
        }
    }
    out += '\'';
    return out;
}

std::string shell_command(std::initializer_list<std::string_view> argv) {
    return join_quoted(argv);
}

std::string shell_command(const std::vector<std::string>& argv) {
    return join_quoted(argv);
}

}  // namespace preview
