#include "preview/cli/closed_pull_request.hpp"

#include <fmt/format.h>

namespace preview {

Error closed_pull_request_error(const PullRequest& pr) {
    const std::string message =
        fmt::format("pull request #{} is {}; previews exist only for open pull requests", pr.number,
                    pr.merged ? "closed (merged)" : "closed");
    const std::string hint =
        pr.merged ? "a merged pull request cannot be reopened: open a new pull request for "
                    "further changes (gh pr create) and run preview up on it"
                  : fmt::format("reopen it first: gh pr reopen {}", pr.number);
    return Error(ErrorKind::usage, message, hint);
}

}  // namespace preview
