#pragma once

// Internal to the api layer: what every Kubernetes and Argo CD object and list shares (metadata,
// conditions, the kind check, naming the item in messages), for every parser in src/api.

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "json_fields.hpp"

#include "preview/core/result.hpp"
#include "preview/core/snapshot.hpp"

namespace preview::api_detail {

/// metav1.ObjectMeta from an object's `metadata`.
ObjectMeta read_meta(Fields& f, const Node& metadata);

/// The conditions array at `path` below `at`.
std::vector<Condition> read_conditions(Fields& f, const Node& at, std::string_view path);

/// Checks the top-level kind (when the server sent one) against the expected one.
bool check_kind(Fields& f, const Node& root, std::string_view expected);

/// Names the item in messages once its name is known; an item without one is a shape error.
void name_subject(Fields& f, const Node& item, std::string_view kind, std::size_t index);

/// One object of `kind` from `body`, read by `read(Fields&, const Node&)`.
template <class T, class Read>
Result<T> parse_single(std::string_view body, std::string_view kind, Read read) {
    const std::string what = "read the " + std::string(kind);
    auto doc = parse_object(body, what);
    if (!doc.ok()) {
        return doc.error();
    }
    Fields f("the " + std::string(kind));
    const Node root{&doc.value(), ""};
    if (check_kind(f, root, kind)) {
        name_subject(f, root, kind, 0);
    }
    if (f.failed()) {
        return shape_error(f.failure());
    }
    T value = read(f, root);
    if (f.failed()) {
        return shape_error(f.failure());
    }
    return value;
}

/// A `<kind>List` from `body`, each item read by `read(Fields&, const Node&)`, or by
/// `read(Fields&, const Node&, list apiVersion)` for a reader that needs the list's apiVersion.
template <class T, class Read>
Result<std::vector<T>> parse_list(std::string_view body, std::string_view kind, Read read) {
    const std::string list_kind = std::string(kind) + "List";
    auto doc = parse_object(body, "read the " + std::string(kind) + " list");
    if (!doc.ok()) {
        return doc.error();
    }
    Fields f("the " + std::string(kind) + " list");
    const Node root{&doc.value(), ""};
    if (!check_kind(f, root, list_kind)) {
        return shape_error(f.failure());
    }
    if (!f.has_key(root, "items")) {
        f.fail("has no items");
        return shape_error(f.failure());
    }
    const std::string list_api_version = f.str(root, "apiVersion");
    const std::vector<Node> items = f.objects(root, "items");
    std::vector<T> out;
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size() && !f.failed(); ++i) {
        // The subject names the item, so its field paths start at the item, not at items[i].
        const Node item{items[i].value, ""};
        name_subject(f, item, kind, i);
        if constexpr (std::is_invocable_v<Read&, Fields&, const Node&, const std::string&>) {
            out.push_back(read(f, item, list_api_version));
        } else {
            out.push_back(read(f, item));
        }
    }
    if (f.failed()) {
        return shape_error(f.failure());
    }
    return out;
}

}  // namespace preview::api_detail
