#pragma once

#include <cstddef>
#include <string>
#include <string_view>

/// Makes server- and file-supplied text safe to show on a terminal (design §7): nothing in it
/// can move the cursor, set the title, write the clipboard, reorder text or start a fake line.
namespace preview {

/// Code points kept of one field on one line (a title, a name, a condition message).
inline constexpr std::size_t kFieldWidth = 300;
/// Code points kept of an error or hint line on stderr (a sentence that embeds fields).
inline constexpr std::size_t kMessageWidth = 600;

/// `text` as one terminal line: C0 controls (tab excepted; newline and carriage return shown as
/// `\n`, `\r`), DEL and bytes of invalid UTF-8 become `\xHH`, C1 controls (U+0080-U+009F) and bidi
/// controls (U+202A-U+202E, U+2066-U+2069) become `\uHHHH`; then it is cut at a code-point boundary
/// to at most `width` code points, the last being `…`. Clean text that fits is returned unchanged.
std::string sanitize_line(std::string_view text, std::size_t width = kFieldWidth);

/// True when `cp` is a code point sanitize_line escapes (C0 but tab, DEL, C1, bidi controls).
bool is_unsafe_code_point(char32_t cp);

}  // namespace preview
