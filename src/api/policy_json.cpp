#include "preview/api/policy_json.hpp"

#include <string>

#include "json_fields.hpp"
#include "kube_objects.hpp"
#include <nlohmann/json.hpp>

#include "preview/api/kube_json.hpp"

namespace preview {
namespace {

using api_detail::Fields;
using api_detail::Json;
using api_detail::Node;

// metadata (with a name) of `obj`, or a shape error naming `kind`.
Result<ObjectMeta> read_meta(const Json& obj, std::string_view kind, std::size_t index) {
    const auto it = obj.find("metadata");
    if (it == obj.end()) {
        return api_detail::shape_error(std::string(kind) + " #" + std::to_string(index) +
                                       " has no metadata");
    }
    auto meta = parse_object_meta(*it, kind);
    if (meta.ok() && meta->name.empty()) {
        return api_detail::shape_error(std::string(kind) + " #" + std::to_string(index) +
                                       " has no metadata.name");
    }
    return meta;
}

Result<UpdateRequest> read_update_request(const Json& item, std::size_t index) {
    auto meta = read_meta(item, "UpdateRequest", index);
    if (!meta.ok()) {
        return meta.error();
    }
    Fields f(api_detail::quoted_subject("UpdateRequest", meta->name));
    const Node at{&item, ""};
    UpdateRequest ur;
    ur.meta = std::move(*meta);
    ur.request_type = f.str(at, "spec.requestType");
    ur.policy = f.str(at, "spec.policy");
    ur.rule = f.str(at, "spec.rule");
    ur.resource_kind = f.str(at, "spec.resource.kind");
    ur.resource_name = f.str(at, "spec.resource.name");
    ur.resource_namespace = f.str(at, "spec.resource.namespace");
    ur.state = f.str(at, "status.state");
    ur.message = f.str(at, "status.message");
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return ur;
}

}  // namespace

Result<std::vector<UpdateRequest>> parse_update_request_list(std::string_view body) {
    auto doc = api_detail::parse_object(body, "read the UpdateRequest list");
    if (!doc.ok()) {
        return doc.error();
    }
    const auto items = doc->find("items");
    if (items == doc->end() || !items->is_array()) {
        return api_detail::shape_error("the UpdateRequest list has no items array");
    }
    std::vector<UpdateRequest> out;
    for (std::size_t i = 0; i < items->size(); ++i) {
        if (!(*items)[i].is_object()) {
            return api_detail::shape_error("UpdateRequest #" + std::to_string(i) +
                                           " is not an object");
        }
        auto ur = read_update_request((*items)[i], i);
        if (!ur.ok()) {
            return ur.error();
        }
        out.push_back(std::move(*ur));
    }
    return out;
}

Result<PolicyObject> parse_policy_object(std::string_view body, std::string_view kind) {
    auto doc = api_detail::parse_object(body, "read the " + std::string(kind));
    if (!doc.ok()) {
        return doc.error();
    }
    auto meta = read_meta(*doc, kind, 0);
    if (!meta.ok()) {
        return meta.error();
    }
    Fields f(api_detail::quoted_subject(kind, meta->name));
    const Node at{&doc.value(), ""};
    const std::string got = f.str(at, "kind");
    if (!got.empty() && got != kind) {
        return api_detail::shape_error(api_detail::quoted_subject(kind, meta->name) +
                                       ": expected kind " + std::string(kind) + ", got " + got);
    }
    PolicyObject out{std::string(kind), std::move(*meta),
                     api_detail::read_conditions(f, at, "status.conditions")};
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return out;
}

}  // namespace preview
