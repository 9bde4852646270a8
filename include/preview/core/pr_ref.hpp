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

/// Parses "42", "#42", "OWNER/REPO#42" and "http(s)://HOST/OWNER/REPO/pull/42[/...][?...][#...]"
/// (the host is dropped), after trimming whitespace. Numbers must be 1..2^31-1 in plain decimal
/// (no sign, no leading zeros); owner and repo follow GitHub's character and length rules. Errors
/// are ErrorKind::usage and say which forms are accepted.
Result<PrRef> parse_pr_ref(std::string_view text);

/// Parses "OWNER/REPO" (also "HOST/OWNER/REPO", as GH_REPO allows, and "https://HOST/OWNER/REPO";
/// the host is dropped); a trailing ".git" is ignored. `number` is 0. Errors are ErrorKind::usage.
Result<PrRef> parse_repo_slug(std::string_view text);

}  // namespace preview
