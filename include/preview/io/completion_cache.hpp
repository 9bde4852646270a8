#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "preview/core/settings.hpp"

namespace preview {

/// Shell completion answers kept for a short while, so TAB is instant after the first press and
/// still answers (staler) when the network is gone.
struct CachedAnswer {
    std::int64_t written_at = 0;  ///< Unix seconds
    std::string text;
};

/// $XDG_CACHE_HOME/preview, else $HOME/.cache/preview; empty when neither is set.
std::string completion_cache_dir(const EnvMap& env);

/// The cache file for one question (e.g. "prs" of one repository on one API server): a stable
/// file name derived from `key`, inside `dir`.
std::string completion_cache_path(const std::string& dir, const std::string& kind,
                                  const std::string& key);

/// The cached answer, or nullopt when there is none or the file is not one of ours.
std::optional<CachedAnswer> read_completion_cache(const std::string& path);

/// Writes atomically (a temporary file renamed over the old one), creating the directory with
/// mode 0700. Failure is silent: a cache that cannot be written only costs speed.
void write_completion_cache(const std::string& path, std::int64_t now, const std::string& text);

}  // namespace preview
