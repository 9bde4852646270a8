#pragma once

#include <cstdint>

#include "preview/core/preview_list.hpp"
#include "preview/core/profile.hpp"
#include "preview/gather/gather.hpp"

namespace preview {

/// Reads what `preview list` joins, in one parallel round plus one request per further page:
/// the open PRs with the gate label (GitHub, 100 per page, following Link), the Applications
/// with the PR label in the Argo CD namespace (one LIST with a label selector) and the
/// namespaces of the workload cluster (one LIST, metadata only); then, in one more round, the
/// pods of each namespace list_pod_namespaces() names. The number of requests grows with pages
/// and unhealthy previews, never with healthy ones.
ListSnapshot gather_list(const Sources& src, const Profile& profile, const PrRef& repo,
                         std::int64_t now);

/// The open PRs with `label`: number, title, author, labels, timestamps. Used by shell
/// completion too. `max_pages` bounds the cost on huge repositories; `max_attempts` 1 means no
/// retries (completion must answer at once or not at all).
Observed<std::vector<PullRequest>> fetch_labelled_pulls(const Sources& src, const PrRef& repo,
                                                        const std::string& label, int max_pages,
                                                        int max_attempts);

/// The first page of open PRs, most recently updated first (`GET .../pulls?state=open`): what
/// `preview up` can be pointed at. For shell completion; one request.
Observed<std::vector<PullRequest>> fetch_open_pulls(const Sources& src, const PrRef& repo,
                                                    int max_attempts);

}  // namespace preview
