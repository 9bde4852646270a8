#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

/// Commands shown for pasting (doctor's `fix:`, `-v`, plans): each word quoted for a POSIX shell
/// so that pasting runs exactly the command shown, whatever a server named its objects (design §7).
namespace preview {

/// `word` as one POSIX shell word: unchanged when it holds only characters no shell treats
/// specially (letters, digits and `@%+=:,./_-`), else single-quoted with each `'` as `'\''`;
/// `''` when empty.
std::string shell_quote(std::string_view word);

/// The words of `argv`, each shell_quote()d, joined by spaces.
std::string shell_command(std::initializer_list<std::string_view> argv);
std::string shell_command(const std::vector<std::string>& argv);

}  // namespace preview
