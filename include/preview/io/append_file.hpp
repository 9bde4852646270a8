#pragma once

#include <string>
#include <string_view>

#include "preview/core/result.hpp"

namespace preview {

/// Appends `text` to the file at `path` (created when missing, never truncated), in one write
/// where the system allows, so several steps appending to the same GitHub Actions file do not
/// interleave. An empty path, a missing directory or an unwritable file is an ErrorKind::config
/// error naming the path.
Status append_to_file(const std::string& path, std::string_view text);

/// `bytes` random bytes from the system's generator, as lower-case hex (heredoc delimiters,
/// stop-commands tokens): a server string cannot guess it.
std::string random_hex(std::size_t bytes);

}  // namespace preview
