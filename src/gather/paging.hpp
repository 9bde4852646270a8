#pragma once

// Bounds on paged lists (design §7): a server that never stops paging must not keep a command
// running or its memory growing. A list cut short is an error, never a shorter list.

#include <cstddef>
#include <string>
#include <string_view>

#include "preview/core/result.hpp"

namespace preview {

/// Pages of one Kubernetes list (500 objects each, so 50,000 objects) and of one GitHub list
/// (100 each, so 10,000 pull requests or check runs).
inline constexpr int kMaxListPages = 100;
/// Objects of one list, whatever the page size the server chose.
inline constexpr std::size_t kMaxListItems = 50'000;

/// "cannot <what>: <why>; preview stops rather than show part of it".
Error list_cut_short(const std::string& what, std::string_view why);

}  // namespace preview
