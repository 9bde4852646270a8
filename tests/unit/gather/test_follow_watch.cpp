// watch_points: where each watch of a follow starts.

#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "preview/gather/follow_watch.hpp"

namespace {

using namespace preview;

const WatchPoint* point(const std::vector<WatchPoint>& points, const std::string& key) {
    const auto found =
        std::find_if(points.begin(), points.end(), [&](const auto& p) { return p.key == key; });
    return found == points.end() ? nullptr : &*found;
}

TEST_SUITE("watch_points") {
    TEST_CASE(
        "a collection from its list; an object by name from its own version, then its "
        "cluster's list") {
        Snapshot snap;
        snap.list_versions = {{"applications", "100"},
                              {"application", "90"},
                              {"pods", "200"},
                              {"deployments", "201"},
                              {"namespace", "50"}};
        const auto points = watch_points(snap);

        REQUIRE(point(points, "applications") != nullptr);
        CHECK(point(points, "applications")->resource_version == "100");
        CHECK(point(points, "applications")->fallback_version.empty());
        CHECK(point(points, "deployments")->resource_version == "201");
        CHECK(point(points, "jobs") == nullptr);  // not listed: not watched

        // The namespace was read at another moment than the pods: its own version, so a
        // deletion between the two reads is still told; the pods list if that is too old.
        REQUIRE(point(points, "namespace") != nullptr);
        CHECK(point(points, "namespace")->resource_version == "50");
        CHECK(point(points, "namespace")->fallback_version == "200");
        CHECK(point(points, "application")->resource_version == "90");
        CHECK(point(points, "application")->fallback_version == "100");
        // Not found by its GET: from the list of its cluster, with nothing to fall back to.
        CHECK(point(points, "applicationset")->resource_version == "100");
        CHECK(point(points, "applicationset")->fallback_version.empty());

        for (const char* key : {"namespace", "application", "applicationset"}) {
            CHECK(std::count_if(points.begin(), points.end(),
                                [&](const auto& p) { return p.key == key; }) == 1);
        }
    }

    TEST_CASE("no watch by name on a cluster whose list failed") {
        Snapshot snap;
        snap.list_versions = {{"application", "90"}, {"applicationset", "91"}, {"namespace", "50"}};
        CHECK(watch_points(snap).empty());
    }
}

}  // namespace
