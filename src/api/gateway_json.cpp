#include "preview/api/gateway_json.hpp"

#include "json_fields.hpp"
#include "kube_objects.hpp"
#include "route_refs.hpp"

#include "preview/api/kube_json.hpp"

namespace preview {
namespace api_detail {

void read_route_refs(Fields& f, const Node& route_object, HttpRoute& route) {
    const std::string& own = route.meta.namespace_name;
    for (const Node& ref : f.objects(route_object, "spec.parentRefs")) {
        RouteParentRef p{f.str(ref, "kind"), f.str(ref, "namespace"), f.str(ref, "name")};
        p.kind = p.kind.empty() ? "Gateway" : p.kind;
        p.namespace_name = p.namespace_name.empty() ? own : p.namespace_name;
        route.parent_refs.push_back(std::move(p));
    }
    for (const Node& rule : f.objects(route_object, "spec.rules")) {
        const auto matches = f.objects(rule, "matches");
        if (matches.empty()) {
            route.paths.push_back({"PathPrefix", "/", "", 0, 0});
        }
        for (const Node& match : matches) {
            RoutePathMatch path;
            path.type = f.str(match, "path.type");
            path.value = f.str(match, "path.value");
            path.type = path.type.empty() ? "PathPrefix" : path.type;
            path.value = path.value.empty() ? "/" : path.value;
            path.method = f.str(match, "method");
            path.header_matches = static_cast<int>(f.objects(match, "headers").size());
            path.query_matches = static_cast<int>(f.objects(match, "queryParams").size());
            route.paths.push_back(std::move(path));
        }
        for (const Node& ref : f.objects(rule, "backendRefs")) {
            RouteBackendRef b{f.str(ref, "kind"), f.str(ref, "namespace"), f.str(ref, "name"),
                              f.int32(ref, "port")};
            b.kind = b.kind.empty() ? "Service" : b.kind;
            b.namespace_name = b.namespace_name.empty() ? own : b.namespace_name;
            route.backend_refs.push_back(std::move(b));
        }
    }
}

}  // namespace api_detail
namespace {

using api_detail::Fields;
using api_detail::Json;
using api_detail::Node;

// metadata through the shared reader, so names and timestamps read as everywhere else.
Result<ObjectMeta> read_metadata(const Json& object, std::string_view kind) {
    static const Json empty = Json::object();
    const auto it = object.find("metadata");
    const Json& metadata = it == object.end() ? empty : *it;
    auto meta = parse_object_meta(metadata, kind);
    if (meta.ok() && meta->name.empty()) {
        return api_detail::shape_error(std::string(kind) + " has no metadata.name");
    }
    return meta;
}

Result<Json> read_document(std::string_view body, std::string_view kind, std::string_view what) {
    auto doc = api_detail::parse_object(body, what);
    if (!doc.ok()) {
        return doc;
    }
    const auto found = doc->find("kind");
    if (found != doc->end() && found->is_string() && found->get<std::string>() != kind) {
        return api_detail::shape_error(std::string(what) + ": expected " + std::string(kind) +
                                       " but got " + found->get<std::string>());
    }
    return doc;
}

}  // namespace

Result<Gateway> parse_gateway(std::string_view body) {
    auto doc = read_document(body, "Gateway", "read the Gateway");
    if (!doc.ok()) {
        return doc.error();
    }
    auto meta = read_metadata(*doc, "the Gateway");
    if (!meta.ok()) {
        return meta.error();
    }
    Gateway g;
    g.meta = std::move(*meta);
    Fields f(api_detail::quoted_subject("Gateway", g.meta.name));
    const Node root{&*doc, ""};
    g.conditions = api_detail::read_conditions(f, root, "status.conditions");
    for (const Node& a : f.objects(root, "status.addresses")) {
        g.addresses.push_back(f.str(a, "value"));
    }
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return g;
}

Result<std::vector<Service>> parse_service_list(std::string_view body) {
    auto doc = read_document(body, "ServiceList", "read the Service list");
    if (!doc.ok()) {
        return doc.error();
    }
    Fields f("the Service list");
    const Node root{&*doc, ""};
    if (!f.has_key(root, "items")) {
        return api_detail::shape_error("the Service list has no items");
    }
    std::vector<Service> out;
    for (const Node& item : f.objects(root, "items")) {
        auto meta = read_metadata(*item.value, "a Service");
        if (!meta.ok()) {
            return meta.error();
        }
        Service s;
        s.meta = std::move(*meta);
        f.set_subject(api_detail::quoted_subject("Service", s.meta.name));
        const Node own{item.value, ""};
        for (const Node& p : f.objects(own, "spec.ports")) {
            s.ports.push_back({f.str(p, "name"), f.int32(p, "port")});
        }
        out.push_back(std::move(s));
    }
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return out;
}

}  // namespace preview
