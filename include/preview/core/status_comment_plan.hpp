#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/pr_ref.hpp"

/// Which of a PR's marked comments `preview comment` updates and which duplicates it removes.
/// Pure: gather lists the comments and performs the plan.
namespace preview {

/// A PR comment whose body starts with the status marker, in GitHub's list order (oldest first).
struct MarkedComment {
    std::int64_t id = 0;
    std::string author;  ///< user.login
    std::string html_url;
};

/// Who the token writes as, as far as it is known before writing.
struct CommentWriter {
    /// The login its comments carry: `GET /user`'s, the workflow's `github-actions[bot]`, or
    /// the author of the comment this run posted. Empty: not known (an installation token
    /// outside its own repository's workflow), so no existing comment counts as its own.
    std::string login;
};

/// Where an installation token (`GET /user` refused) is used: GitHub Actions and its repository.
struct InstallationContext {
    bool in_actions = false;          ///< GITHUB_ACTIONS=true
    std::string workflow_repository;  ///< GITHUB_REPOSITORY, "owner/repo"
};

/// The login of the workflow's own `github.token`.
inline constexpr std::string_view kWorkflowBotLogin = "github-actions[bot]";

/// Who an installation token writes as before it has written. In a workflow of the PR's own
/// repository it is taken to be the workflow's `github.token` (README: the token the workflow
/// hands to preview), whose comments are `github-actions[bot]`'s. Anywhere else it may be any
/// GitHub App's, whose bot login the token cannot learn: unknown, so the first write is a POST
/// and its answer names the author. Never "any `[bot]`": every app can post the marker.
CommentWriter installation_writer(const InstallationContext& where, const PrRef& pr);

/// True when `comment` is the writer's own: by its login, compared case-insensitively as
/// GitHub compares logins. Never when the writer's login is unknown.
bool is_own_comment(const MarkedComment& comment, const CommentWriter& writer);

struct CommentPlan {
    std::int64_t update = 0;  ///< the comment to PATCH; 0: POST a new one
    std::string html_url;     ///< update's
    /// The writer's other marked comments (duplicates from runs that raced): never anyone
    /// else's.
    std::vector<std::int64_t> remove;
};

/// Keeps the writer's oldest marked comment (every run that races picks the same one) and
/// removes its later ones; with the writer unknown, nothing is kept or removed.
CommentPlan plan_status_comment(const std::vector<MarkedComment>& marked,
                                const CommentWriter& writer);

}  // namespace preview
