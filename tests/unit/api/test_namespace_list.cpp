#include <doctest/doctest.h>

#include "preview/api/kube_json.hpp"

using namespace preview;

TEST_SUITE("api::kube namespace list") {
    TEST_CASE("a full NamespaceList") {
        const auto list = parse_namespace_list(R"({
          "kind": "NamespaceList", "apiVersion": "v1", "metadata": {"resourceVersion": "812"},
          "items": [
            {"metadata": {"name": "default", "creationTimestamp": "2026-08-18T09:00:00Z",
                          "labels": {"kubernetes.io/metadata.name": "default"}},
             "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}},
            {"metadata": {"name": "homerun2-core-catcher-pr-3",
                          "creationTimestamp": "2026-11-20T09:00:00Z",
                          "deletionTimestamp": "2026-11-23T15:00:00Z"},
             "spec": {"finalizers": ["kubernetes"]},
             "status": {"phase": "Terminating", "conditions": [
               {"type": "NamespaceContentRemaining", "status": "True",
                "reason": "SomeResourcesRemain", "message": "Some resources are remaining"}]}}
          ]})");
        REQUIRE(list.ok());
        REQUIRE(list->size() == 2);
        CHECK((*list)[0].phase == "Active");
        CHECK((*list)[1].phase == "Terminating");
        CHECK((*list)[1].conditions.size() == 1);
    }

    TEST_CASE("metadata only (as=PartialObjectMetadataList): phase from deletionTimestamp") {
        const auto list = parse_namespace_list(R"({
          "kind": "PartialObjectMetadataList", "apiVersion": "meta.k8s.io/v1",
          "metadata": {"resourceVersion": "812"},
          "items": [
            {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
             "metadata": {"name": "kube-system", "uid": "4f0c5d0e-2b7e-4c4e-9d1a-0c1c0a7c9e11",
                          "resourceVersion": "4", "creationTimestamp": "2026-08-18T09:00:00Z",
                          "labels": {"kubernetes.io/metadata.name": "kube-system"},
                          "managedFields": [{"manager": "kube-apiserver", "operation": "Update",
                                             "apiVersion": "v1", "fieldsType": "FieldsV1",
                                             "fieldsV1": {"f:metadata": {}}}]}},
            {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
             "metadata": {"name": "homerun2-core-catcher-pr-3",
                          "creationTimestamp": "2026-11-20T09:00:00Z",
                          "deletionTimestamp": "2026-11-23T15:00:00Z"}}
          ]})");
        REQUIRE(list.ok());
        REQUIRE(list->size() == 2);
        CHECK((*list)[0].meta.name == "kube-system");
        CHECK((*list)[0].phase == "Active");
        CHECK((*list)[1].phase == "Terminating");
    }

    TEST_CASE("another kind of list, or a Status, is an error") {
        CHECK_FALSE(parse_namespace_list(R"({"kind": "PodList", "items": []})").ok());
        const auto status = parse_namespace_list(
            R"({"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 403,
                "reason": "Forbidden", "message": "namespaces is forbidden"})");
        CHECK_FALSE(status.ok());
        CHECK_FALSE(parse_namespace_list("not json").ok());
    }
}
