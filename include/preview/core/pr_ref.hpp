#pragma once

#include <string>
#include <string_view>

#include "preview/core/result.hpp"

namespace preview {

/// A pull request: its repository (owner/repo may be empty when the input named none) and number.
struct PrRef {
    std::string owner;
    std::string repo;
    int number = 0;

    /// "owner/repo", or "" when no repository is known.
    std::string repo_slug() const { return owner.empty() ? std::string() : owner + "/" + repo; }
};

/// Parses "42", "#42", "OWNER/REPO#42" and "https://HOST/OWNER/REPO/pull/42[/...]".
/// Numbers must be positive integers without sign or padding tricks; errors are ErrorKind::usage
/// and say which forms are accepted.
Result<PrRef> parse_pr_ref(std::string_view text);

/// Parses "OWNER/REPO" (also "HOST/OWNER/REPO", as GH_REPO allows; the host is dropped).
Result<PrRef> parse_repo_slug(std::string_view text);

}  // namespace preview
