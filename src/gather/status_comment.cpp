#include "preview/gather/status_comment.hpp"

#include "gather/github_fetch.hpp"
#include "gather/paging.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "preview/api/github_comments.hpp"
#include "preview/core/status_comment_plan.hpp"

namespace preview {
namespace {

constexpr std::string_view kWriteHint =
    "the token needs write access to the repository's pull requests (a fine-grained token: "
    "\"Pull requests: write\"; in a workflow: permissions: pull-requests: write)";

Error write_failure(const HttpOutcome& outcome, const std::string& what) {
    Error e = github_failure(outcome, what);
    if (e.kind == ErrorKind::permission) {
        e.hint = e.hint.empty() ? std::string(kWriteHint) : e.hint + "; " + std::string(kWriteHint);
    }
    return e;
}

Result<CommentWriter> token_writer(const Sources& src, const CommentWriter& if_installation) {
    if (!src.github.has_token()) {
        return Error(ErrorKind::auth, "posting the status comment needs a GitHub token",
                     "set GH_TOKEN (in a workflow: GH_TOKEN: ${{ github.token }})");
    }
    auto outcome = src.http.perform(src.github.request("GET", "/user"));
    // A workflow's github.token (any installation token) may not read /user; what it writes is
    // authored by its app's bot user, which only the caller's context can name.
    if (outcome.ok() && is_installation_refusal(outcome->status, outcome->body)) {
        return if_installation;
    }
    if (!outcome.ok() || outcome->status != 200) {
        return github_failure(outcome, "read the token's user (GET /user)");
    }
    auto login = parse_user_login(outcome->body);
    if (!login.ok()) {
        return login.error();
    }
    return CommentWriter{std::move(*login)};
}

// Every comment on the PR that carries the marker, oldest first (all pages: a list cut short is
// an error, never a reason to post a second comment).
Result<std::vector<MarkedComment>> list_marked_comments(const Sources& src, const PrRef& pr,
                                                        std::string_view marker) {
    const std::string what = fmt::format("read the comments of #{}", pr.number);
    Result<HttpRequest> request = src.github.request(
        "GET",
        fmt::format("/repos/{}/{}/issues/{}/comments?per_page=100", pr.owner, pr.repo, pr.number));
    std::vector<MarkedComment> marked;
    for (int page = 1;; ++page) {
        const std::string url = request->url;
        auto outcome = src.http.perform(std::move(request.value()));
        if (!outcome.ok() || outcome->status != 200) {
            return github_failure(outcome, what);
        }
        auto found = parse_marked_comments(outcome->body, marker);
        if (!found.ok()) {
            return found.error();
        }
        marked.insert(marked.end(), found->begin(), found->end());
        auto next = next_page_request(src.github, url, *outcome);
        if (!next) {
            return marked;
        }
        if (page >= kMaxListPages) {
            return list_cut_short(what,
                                  fmt::format("it did not end after {} pages", kMaxListPages));
        }
        if (!next->ok()) {
            return next->error();
        }
        request = std::move(*next);
    }
}

// PATCHes comment `existing`, or POSTs a new one when it is 0.
Result<IssueComment> write_comment(const Sources& src, const PrRef& pr, std::int64_t existing,
                                   const std::string& body) {
    const bool create = existing == 0;
    HttpRequest request =
        create ? src.github.request("POST", fmt::format("/repos/{}/{}/issues/{}/comments", pr.owner,
                                                        pr.repo, pr.number))
               : src.github.request("PATCH", fmt::format("/repos/{}/{}/issues/comments/{}",
                                                         pr.owner, pr.repo, existing));
    request.headers.emplace_back("Content-Type", "application/json");
    // The body is sanitised text; replace anything invalid rather than throw.
    request.body = nlohmann::json{{"body", body}}.dump(-1, ' ', false,
                                                       nlohmann::json::error_handler_t::replace);
    const std::string what =
        create ? fmt::format("post the status comment on #{}", pr.number)
               : fmt::format("update the status comment {} on #{}", existing, pr.number);
    auto outcome = src.http.perform(std::move(request));
    if (!outcome.ok() || outcome->status / 100 != 2) {
        return write_failure(outcome, what);
    }
    return parse_issue_comment(outcome->body);
}

// Removes the duplicates; one already gone (the other run removed it) is fine.
std::optional<Error> remove_comments(const Sources& src, const PrRef& pr,
                                     const std::vector<std::int64_t>& ids) {
    for (const std::int64_t id : ids) {
        auto outcome = src.http.perform(src.github.request(
            "DELETE", fmt::format("/repos/{}/{}/issues/comments/{}", pr.owner, pr.repo, id)));
        if (outcome.ok() && (outcome->status / 100 == 2 || outcome->status == 404)) {
            continue;
        }
        return write_failure(
            outcome, fmt::format("remove the duplicate status comment {} on #{}", id, pr.number));
    }
    return std::nullopt;
}

}  // namespace

Result<PublishedComment> publish_status_comment(const Sources& src, const PrRef& pr,
                                                std::string_view marker, const std::string& body,
                                                const CommentWriter& if_installation) {
    auto writer = token_writer(src, if_installation);
    if (!writer.ok()) {
        return writer.error();
    }
    auto marked = list_marked_comments(src, pr, marker);
    if (!marked.ok()) {
        return marked.error();
    }
    CommentPlan plan = plan_status_comment(*marked, *writer);
    auto written = write_comment(src, pr, plan.update, body);
    if (!written.ok()) {
        return written.error();
    }
    PublishedComment published{written->id, written->html_url, plan.update == 0, 0, {}};
    if (published.created) {
        // Another run for the same PR may have posted at the same moment (two workflow runs),
        // or the writer was unknown until now: list again and keep the oldest of the author
        // GitHub just named, as a racing run does too.
        auto again = list_marked_comments(src, pr, marker);
        if (!again.ok()) {
            published.cleanup_error = again.error();
            return published;
        }
        plan = plan_status_comment(*again, CommentWriter{written->author});
        if (plan.update != 0 && plan.update != written->id) {
            auto kept = write_comment(src, pr, plan.update, body);
            if (!kept.ok()) {
                published.cleanup_error = kept.error();
                return published;
            }
            published.id = kept->id;
            published.html_url = kept->html_url;
            published.created = false;
        }
    }
    published.cleanup_error = remove_comments(src, pr, plan.remove);
    if (!published.cleanup_error) {
        published.removed = plan.remove.size();
    }
    return published;
}

}  // namespace preview
