#include <doctest/doctest.h>

#include "preview/api/oci_reference.hpp"

using namespace preview;

TEST_SUITE("api::oci_reference") {
    TEST_CASE("registry, repository and tag") {
        auto ref = parse_oci_reference(
            "ghcr.io/stuttgart-things/homerun2-core-catcher:pr-42-0123456789abcdef");
        REQUIRE(ref.ok());
        CHECK(ref->registry == "ghcr.io");
        CHECK(ref->repository == "stuttgart-things/homerun2-core-catcher");
        CHECK(ref->tag == "pr-42-0123456789abcdef");
    }

    TEST_CASE("a registry with a port") {
        auto ref = parse_oci_reference("127.0.0.1:5000/team/app:v1");
        REQUIRE(ref.ok());
        CHECK(ref->registry == "127.0.0.1:5000");
        CHECK(ref->repository == "team/app");
        CHECK(ref->tag == "v1");
    }

    TEST_CASE("Docker Hub references") {
        auto ref = parse_oci_reference("redis:7");
        REQUIRE(ref.ok());
        CHECK(ref->registry == "registry-1.docker.io");
        CHECK(ref->repository == "library/redis");
        ref = parse_oci_reference("bitnami/redis:7");
        REQUIRE(ref.ok());
        CHECK(ref->repository == "bitnami/redis");
    }

    TEST_CASE("a missing tag is a configuration error") {
        for (const char* bad : {"ghcr.io/o/app", "ghcr.io/o/app:", ""}) {
            auto ref = parse_oci_reference(bad);
            REQUIRE_FALSE(ref.ok());
            CHECK(ref.error().kind == ErrorKind::config);
        }
    }
}
