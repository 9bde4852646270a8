#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/result.hpp"
#include "preview/core/snapshot.hpp"

/// GitHub REST wire JSON -> plain structs. Pure and exception-free: any input yields a value or an
/// ErrorKind::api error that names the object and the field; missing optional fields and JSON
/// null read as empty.
namespace preview {

/// A pull request (`GET /repos/{o}/{r}/pulls/{n}`). owner/repo come from base.repo.full_name,
/// author from user.login. The object must carry a number.
Result<PullRequest> parse_pull_request(std::string_view body);

/// One page of `GET /repos/{o}/{r}/pulls`: the same fields as parse_pull_request, per item.
Result<std::vector<PullRequest>> parse_pull_request_list(std::string_view body);

/// The check runs of one page of `GET .../commits/{ref}/check-runs` (the
/// `{total_count, check_runs: [...]}` envelope).
Result<std::vector<CheckRun>> parse_check_runs(std::string_view body);

/// The first comment on one page of `GET .../issues/{n}/comments` whose body starts with
/// `marker`, ignoring leading whitespace, and whose author is `author` (a login, compared
/// case-insensitively as GitHub does) or, when `author` is empty, any GitHub App (a login ending
/// in "[bot]", which only apps can have); nullopt when none on this page is. Anyone can post the
/// marker: a comment by someone else never counts.
Result<std::optional<BotComment>> parse_bot_comment(std::string_view body, std::string_view marker,
                                                    std::string_view author);

/// The label names of a label array (`GET`/`POST .../issues/{n}/labels`).
Result<std::vector<std::string>> parse_labels(std::string_view body);

/// The `labeled` and `unlabeled` events on one page of `GET .../issues/{n}/events`, in the
/// page's order; other events, and events whose fields have the wrong type, are skipped (the
/// timeline is told, never decided, from them). The body must be an array.
Result<std::vector<LabelEvent>> parse_label_events(std::string_view body);

/// The pull requests on one page of `GET /repos/{o}/{r}/issues` (items with a `pull_request`
/// key; plain issues are skipped). Filled: owner, repo (from repository_url), number, title,
/// author, labels, state, merged (from pull_request.merged_at), draft, html_url, created_at,
/// updated_at, closed_at. The head SHA is not in this payload and stays empty.
Result<std::vector<PullRequest>> parse_issue_pull_requests(std::string_view body);

}  // namespace preview
