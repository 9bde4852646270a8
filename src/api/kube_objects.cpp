#include "kube_objects.hpp"

namespace preview::api_detail {
namespace {

// "an Application", "a Pod".
std::string with_article(std::string_view noun) {
    const bool vowel = !noun.empty() &&
                       std::string_view("AEIOUaeiou").find(noun.front()) != std::string_view::npos;
    return (vowel ? "an " : "a ") + std::string(noun);
}

}  // namespace

ObjectMeta read_meta(Fields& f, const Node& metadata) {
    ObjectMeta meta;
    meta.name = f.str(metadata, "name");
    meta.namespace_name = f.str(metadata, "namespace");
    meta.creation_timestamp = f.str(metadata, "creationTimestamp");
    meta.deletion_timestamp = f.str(metadata, "deletionTimestamp");
    meta.generation = f.int64(metadata, "generation");
    meta.labels = f.string_map(metadata, "labels");
    meta.annotations = f.string_map(metadata, "annotations");
    meta.finalizers = f.strings(metadata, "finalizers");
    for (const Node& owner : f.objects(metadata, "ownerReferences")) {
        meta.owners.push_back(OwnerRef{f.str(owner, "kind"), f.str(owner, "name")});
    }
    return meta;
}

std::vector<Condition> read_conditions(Fields& f, const Node& at, std::string_view path) {
    std::vector<Condition> out;
    for (const Node& c : f.objects(at, path)) {
        Condition cond;
        cond.type = f.str(c, "type");
        cond.status = f.str(c, "status");
        cond.reason = f.str(c, "reason");
        cond.message = f.str(c, "message");
        cond.last_transition_time = f.str(c, "lastTransitionTime");
        cond.observed_generation = f.int64(c, "observedGeneration");
        out.push_back(std::move(cond));
    }
    return out;
}

bool check_kind(Fields& f, const Node& root, std::string_view expected) {
    const std::string kind = f.str(root, "kind");
    if (kind.empty() || kind == expected) {
        return true;
    }
    std::string what = "expected " + with_article(expected) + " but got " + with_article(kind);
    if (kind == "Status") {
        const std::string message = f.str(root, "message");
        if (!message.empty()) {
            what += " (" + message + ")";
        }
    }
    f.fail(what);
    return false;
}

void name_subject(Fields& f, const Node& item, std::string_view kind, std::size_t index) {
    const Node metadata = f.object(item, "metadata");
    const std::string name = f.str(metadata, "name");
    if (name.empty()) {
        f.set_subject(std::string(kind) + " #" + std::to_string(index));
        f.fail("has no metadata.name");
        return;
    }
    f.set_subject(quoted_subject(kind, name));
}

}  // namespace preview::api_detail
