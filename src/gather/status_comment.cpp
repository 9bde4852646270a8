#include "preview/gather/status_comment.hpp"

#include "gather/github_fetch.hpp"
#include "gather/paging.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "preview/api/github_comments.hpp"
#include "preview/api/github_json.hpp"

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

Result<std::string> token_login(const Sources& src) {
    if (!src.github.has_token()) {
        return Error(ErrorKind::auth, "posting the status comment needs a GitHub token",
                     "set GH_TOKEN (in a workflow: GH_TOKEN: ${{ github.token }})");
    }
    auto outcome = src.http.perform(src.github.request("GET", "/user"));
    if (!outcome.ok() || outcome->status != 200) {
        return github_failure(outcome, "read the token's user (GET /user)");
    }
    return parse_user_login(outcome->body);
}

// The id of the user's marked comment, 0 when there is none.
Result<std::int64_t> find_own_comment(const Sources& src, const PrRef& pr, std::string_view marker,
                                      const std::string& login) {
    const std::string what = fmt::format("read the comments of #{}", pr.number);
    Result<HttpRequest> request = src.github.request(
        "GET",
        fmt::format("/repos/{}/{}/issues/{}/comments?per_page=100", pr.owner, pr.repo, pr.number));
    for (int page = 1;; ++page) {
        const std::string url = request->url;
        auto outcome = src.http.perform(std::move(request.value()));
        if (!outcome.ok() || outcome->status != 200) {
            return github_failure(outcome, what);
        }
        // A non-empty author: only the token's own comment counts, never a [bot] or anyone else.
        auto found = parse_bot_comment(outcome->body, marker, login);
        if (!found.ok()) {
            return found.error();
        }
        if (found->has_value()) {
            return (*found)->id;
        }
        auto next = next_page_request(src.github, url, *outcome);
        if (!next) {
            return std::int64_t{0};
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

}  // namespace

Result<PublishedComment> publish_status_comment(const Sources& src, const PrRef& pr,
                                                std::string_view marker, const std::string& body) {
    auto login = token_login(src);
    if (!login.ok()) {
        return login.error();
    }
    auto existing = find_own_comment(src, pr, marker, *login);
    if (!existing.ok()) {
        return existing.error();
    }
    const bool create = *existing == 0;
    HttpRequest request =
        create ? src.github.request("POST", fmt::format("/repos/{}/{}/issues/{}/comments", pr.owner,
                                                        pr.repo, pr.number))
               : src.github.request("PATCH", fmt::format("/repos/{}/{}/issues/comments/{}",
                                                         pr.owner, pr.repo, *existing));
    request.headers.emplace_back("Content-Type", "application/json");
    // The body is sanitised text; replace anything invalid rather than throw.
    request.body = nlohmann::json{{"body", body}}.dump(-1, ' ', false,
                                                       nlohmann::json::error_handler_t::replace);
    const std::string what =
        create ? fmt::format("post the status comment on #{}", pr.number)
               : fmt::format("update the status comment {} on #{}", *existing, pr.number);
    auto outcome = src.http.perform(std::move(request));
    if (!outcome.ok() || outcome->status / 100 != 2) {
        return write_failure(outcome, what);
    }
    auto written = parse_issue_comment(outcome->body);
    if (!written.ok()) {
        return written.error();
    }
    return PublishedComment{written->id, written->html_url, create};
}

}  // namespace preview
