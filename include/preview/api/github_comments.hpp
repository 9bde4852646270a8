#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/result.hpp"
#include "preview/core/status_comment_plan.hpp"

/// The wire shapes `preview comment` reads: the token's user, the PR's marked comments and a
/// created or updated issue comment. Pure.
namespace preview {

/// The login of `GET /user`; an error when the answer has none.
Result<std::string> parse_user_login(std::string_view body);

/// True when `GET /user` was refused because the token is a GitHub App installation token (a
/// workflow's `github.token`): 403 with GitHub's message "Resource not accessible by
/// integration".
bool is_installation_refusal(long status, std::string_view body);

/// The comments on one page of `GET .../issues/{n}/comments` whose body starts with `marker`
/// (leading whitespace ignored), in the page's order. Anyone can post the marker: the caller
/// decides whose count (plan_status_comment).
Result<std::vector<MarkedComment>> parse_marked_comments(std::string_view body,
                                                         std::string_view marker);

/// What `POST .../issues/{n}/comments` and `PATCH .../issues/comments/{id}` answer.
struct IssueComment {
    std::int64_t id = 0;
    std::string html_url;
    std::string author;  ///< user.login: for a POST, who the token writes as
};

/// The id (required, positive), html_url and author of one issue comment object.
Result<IssueComment> parse_issue_comment(std::string_view body);

}  // namespace preview
