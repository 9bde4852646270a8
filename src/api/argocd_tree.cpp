#include <map>
#include <string>
#include <string_view>

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

constexpr int kMaxCountedContainers = 64;

// A small non-negative decimal from the server's text; 0 when it is not one.
int number_in(std::string_view text) {
    int n = 0;
    if (text.empty() || text.size() > 6) {
        return 0;
    }
    for (const char ch : text) {
        if (ch < '0' || ch > '9') {
            return 0;
        }
        n = n * 10 + (ch - '0');
    }
    return n;
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
    // "Containers" is "<ready>/<total>": that many anonymous containers, for the counts shown.
    const std::string counts = info_of(node, "Containers");
    const auto slash = counts.find('/');
    const int ready = slash == std::string::npos ? 0 : number_in(counts.substr(0, slash));
    const int total = slash == std::string::npos ? 0 : number_in(counts.substr(slash + 1));
    for (int i = 0; i < total && i < kMaxCountedContainers; ++i) {
        ContainerStatus c;
        c.ready = i < ready;
        c.state = pod.phase == "Succeeded" ? "terminated" : (c.ready ? "running" : "");
        c.reason = pod.phase == "Succeeded" ? "Completed" : "";
        c.restart_count = i == 0 ? number_in(info_of(node, "Restart Count")) : 0;
        pod.containers.push_back(std::move(c));
    }
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
