#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

/// Which of a PR's marked comments `preview comment` updates and which duplicates it removes.
/// Pure: gather lists the comments and performs the plan.
namespace preview {

/// A PR comment whose body starts with the status marker, in GitHub's list order (oldest first).
struct MarkedComment {
    std::int64_t id = 0;
    std::string author;  ///< user.login
    std::string html_url;
};

/// Who the token writes as.
struct CommentWriter {
    std::string login;  ///< from `GET /user`; empty for an installation token
    /// An installation token (a GitHub App's, or a workflow's `github.token`): `GET /user` is
    /// refused, and what it writes is authored by the app's bot user (`github-actions[bot]`,
    /// `my-app[bot]`), whose login the token cannot learn beforehand.
    bool app = false;
};

/// True when `comment` counts as the writer's own: by its login (case-insensitive, as GitHub
/// compares logins), or for an installation token by any GitHub App (a `[bot]` login, which only
/// apps can have; a person cannot forge one). Never a person's comment for an app.
bool is_own_comment(const MarkedComment& comment, const CommentWriter& writer);

struct CommentPlan {
    std::int64_t update = 0;  ///< the comment to PATCH; 0: POST a new one
    std::string html_url;     ///< update's
    /// The kept comment author's other marked comments (duplicates from runs that raced):
    /// never anyone else's.
    std::vector<std::int64_t> remove;
};

/// Keeps the oldest own comment (every run that races picks the same one) and removes that
/// author's later marked comments.
CommentPlan plan_status_comment(const std::vector<MarkedComment>& marked,
                                const CommentWriter& writer);

}  // namespace preview
