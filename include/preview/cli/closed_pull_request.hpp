#pragma once

#include "preview/core/result.hpp"
#include "preview/core/snapshot.hpp"

namespace preview {

/// Why `up` refuses a pull request that is not open, and what to do instead: a closed one can
/// be reopened, a merged one cannot (it is "closed (merged)"; changes go in a new pull request).
Error closed_pull_request_error(const PullRequest& pr);

}  // namespace preview
