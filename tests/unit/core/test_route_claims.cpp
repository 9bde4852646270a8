#include "support/findings.hpp"
#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/route_claims.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

const std::string kHost = "cc-pr-42.homerun2-dev.sthings-vsphere.labul.sva.de";

// Another preview's route on the same Gateway and hostname.
HttpRoute other_route(std::string created, std::string ns = "homerun2-core-catcher-pr-7") {
    HttpRoute r = route("homerun2-core-catcher");
    r.meta.namespace_name = std::move(ns);
    r.meta.creation_timestamp = std::move(created);
    return r;
}

// The healthy preview whose URL reports another commit than the head.
Snapshot serving_other_commit() {
    auto s = healthy_snapshot();
    s.url->commit = "c0ffee0dc0ffee0dc0ffee0dc0ffee0dc0ffee0d";
    return s;
}

}  // namespace

TEST_SUITE("core::route_claims") {
    TEST_CASE("an older route with the same hostname and path wins") {
        const auto s = healthy_snapshot();
        const auto claims =
            competing_claims(*s.routes, {(*s.routes)[0], other_route("2020-01-01T00:00:00Z")});
        REQUIRE(claims.size() == 1);
        CHECK(claims[0].other == "homerun2-core-catcher-pr-7/homerun2-core-catcher");
        CHECK(claims[0].hostname == kHost);
        CHECK(claims[0].gateway == "default/homerun2-dev-gateway");
        CHECK(claims[0].winner == ClaimWinner::theirs);
    }
    TEST_CASE("a newer route loses; the same age falls back to namespace/name") {
        const auto s = healthy_snapshot();
        const auto& ours = (*s.routes)[0];
        CHECK(competing_claims(*s.routes, {other_route("2099-01-01T00:00:00Z")})[0].winner ==
              ClaimWinner::ours);
        // pr-7 sorts after pr-42 ('4' < '7'), so ours wins the tie.
        CHECK(competing_claims(*s.routes, {other_route(ours.meta.creation_timestamp)})[0].winner ==
              ClaimWinner::ours);
        CHECK(competing_claims(*s.routes, {other_route(ours.meta.creation_timestamp,
                                                       "homerun2-core-catcher-pr-1")})[0]
                  .winner == ClaimWinner::theirs);
        CHECK(competing_claims(*s.routes, {other_route("yesterday")})[0].winner ==
              ClaimWinner::unknown);
    }
    TEST_CASE("no claim: another hostname, another path, another Gateway, not accepted") {
        const auto s = healthy_snapshot();
        HttpRoute host = other_route("2020-01-01T00:00:00Z");
        host.hostnames = {"cc-pr-7.homerun2-dev.sthings-vsphere.labul.sva.de"};
        HttpRoute path = other_route("2020-01-01T00:00:00Z");
        path.paths = {{"PathPrefix", "/api", "", 0, 0}};
        HttpRoute gateway = other_route("2020-01-01T00:00:00Z");
        gateway.parents[0].parent_name = "other-gateway";
        HttpRoute refused = other_route("2020-01-01T00:00:00Z");
        refused.parents[0].conditions[0] = cond("Accepted", "False", "NotAllowedByListeners");
        HttpRoute wildcard = other_route("2020-01-01T00:00:00Z");
        wildcard.hostnames = {"*.homerun2-dev.sthings-vsphere.labul.sva.de"};
        CHECK(competing_claims(*s.routes, {host, path, gateway, refused, wildcard}).empty());
    }
    TEST_CASE("a match the probe cannot take competes for nothing; a GET match beats age") {
        const auto s = healthy_snapshot();
        HttpRoute headers = other_route("2020-01-01T00:00:00Z");
        headers.paths = {{"PathPrefix", "/", "", 1, 0}};  // only for requests with a header
        HttpRoute query = other_route("2020-01-01T00:00:00Z");
        query.paths = {{"PathPrefix", "/", "", 0, 1}};
        HttpRoute post = other_route("2020-01-01T00:00:00Z");
        post.paths = {{"PathPrefix", "/", "POST", 0, 0}};
        CHECK(competing_claims(*s.routes, {headers, query, post}).empty());
        // A newer route whose match names GET still takes the probe from ours.
        HttpRoute get = other_route("2099-01-01T00:00:00Z");
        get.paths = {{"PathPrefix", "/", "GET", 0, 0}};
        const auto claims = competing_claims(*s.routes, {get});
        REQUIRE(claims.size() == 1);
        CHECK(claims[0].winner == ClaimWinner::theirs);
    }
    TEST_CASE("each route competes with its strongest match for the path, not its first") {
        const auto s = healthy_snapshot();
        auto ours = *s.routes;
        ours[0].paths = {{"PathPrefix", "/", "GET", 0, 0}};  // newer than theirs
        // Theirs lists a plain match first, then one naming GET: the GET one takes the probe,
        // so both name the method and the older route wins.
        HttpRoute theirs = other_route("2020-01-01T00:00:00Z");
        theirs.paths = {{"PathPrefix", "/", "", 0, 0}, {"PathPrefix", "/", "GET", 0, 0}};
        auto claims = competing_claims(ours, {theirs});
        REQUIRE(claims.size() == 1);
        CHECK(claims[0].winner == ClaimWinner::theirs);
        // The same from our side: our GET match is the one that counts against a newer route.
        ours[0].paths = {{"PathPrefix", "/", "", 0, 0}, {"PathPrefix", "/", "GET", 0, 0}};
        HttpRoute newer = other_route("2099-01-01T00:00:00Z");
        newer.paths = {{"PathPrefix", "/", "GET", 0, 0}};
        claims = competing_claims(ours, {newer});
        REQUIRE(claims.size() == 1);
        CHECK(claims[0].winner == ClaimWinner::ours);
        CHECK(claims[0].path.method == "GET");
    }
    TEST_CASE("routes on different listeners of one Gateway do not compete") {
        const auto s = healthy_snapshot();
        auto ours = *s.routes;
        ours[0].parents[0].section_name = "https-preview";
        HttpRoute other_listener = other_route("2020-01-01T00:00:00Z");
        other_listener.parents[0].section_name = "https-internal";
        HttpRoute other_port = other_route("2020-01-01T00:00:00Z");
        other_port.parents[0].port = 8443;
        ours[0].parents[0].port = 443;
        CHECK(competing_claims(ours, {other_listener, other_port}).empty());
        HttpRoute every_listener = other_route("2020-01-01T00:00:00Z");  // no sectionName, port
        CHECK(competing_claims(ours, {every_listener}).size() == 1);
    }
    TEST_CASE("hostnames compare case-insensitively; the route itself is no claim") {
        const auto s = healthy_snapshot();
        HttpRoute upper = other_route("2020-01-01T00:00:00Z");
        upper.hostnames = {"CC-PR-42.homerun2-dev.sthings-vsphere.labul.sva.de"};
        CHECK(competing_claims(*s.routes, {(*s.routes)[0], upper}).size() == 1);
    }
    TEST_CASE("the cluster's routes are read only when an accepted route's URL is wrong") {
        CHECK_FALSE(route_claims_to_read(healthy_snapshot()));
        CHECK(route_claims_to_read(serving_other_commit()));
        auto not_found = healthy_snapshot();
        not_found.url->http_status = 404;
        CHECK(route_claims_to_read(not_found));
        auto head = healthy_snapshot();
        head.url->commit = std::string(kSha).substr(0, 8);
        CHECK_FALSE(route_claims_to_read(head));
        auto no_answer = healthy_snapshot();
        no_answer.url = UrlProbe{no_answer.targets.health_url, 0, 5000, "Could not resolve host"};
        CHECK_FALSE(route_claims_to_read(no_answer));
        auto unresolved = serving_other_commit();
        (*unresolved.routes)[0] = route("homerun2-core-catcher", false);
        CHECK_FALSE(route_claims_to_read(unresolved));
        auto not_a_commit = healthy_snapshot();
        not_a_commit.url->commit = "dev";
        CHECK_FALSE(route_claims_to_read(not_a_commit));
    }
}

