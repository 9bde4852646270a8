#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "preview/core/result.hpp"
#include "preview/core/snapshot.hpp"

namespace preview {

/// A resource type named by a Terminating namespace's conditions ("externalsecrets" in group
/// "external-secrets.io"; "pods" in the core group "").
struct GroupResource {
    std::string resource;
    std::string group;
};

/// Parses the namespace controller's NamespaceContentRemaining message ("Some resources are
/// remaining: externalsecrets.external-secrets.io has 1 resource instances, pods. has 1 resource
/// instances") into the resource types still present.
std::vector<GroupResource> remaining_resources(std::string_view condition_message);

/// The preferred "group/version" of an APIGroup document (GET /apis/{group}).
Result<std::string> parse_preferred_version(std::string_view body);

/// Every object of a list of any kind, with its finalizers (only metadata is read).
Result<std::vector<Leftover>> parse_leftover_list(std::string_view body);

}  // namespace preview
