#pragma once

#include <vector>

#include "preview/core/mutation.hpp"
#include "preview/core/pr_ref.hpp"
#include "preview/gather/gather.hpp"

namespace preview {

/// Sends each mutation as its one minimal request (Kubernetes: a JSON merge patch with
/// fieldManager=preview; GitHub: add or remove one label) in one parallel batch, GitHub requests
/// one at a time. Returns one status per mutation, in order. Removing a label that is already gone
/// is success.
std::vector<Status> apply_mutations(const Sources& src, const PrRef& pr,
                                    const std::vector<Mutation>& mutations);

}  // namespace preview
