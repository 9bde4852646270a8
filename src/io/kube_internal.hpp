#pragma once

// Helpers shared by the kubeconfig translation units; not part of the public interface.

#include <map>
#include <string>
#include <vector>

#include "preview/core/result.hpp"
#include "preview/io/bounded_file.hpp"

namespace preview::kube_internal {

/// The whole file, if it is a regular file of at most `max_bytes` (see bounded_file.hpp); on
/// failure Error::message is the reason alone ("no such file or directory").
Result<std::string> read_file(const std::string& path,
                              std::size_t max_bytes = kMaxCredentialFileBytes);

/// stat() succeeds.
bool path_exists(const std::string& path);

/// "a, b, c" of a map's keys, or `none` when empty.
template <class Map>
std::string key_list(const Map& map, const std::string& none) {
    std::string out;
    for (const auto& [key, value] : map) {
        out += (out.empty() ? "" : ", ") + key;
    }
    return out.empty() ? none : out;
}

/// "a, b" of the loaded files, for messages.
std::string file_list(const std::vector<std::string>& files);

}  // namespace preview::kube_internal
