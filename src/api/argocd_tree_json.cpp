#include "preview/api/argocd_tree_json.hpp"

#include <utility>

#include "json_fields.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace preview {
namespace {

using api_detail::Fields;
using api_detail::Json;
using api_detail::Node;

TreeNode read_node(Fields& f, const Node& item, bool orphaned) {
    TreeNode n;
    n.group = f.str(item, "group");
    n.version = f.str(item, "version");
    n.kind = f.str(item, "kind");
    n.namespace_name = f.str(item, "namespace");
    n.name = f.str(item, "name");
    n.uid = f.str(item, "uid");
    n.orphaned = orphaned;
    for (const auto& parent : f.objects(item, "parentRefs")) {
        n.parents.push_back({f.str(parent, "kind"), f.str(parent, "name"), f.str(parent, "uid")});
    }
    for (const auto& entry : f.objects(item, "info")) {
        n.info[f.str(entry, "name")] = f.str(entry, "value");
    }
    n.images = f.strings(item, "images");
    n.health_status = f.str(item, "health.status");
    n.health_message = f.str(item, "health.message");
    n.created_at = f.str(item, "createdAt");
    return n;
}

}  // namespace

Result<std::vector<TreeNode>> parse_resource_tree(std::string_view body) {
    auto doc = api_detail::parse_object(body, "read the Argo CD resource tree");
    if (!doc.ok()) {
        return doc.error();
    }
    Fields f("the Argo CD resource tree");
    const Node root{&doc.value(), ""};
    std::vector<TreeNode> out;
    for (const auto& [key, orphaned] : {std::pair{"nodes", false}, {"orphanedNodes", true}}) {
        const auto items = f.objects(root, key);
        if (out.size() + items.size() > kMaxTreeNodes) {
            return Error(
                ErrorKind::api,
                fmt::format("the Argo CD resource tree has more than {} nodes", kMaxTreeNodes));
        }
        for (std::size_t i = 0; i < items.size() && !f.failed(); ++i) {
            TreeNode node = read_node(f, items[i], orphaned);
            if (!f.failed() && (node.kind.empty() || node.name.empty())) {
                f.fail(fmt::format("{}[{}] has no kind or name", key, i));
            }
            out.push_back(std::move(node));
        }
    }
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return out;
}

Result<std::string> live_manifest_as_list(std::string_view body, std::string_view kind,
                                          std::string_view name) {
    const std::string subject = fmt::format("the live {} {}", kind, name);
    auto doc = api_detail::parse_object(body, "read " + subject + " from the Argo CD API");
    if (!doc.ok()) {
        return doc.error();
    }
    const auto it = doc->find("manifest");
    if (it == doc->end() || !it->is_string()) {
        return api_detail::shape_error(subject + ": the answer has no manifest string");
    }
    auto object = api_detail::parse_object(it->get_ref<const std::string&>(),
                                           "read the manifest of " + subject);
    if (!object.ok()) {
        return object.error();
    }
    Fields f(subject);
    const Node root{&object.value(), ""};
    const std::string got_kind = f.str(root, "kind");
    const std::string got_name = f.str(root, "metadata.name");
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    if (got_kind != kind || got_name != name) {
        return api_detail::shape_error(
            fmt::format("{}: the server sent {} {} instead", subject,
                        got_kind.empty() ? "an object without kind" : got_kind, got_name));
    }
    Json list = Json::object();
    list["kind"] = std::string(kind) + "List";
    list["apiVersion"] = f.str(root, "apiVersion");
    list["items"] = Json::array({std::move(object.value())});
    return list.dump();
}

}  // namespace preview

namespace preview {

Result<std::string> parse_log_stream(std::string_view body) {
    std::string text;
    std::size_t lines = 0;
    while (!body.empty()) {
        const auto end = body.find('\n');
        const std::string_view line = body.substr(0, end);
        body = end == std::string_view::npos ? std::string_view{} : body.substr(end + 1);
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
            continue;
        }
        if (++lines > kMaxLogStreamLines) {
            break;  // a tail was asked for; more is the server's excess, not an error
        }
        auto doc = api_detail::parse_object(line, "read the Argo CD log stream");
        if (!doc.ok()) {
            return doc.error();
        }
        Fields f("the Argo CD log stream");
        const Node root{&doc.value(), ""};
        if (const Node error = f.object(root, "error"); error) {
            const std::string message = f.str(error, "message");
            return Error(ErrorKind::api, fmt::format("the Argo CD log stream failed: {}",
                                                     message.empty() ? "no message" : message));
        }
        const Node result = f.object(root, "result");
        const std::string content = f.str(result, "content");
        const bool last = f.boolean(result, "last");
        if (f.failed() || !result) {
            return api_detail::shape_error(f.failed() ? f.failure()
                                                      : "the Argo CD log stream: a line has no "
                                                        "result");
        }
        if (last) {
            break;
        }
        if (f.str(result, "podName").empty() && !content.empty()) {
            return Error(ErrorKind::api, "the Argo CD API could not read the log: " + content);
        }
        text += content;
        text += '\n';
    }
    return text;
}

}  // namespace preview
