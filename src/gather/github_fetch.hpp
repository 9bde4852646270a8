#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "gather/fetch_rounds.hpp"

#include "preview/core/profile.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/gather/gather.hpp"

namespace preview {

/// Reads the PR; on success schedules the head commit's check runs and the registry artifacts.
Fetch fetch_pull_request(const Sources& src, const Profile& profile, Snapshot& snap);

/// Finds the sticky preview-bot comment (see is_bot_comment_author), following Link pages.
Fetch fetch_bot_comment(const Sources& src, const Profile& profile, Snapshot& snap);

/// Reads the PR's issue events (all pages, bounded) for the timeline's "label added".
Fetch fetch_label_events(const Sources& src, Snapshot& snap);

/// The request for the next page that `response` (the answer to `request_url`) names in its
/// Link header; nullopt when it names none; an error when the link leaves the API's origin
/// (GithubClient::follow_link), so the list is reported unreadable rather than cut short.
std::optional<Result<HttpRequest>> next_page_request(const GithubClient& github,
                                                     const std::string& request_url,
                                                     const HttpResponse& response);

/// GETs the preview URL's health path once, without retries or credentials.
Fetch fetch_url_probe(const std::string& url, std::chrono::milliseconds timeout, Snapshot& snap,
                      const TlsOptions& tls = {});

/// Error for a GitHub answer that is not 2xx, or a transport error, describing `what`.
Error github_failure(const HttpOutcome& outcome, const std::string& what);

}  // namespace preview