TEST_SUITE("core::diagnosis route claims") {
    TEST_CASE("an older claim fails the route check with the other route and no bump") {
        auto s = serving_other_commit();
        s.follow_up.cluster_routes =
            std::vector<HttpRoute>{(*s.routes)[0], other_route("2020-01-01T00:00:00Z")};
        const auto f = check(s, "route", CheckStatus::fail);
        CHECK(contains(f.summary, "also claimed by HTTPRoute homerun2-core-catcher-pr-7/"));
        CHECK(contains(f.cause, "older route"));
        CHECK(contains(f.fix, "kubectl -n homerun2-core-catcher-pr-7 get httproute"));
        CHECK_FALSE(contains(f.fix, "bump-route"));
        CHECK(f.fix_kind == FixKind::none);
        CHECK(has_evidence(f, "reports commit c0ffee0d, the PR head is 01234567"));
    }
    TEST_CASE("a newer claim passes with the claim as evidence; an unreadable list is said") {
        auto s = serving_other_commit();
        s.follow_up.cluster_routes = std::vector<HttpRoute>{other_route("2099-01-01T00:00:00Z")};
        auto f = check(s, "route");
        CHECK(f.status == CheckStatus::pass);
        CHECK(has_evidence(f, "also claims " + kHost));
        s.follow_up.cluster_routes =
            Error{ErrorKind::permission, "forbidden", {}, 403, "Forbidden"};
        f = check(s, "route");
        CHECK(f.status == CheckStatus::pass);
        CHECK(has_evidence(f, "the cluster's HTTPRoutes"));
    }
    TEST_CASE("a hostile other route's name is quoted in the fix") {
        auto s = serving_other_commit();
        s.follow_up.cluster_routes =
            std::vector<HttpRoute>{other_route("2020-01-01T00:00:00Z", "x;rm -rf ~")};
        const auto f = check(s, "route");
        CHECK(contains(f.fix, "'x;rm -rf ~'"));
    }
}
