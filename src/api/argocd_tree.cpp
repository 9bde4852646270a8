#include <map>
#include <string>

#include "preview/api/argocd_tree_json.hpp"

// Snapshot objects from tree nodes: only what Argo CD's own health checks vouch for.
namespace preview {
namespace {

ObjectMeta meta_of(const TreeNode& node) {
    ObjectMeta meta;
    meta.name = node.name;
    meta.namespace_name = node.namespace_name;
    meta.creation_timestamp = node.created_at;
    for (const auto& parent : node.parents) {
        meta.owners.push_back({parent.kind, parent.name});
    }
    return meta;
}

std::string info_of(const TreeNode& node, const std::string& key) {
    const auto it = node.info.find(key);
    return it == node.info.end() ? std::string{} : it->second;
}

// Whether `ancestor` controls `node` through its first owners (Pod -> ReplicaSet -> Deployment;
// a controlled object has one controller), a few steps at most whatever the server sends.
bool below(const TreeNode& node, const TreeNode& ancestor,
           const std::map<std::string, const TreeNode*>& by_uid) {
    const TreeNode* at = &node;
    for (int step = 0; step < 4 && !at->parents.empty(); ++step) {
        const std::string& uid = at->parents.front().uid;
        if (uid.empty()) {
            return false;
        }
        if (uid == ancestor.uid) {
            return true;
        }
        const auto it = by_uid.find(uid);
        if (it == by_uid.end()) {
            return false;
        }
        at = it->second;
    }
    return false;
}

}  // namespace

Pod pod_from_node(const TreeNode& node) {
    Pod pod;
    pod.meta = meta_of(node);
    const std::string reason = info_of(node, "Status Reason");
    const bool healthy = node.health_status == "Healthy";
    if (reason == "Completed") {
        pod.phase = "Succeeded";
    } else if (healthy) {
        pod.phase = "Running";
    } else {
        pod.phase = "Pending";
    }
    pod.ready = healthy && pod.phase == "Running";
    pod.images = node.images;
    pod.message = node.health_message;
    return pod;
}

Workload workload_from_node(const TreeNode& node, const std::vector<TreeNode>& all) {
    Workload w;
    w.kind = node.kind;
    w.meta = meta_of(node);
    std::map<std::string, const TreeNode*> by_uid;
    for (const auto& other : all) {
        if (!other.uid.empty()) {
            by_uid.emplace(other.uid, &other);
        }
    }
    int pods = 0;
    for (const auto& other : all) {
        if (other.kind == "Pod" && other.health_status == "Healthy" && !node.uid.empty() &&
            below(other, node, by_uid)) {
            ++pods;
        }
    }
    w.desired = w.current = w.ready = w.available = w.updated = pods;
    return w;
}

ExternalSecret external_secret_from_node(const TreeNode& node) {
    ExternalSecret es;
    es.meta = meta_of(node);
    es.api_version = node.group + "/" + node.version;
    es.conditions.push_back({"Ready", "True", {}, node.health_message, {}, 0});
    return es;
}

}  // namespace preview
