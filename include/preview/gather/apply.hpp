#pragma once

#include <string_view>
#include <vector>

#include "preview/core/mutation.hpp"
#include "preview/core/pr_ref.hpp"
#include "preview/gather/gather.hpp"

namespace preview {

/// Error::reason of a step that was not sent because an earlier one failed.
inline constexpr std::string_view kNotAttempted = "NotAttempted";

/// Sends each mutation as its one minimal request (Kubernetes: a JSON merge patch with
/// fieldManager=preview; GitHub: add or remove one label; the Argo CD API server: one sync or
/// refresh call; the ApplicationSet webhook: one event), one after the other: the first step
/// that fails ends the change, and the steps after it are not sent (their status is an error
/// whose reason is kNotAttempted). Returns one status per mutation, in order. Removing a label
/// that is already gone is success.
std::vector<Status> apply_mutations(const Sources& src, const PrRef& pr,
                                    const std::vector<Mutation>& mutations);

}  // namespace preview
