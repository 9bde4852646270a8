#include <doctest/doctest.h>

#include "preview/api/oci_reference.hpp"

using namespace preview;

TEST_SUITE("api::oci_reference") {
    TEST_CASE("registry, repository and tag") {
        struct Case {
            const char* reference;
            const char* registry;
            const char* repository;
            const char* tag;
        };
        for (const Case& c : {
                 Case{"ghcr.io/stuttgart-things/homerun2-core-catcher:pr-42-0123456789abcdef",
                      "ghcr.io", "stuttgart-things/homerun2-core-catcher",
                      "pr-42-0123456789abcdef"},
                 Case{"127.0.0.1:5000/team/app:v1", "127.0.0.1:5000", "team/app", "v1"},
                 // Docker Hub
                 Case{"redis:7", "registry-1.docker.io", "library/redis", "7"},
                 Case{"bitnami/redis:7", "registry-1.docker.io", "bitnami/redis", "7"},
             }) {
            CAPTURE(c.reference);
            auto ref = parse_oci_reference(c.reference);
            REQUIRE(ref.ok());
            CHECK(ref->registry == c.registry);
            CHECK(ref->repository == c.repository);
            CHECK(ref->tag == c.tag);
        }
    }

    TEST_CASE("a missing tag is a configuration error") {
        for (const char* bad : {"ghcr.io/o/app", "ghcr.io/o/app:", ""}) {
            auto ref = parse_oci_reference(bad);
            REQUIRE_FALSE(ref.ok());
            CHECK(ref.error().kind == ErrorKind::config);
        }
    }
}
