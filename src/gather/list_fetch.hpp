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
Fetch fetch_open_pull_list(const Sources& src, const PrRef& repo, const std::string& label,
                           Observed<std::vector<PullRequest>>& out);

/// Every namespace of the workload cluster, one LIST, metadata only, added to `rounds`. Read
/// through the Argo CD API (no kube context for the workload cluster, design §8), the list is
/// not gathered, with that reason: the API shows no Namespace objects.
void add_namespace_metadata(const Sources& src, FetchRounds& rounds,
                            Observed<std::vector<Namespace>>& out);

/// One pod LIST per namespace, all in one round; nothing when `namespaces` is empty. Read through
/// the Argo CD API, each is not gathered, with that reason (the API lists no pods by namespace).
void fetch_pod_lists(const Sources& src, const std::vector<std::string>& namespaces,
                     std::map<std::string, Observed<std::vector<Pod>>>& out);

}  // namespace preview
