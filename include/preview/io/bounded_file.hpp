#pragma once

// Reading a local file that a kubeconfig or profile names (design §7): only regular files, and
// only up to a size, so `tokenFile: /dev/zero`, a FIFO or a directory is a clear error instead
// of an endless read, a hang or an out-of-memory abort.

#include <cstddef>
#include <string>

#include "preview/core/result.hpp"

namespace preview {

/// Token, certificate and key files, and profile files.
inline constexpr std::size_t kMaxCredentialFileBytes = 1u << 20u;
/// A kubeconfig (large ones embed many clusters' certificates).
inline constexpr std::size_t kMaxKubeconfigBytes = 16u << 20u;

/// The whole file. On failure Error::kind is config and Error::message is the reason alone:
/// "no such file or directory", "is a directory", "not a regular file (a FIFO)",
/// "larger than 1 MiB".
Result<std::string> read_bounded_file(const std::string& path, std::size_t max_bytes);

}  // namespace preview
