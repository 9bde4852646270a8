#pragma once

// The Argo CD API's view of a workload (design §8): an Application's resource tree and the live
// objects `/resource` returns. Pure and exception-free; every string is the server's, untrusted.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/result.hpp"

namespace preview {

/// Most nodes one tree may have: a preview's Applications manage tens of objects.
inline constexpr std::size_t kMaxTreeNodes = 5000;

/// One parentRefs[] entry of a tree node.
struct TreeParent {
    std::string kind;
    std::string name;
    std::string uid;
};

/// One ResourceNode of an ApplicationTree (`nodes[]` and `orphanedNodes[]`).
struct TreeNode {
    std::string group;
    std::string version;
    std::string kind;
    std::string namespace_name;
    std::string name;
    std::string uid;  ///< empty for a managed object missing from the cluster
    std::vector<TreeParent> parents;
    std::map<std::string, std::string> info;  ///< "Status Reason", "Containers", "Restart Count"
    std::vector<std::string> images;
    std::string health_status;  ///< Healthy, Progressing, Degraded, ...; empty: no health check
    std::string health_message;
    std::string created_at;
    bool orphaned = false;  ///< from orphanedNodes: in the namespace, managed by no Application
};

/// `GET /api/v1/applications/{name}/resource-tree`: the nodes and orphaned nodes, at most
/// kMaxTreeNodes (more is an error). A node without kind or name is a shape error.
Result<std::vector<TreeNode>> parse_resource_tree(std::string_view body);

/// `GET /api/v1/applications/{name}/resource` answers `{"manifest": "<JSON text>"}`. Returns
/// the live object as a one-item `<kind>List` document the Kubernetes list parsers read, after
/// checking that it is a JSON object of the `kind` and `name` asked for (a server must not hand
/// over another object in its place).
Result<std::string> live_manifest_as_list(std::string_view body, std::string_view kind,
                                          std::string_view name);

}  // namespace preview

#include "preview/core/snapshot.hpp"

namespace preview {

/// A Pod as its tree node shows it: Argo CD's health, `Status Reason` and images, no container
/// states (those need the live object). Healthy means Running and ready, or Succeeded.
Pod pod_from_node(const TreeNode& node);

/// A Deployment or StatefulSet the tree says is Healthy (Argo CD's rollout check passed): its
/// replica counts are the Healthy pods the tree hangs below it (through its ReplicaSets).
Workload workload_from_node(const TreeNode& node, const std::vector<TreeNode>& all);

/// An ExternalSecret the tree says is Healthy (Argo CD's check: Ready=True).
ExternalSecret external_secret_from_node(const TreeNode& node);

}  // namespace preview

namespace preview {

/// Most lines read from one log stream.
inline constexpr std::size_t kMaxLogStreamLines = 5000;

/// `GET /api/v1/applications/{name}/logs?...&follow=false`: newline-delimited
/// `{"result":{"content","podName","last",...}}` messages, joined into the log text (one line
/// per message) up to the `last` message. An `{"error":{...}}` message, or a line with an empty
/// podName (how the server passes on Kubernetes' refusal, e.g. no previous container), is the
/// error it carries.
Result<std::string> parse_log_stream(std::string_view body);

}  // namespace preview
