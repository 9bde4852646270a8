#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "preview/core/pr_ref.hpp"
#include "preview/core/result.hpp"
#include "preview/core/status_comment_plan.hpp"
#include "preview/gather/gather.hpp"

namespace preview {

/// The comment `publish_status_comment` wrote.
struct PublishedComment {
    std::int64_t id = 0;
    std::string html_url;
    /// true: the comment kept is the one posted now; false: an existing one was updated
    bool created = false;
    std::size_t removed = 0;  ///< duplicates removed (runs that raced)
    /// Removing a duplicate (or checking for one after a POST) failed: the comment itself was
    /// written, so this is a warning, not a failure.
    std::optional<Error> cleanup_error;
};

/// Creates or updates the PR's one status comment: asks who the token belongs to (`GET /user`,
/// once; an installation token, refused that, writes as `if_installation`, see
/// installation_writer), lists the PR's comments (pages of 100, at most kMaxListPages) for those
/// whose body starts with `marker`, and PATCHes the oldest of its own (plan_status_comment) with
/// `body`, or POSTs a new comment when there is none or the writer is unknown. After a POST it
/// lists once more with the author GitHub named in the answer: when another run posted at the
/// same time, or an unknown writer had an older comment, the oldest is kept (updated with
/// `body`) and that author's others are DELETEd, as a racing run does too. A comment whose
/// author is not known to be the writer is never edited or removed, whatever it carries; a list
/// that could not be read to its end is an error, never a reason to post a second one. GitHub's
/// refusals are typed errors (403: permission, with the permission the token needs).
Result<PublishedComment> publish_status_comment(const Sources& src, const PrRef& pr,
                                                std::string_view marker, const std::string& body,
                                                const CommentWriter& if_installation);

}  // namespace preview
