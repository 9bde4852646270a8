#pragma once

// Internal to the gather layer: the reads `preview list` and `preview list --all` share.

#include <map>
#include <string>
#include <vector>

#include "gather/fetch_rounds.hpp"

#include "preview/core/pr_ref.hpp"
#include "preview/core/snapshot.hpp"
#include "preview/gather/gather.hpp"

namespace preview {

/// Every open PR of `repo` with its head (`GET .../pulls?state=open`, 100 per page, following
/// Link); `label` only names the list in messages.
Fetch fetch_open_pull_list(const Sources& sources, const PrRef& repo, const std::string& label,
                           Observed<std::vector<PullRequest>>& out);

/// Every namespace of the workload cluster, one LIST, metadata only.
Fetch fetch_namespace_metadata(const Sources& sources, Observed<std::vector<Namespace>>& out);

/// One pod LIST per namespace, all in one round; nothing when `namespaces` is empty.
void fetch_pod_lists(const Sources& sources, const std::vector<std::string>& namespaces,
                     std::map<std::string, Observed<std::vector<Pod>>>& out);

}  // namespace preview
