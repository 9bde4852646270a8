#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "preview/core/pr_ref.hpp"
#include "preview/core/result.hpp"
#include "preview/gather/gather.hpp"

namespace preview {

/// The comment `publish_status_comment` wrote.
struct PublishedComment {
    std::int64_t id = 0;
    std::string html_url;
    bool created = false;  ///< true: posted a new one; false: updated the existing one
};

/// Creates or updates the PR's one status comment: asks who the token belongs to (`GET /user`,
/// once), lists the PR's comments (pages of 100, at most kMaxListPages) for the first whose body
/// starts with `marker` and whose author is that user, then PATCHes it with `body`, or POSTs a new
/// comment when there is none. A comment by anyone else is never edited, whatever it carries;
/// a list that could not be read to its end is an error, never a reason to post a second one.
/// GitHub's refusals are typed errors (403: permission, with the permission the token needs).
Result<PublishedComment> publish_status_comment(const Sources& src, const PrRef& pr,
                                                std::string_view marker, const std::string& body);

}  // namespace preview
