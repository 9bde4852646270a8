#include <doctest/doctest.h>

#include "preview/api/leftovers.hpp"

using namespace preview;

TEST_SUITE("api::leftovers") {
    TEST_CASE("the namespace controller's message names group and resource") {
        auto found = remaining_resources(
            "Some resources are remaining: externalsecrets.external-secrets.io has 1 resource "
            "instances, pods. has 2 resource instances");
        REQUIRE(found.size() == 2);
        CHECK(found[0].resource == "externalsecrets");
        CHECK(found[0].group == "external-secrets.io");
        CHECK(found[1].resource == "pods");
        CHECK(found[1].group.empty());
        CHECK(remaining_resources("All content successfully removed").empty());
        CHECK(remaining_resources("").empty());
    }

    TEST_CASE("preferred version of an API group") {
        auto v = parse_preferred_version(
            R"({"kind":"APIGroup","name":"external-secrets.io","preferredVersion":)"
            R"({"groupVersion":"external-secrets.io/v1","version":"v1"}})");
        REQUIRE(v.ok());
        CHECK(*v == "external-secrets.io/v1");
        CHECK_FALSE(parse_preferred_version("<html>").ok());
    }

    TEST_CASE("any list: names, kinds and finalizers") {
        auto items = parse_leftover_list(
            R"({"kind":"ExternalSecretList","apiVersion":"external-secrets.io/v1","items":[)"
            R"({"metadata":{"name":"redis-stack-auth","finalizers":["externalsecrets.external-secrets.io/externalsecret-cleanup"]}},)"
            R"({"metadata":{"name":"plain"}}]})");
        REQUIRE(items.ok());
        REQUIRE(items->size() == 2);
        CHECK((*items)[0].kind == "ExternalSecret");
        CHECK((*items)[0].api_version == "external-secrets.io/v1");
        CHECK((*items)[0].finalizers.size() == 1);
        CHECK((*items)[1].finalizers.empty());
        CHECK_FALSE(parse_leftover_list("[]").ok());
    }
}
