#pragma once

#include <cstdint>
#include <string>

#include "preview/core/preview_list_all.hpp"
#include "preview/core/profile.hpp"
#include "preview/gather/gather.hpp"

namespace preview {

/// Reads what `preview list --all` joins, on one request stream: the ApplicationSets and the
/// workload cluster's namespaces (metadata only) at once; as soon as the ApplicationSets answer,
/// the open PRs of each GitHub repository their PullRequest generators name and, in the same
/// round, the Applications in `argocd_namespace` carrying each label key
/// list_all_application_selectors() gives (one LIST per key; unfiltered, once, when it gives
/// none). Then, in one more round, the pods of each namespace list_all_pod_namespaces() names.
/// The Argo CD lists go through `src.argocd`, whichever source that is. `file` is the profile
/// file, if any.
ListAllSnapshot gather_list_all(const Sources& src, const std::string& argocd_namespace,
                                const Profile* file, std::int64_t now);

}  // namespace preview
