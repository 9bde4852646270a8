#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "preview/core/result.hpp"

/// The wire shapes `preview comment` reads besides the comment list (which parse_bot_comment
/// reads): the token's user and a created or updated issue comment. Pure.
namespace preview {

/// The login of `GET /user`; an error when the answer has none.
Result<std::string> parse_user_login(std::string_view body);

/// What `POST .../issues/{n}/comments` and `PATCH .../issues/comments/{id}` answer.
struct IssueComment {
    std::int64_t id = 0;
    std::string html_url;
};

/// The id (required, positive) and html_url of one issue comment object.
Result<IssueComment> parse_issue_comment(std::string_view body);

}  // namespace preview
