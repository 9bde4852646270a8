#include "kube_parts.hpp"

namespace preview::api_detail {

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

}  // namespace preview::api_detail
