#include "support/findings.hpp"
#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/diagnosis.hpp"
#include "preview/core/route_reads.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

const std::string kNs = "homerun2-core-catcher-pr-42";
const std::string kGateway = "default/homerun2-dev-gateway";

// The builder's route with the spec references the chart renders.
HttpRoute routed(bool resolved = true, int port = 80) {
    HttpRoute r = route("homerun2-core-catcher", resolved);
    r.parent_refs = {{"Gateway", "default", "homerun2-dev-gateway"}};
    r.backend_refs = {{"Service", kNs, "homerun2-core-catcher", port}};
    r.meta.annotations["argocd.argoproj.io/tracking-id"] =
        "homerun2-core-catcher-pr-42-core-catcher:gateway.networking.k8s.io/HTTPRoute:" + kNs +
        "/homerun2-core-catcher";
    return r;
}

// A healthy preview whose route no controller reports on, created long enough ago.
Snapshot unreported() {
    auto s = healthy_snapshot();
    HttpRoute r = routed();
    r.parents.clear();
    s.routes = std::vector<HttpRoute>{r};
    s.url = UrlProbe{s.targets.health_url, 0, 5000, "Connection reset by peer"};
    return s;
}

Gateway gateway(std::vector<Condition> conditions, std::vector<std::string> addresses = {}) {
    Gateway g;
    g.meta = meta("homerun2-dev-gateway", "default", "2025-11-23T13:00:00Z");
    g.conditions = std::move(conditions);
    g.addresses = std::move(addresses);
    return g;
}

Service service(std::string name, std::vector<ServicePort> ports) {
    Service s;
    s.meta = meta(std::move(name));
    s.ports = std::move(ports);
    return s;
}

}  // namespace

TEST_SUITE("core::route_reads") {
    TEST_CASE("healthy routes ask for nothing") {
        const std::vector<HttpRoute> routes{routed()};
        CHECK(gateways_to_read(routes, kNow).empty());
        CHECK_FALSE(backends_to_read(routes));
    }
    TEST_CASE("a route without status asks for its Gateway once it had time to be reported") {
        HttpRoute r = routed();
        r.parents.clear();
        r.meta.creation_timestamp = "2026-11-23T15:59:30Z";  // 30 s before kNow
        CHECK(gateways_to_read({r}, kNow).empty());
        r.meta.creation_timestamp = "2026-11-23T15:58:00Z";
        const auto wanted = gateways_to_read({r, r}, kNow);
        REQUIRE(wanted.size() == 1);
        CHECK(gateway_key(wanted[0]) == kGateway);
    }
    TEST_CASE("a parent that does not accept asks for the Gateway; other parent kinds do not") {
        HttpRoute r = routed();
        r.parents[0].conditions[0] = cond("Accepted", "False", "NoMatchingParent");
        r.parent_refs.push_back({"Service", kNs, "mesh"});
        const auto wanted = gateways_to_read({r}, kNow);
        REQUIRE(wanted.size() == 1);
        CHECK(wanted[0].name == "homerun2-dev-gateway");
    }
    TEST_CASE("ResolvedRefs False asks for the Services") {
        CHECK(backends_to_read({routed(false)}));
    }
}

TEST_SUITE("core::diagnosis.gateway") {
    TEST_CASE("healthy: pass from the routes' status, nothing read") {
        auto s = healthy_snapshot();
        s.routes = std::vector<HttpRoute>{routed()};
        const auto f = check(s, "gateway", CheckStatus::pass);
        CHECK(contains(f.summary, kGateway));
        CHECK(has_evidence(f, "was not read"));
    }
    TEST_CASE("F2: the Gateway does not exist") {
        auto s = unreported();
        s.gateways.emplace(kGateway, std::optional<Gateway>());
        const auto f = check(s, "gateway", CheckStatus::fail);
        CHECK(contains(f.cause, "Gateway default/homerun2-dev-gateway does not exist on cluster"));
        CHECK(contains(f.cause, "the chart's gateway name is stale"));
        CHECK_FALSE(f.auto_fix);
        CHECK(check(s, "route").status == CheckStatus::skip);
        CHECK(contains(check(s, "route").cause, "gateway"));
        CHECK(check(s, "url").status == CheckStatus::skip);
    }
    TEST_CASE("F3: waiting for a controller, or for an address") {
        auto s = unreported();
        SUBCASE("Accepted Unknown Pending") {
            s.gateways.emplace(
                kGateway,
                std::optional<Gateway>(
                    gateway({cond("Accepted", "Unknown", "Pending", "Waiting for controller"),
                             cond("Programmed", "Unknown", "Pending", "Waiting for controller")})));
            const auto f = check(s, "gateway", CheckStatus::fail);
            CHECK(contains(f.cause, "not just this one"));
            CHECK(contains(f.cause, "cilium-operator"));
            CHECK(contains(f.fix, "rollout restart deployment/cilium-operator"));
        }
        SUBCASE("Programmed False AddressNotAssigned") {
            s.gateways.emplace(
                kGateway,
                std::optional<Gateway>(gateway({cond("Accepted", "True", "Accepted"),
                                                cond("Programmed", "False", "AddressNotAssigned",
                                                     "Gateway waiting for address")})));
            const auto f = check(s, "gateway", CheckStatus::fail);
            CHECK(contains(f.cause, "is not Programmed (AddressNotAssigned)"));
            CHECK(contains(f.cause, "every preview route on this Gateway is down"));
            CHECK(has_evidence(f, "addresses: none"));
            // No controller restart assigns an address: the fix is the LB IP pool.
            CHECK(contains(f.fix, "kubectl get ciliumloadbalancerippools"));
            CHECK(contains(f.fix, "cilium-gateway-homerun2-dev-gateway in namespace default"));
            CHECK_FALSE(contains(f.fix, "rollout restart"));
        }
        SUBCASE("any other condition: the Gateway's own messages") {
            s.gateways.emplace(
                kGateway, std::optional<Gateway>(gateway(
                              {cond("Accepted", "False", "UnsupportedAddress", "bad address")})));
            const auto f = check(s, "gateway", CheckStatus::fail);
            CHECK(f.fix.starts_with("kubectl -n default describe gateway homerun2-dev-gateway"));
            CHECK_FALSE(contains(f.fix, "rollout restart"));
        }
        CHECK(check(s, "route").status == CheckStatus::skip);
    }
    TEST_CASE("a working Gateway passes and leaves the route its own cause") {
        auto s = unreported();
        s.gateways.emplace(
            kGateway, std::optional<Gateway>(gateway({cond("Accepted", "True", "Accepted"),
                                                      cond("Programmed", "True", "Programmed")},
                                                     {"10.31.103.200"})));
        CHECK(check(s, "gateway").status == CheckStatus::pass);
        const auto route = check(s, "route", CheckStatus::fail);
        CHECK(contains(route.cause, "although its Gateway works"));
    }
    TEST_CASE("forbidden: skip naming the access") {
        auto s = unreported();
        s.gateways.emplace(kGateway,
                           Error(ErrorKind::permission, "gateways is forbidden", {}, 403));
        const auto f = check(s, "gateway", CheckStatus::skip);
        CHECK(contains(f.cause, "needs `get` on gateways.gateway.networking.k8s.io"));
        CHECK(check(s, "route").status == CheckStatus::fail);
    }
    TEST_CASE("a parentRef no Gateway can have is named invalid, shown escaped, no bump") {
        auto s = unreported();
        auto& refs = (*s.routes)[0].parent_refs;
        std::string shown;
        SUBCASE("name") {
            refs[0].name = "gw\x1b[2J?dryRun=All";
            shown = R"(name "gw\x1b[2J?dryRun=All")";
        }
        SUBCASE("namespace") {
            refs[0].namespace_name = "../../api/v1";
            shown = R"(namespace "../../api/v1")";
        }
        // Whatever the gather recorded for the key, the ref itself decides.
        s.gateways.emplace(gateway_key(refs[0]), Error(ErrorKind::api, "refused"));
        const auto f = check(s, "gateway", CheckStatus::fail);
        CHECK(contains(f.cause, "not a valid Kubernetes name"));
        CHECK(contains(f.fix, "kubectl get gateways -A"));
        CHECK_FALSE(f.auto_fix);
        CHECK(has_evidence(f, shown));
        CHECK(check(s, "route").status == CheckStatus::skip);
    }
    TEST_CASE("C5: the child held Progressing by the route is in the evidence") {
        auto s = unreported();
        auto& child = (*s.applications)[1];
        child.health_status = "Progressing";
        child.resources.push_back({"gateway.networking.k8s.io", "HTTPRoute", kNs,
                                   "homerun2-core-catcher", "Synced", "Progressing",
                                   "Waiting for HTTPRoute status"});
        s.gateways.emplace(kGateway, std::optional<Gateway>());
        CHECK(has_evidence(check(s, "gateway"), "Waiting for HTTPRoute status"));
    }
}

TEST_SUITE("core::diagnosis.route backends") {
    TEST_CASE("F4: the Service does not exist: no bump") {
        auto s = healthy_snapshot();
        s.routes = std::vector<HttpRoute>{routed(false)};
        s.services = std::vector<Service>{service("homerun2-omni-pitcher", {{"http", 80}})};
        const auto f = check(s, "route", CheckStatus::fail);
        CHECK(contains(f.cause, "Service homerun2-core-catcher does not exist"));
        CHECK(contains(f.cause, "homerun2-core-catcher-pr-42-core-catcher"));
        CHECK_FALSE(f.auto_fix);
        CHECK(f.fix.empty());
    }
    TEST_CASE("F4: the Service lacks the port: no bump") {
        auto s = healthy_snapshot();
        s.routes = std::vector<HttpRoute>{routed(false, 8080)};
        s.services = std::vector<Service>{service("homerun2-core-catcher", {{"http", 80}})};
        const auto f = check(s, "route", CheckStatus::fail);
        CHECK(contains(f.cause,
                       "Service homerun2-core-catcher exists but has no port 8080; the "
                       "bump will not help"));
        CHECK_FALSE(f.auto_fix);
        CHECK_FALSE(contains(f.fix, "bump-route"));
    }
    TEST_CASE("F4: a backendRef no Service can have is named invalid: no bump") {
        auto s = healthy_snapshot();
        s.routes = std::vector<HttpRoute>{routed(false)};
        (*s.routes)[0].backend_refs[0].name = "../secrets?x=\x1b]0;pwned\x07";
        s.services = std::vector<Service>{service("homerun2-core-catcher", {{"http", 80}})};
        const auto f = check(s, "route", CheckStatus::fail);
        CHECK(contains(f.cause, "not a valid Kubernetes name"));
        CHECK(has_evidence(f, R"("../secrets?x=\x1b]0;pwned\x07")"));
        CHECK_FALSE(f.auto_fix);
        CHECK_FALSE(contains(f.fix, "bump-route"));
    }
    TEST_CASE("F4: Service and port fine: the sticky condition gets the bump") {
        auto s = healthy_snapshot();
        s.routes = std::vector<HttpRoute>{routed(false)};
        s.services = std::vector<Service>{service("homerun2-core-catcher", {{"http", 80}})};
        const auto f = check(s, "route");
        CHECK(f.fix_kind == FixKind::bump_route);
        CHECK(contains(f.cause, "the condition is stale"));
        CHECK(has_evidence(f, "Service homerun2-core-catcher: ports 80 (http)"));
    }
}

TEST_SUITE("core::diagnosis.root cause") {
    // CI still running for the head commit: the route and the URL are not built yet.
    Snapshot ci_running() {
        auto s = healthy_snapshot();
        for (auto& run : *s.checks) {
            run.status = "in_progress";
            run.conclusion.clear();
        }
        s.routes = std::vector<HttpRoute>{};
        s.url = UrlProbe{s.targets.health_url, 404, 3, {}};
        return s;
    }
    TEST_CASE("a route not built while CI runs is not a route fault") {
        const auto s = ci_running();
        const auto route = check(s, "route", CheckStatus::skip);
        CHECK(contains(route.cause, "CI is still running"));
        CHECK_FALSE(contains(route.cause, "inlineHttpRoute"));
        const auto url = check(s, "url", CheckStatus::skip);
        CHECK(contains(url.cause, "CI is still running"));
    }
    TEST_CASE("missing artifacts are named as the step to wait for") {
        auto s = healthy_snapshot();
        s.routes = std::vector<HttpRoute>{};
        s.artifacts.back() = ArtifactProbe{s.targets.artifacts.back(), false, {}};
        CHECK(contains(check(s, "route").cause, "artifacts are not in the registry"));
    }
    TEST_CASE("with CI green and artifacts there, a missing route is still a route fault") {
        auto s = healthy_snapshot();
        s.routes = std::vector<HttpRoute>{};
        CHECK(check(s, "route").status == CheckStatus::fail);
    }
}

TEST_SUITE("core::diagnosis.url classes") {
    Finding url_with(long status, std::string body) {
        auto s = healthy_snapshot();
        s.routes = std::vector<HttpRoute>{routed()};
        UrlProbe probe{s.targets.health_url, status, 5, {}};
        probe.body = std::move(body);
        s.url = probe;
        return check(s, "url");
    }
    TEST_CASE("F6: an empty 500 is an invalid backend") {
        const auto f = url_with(500, "");
        CHECK(contains(f.cause, "invalid backend (see route)"));
        CHECK(has_evidence(f, "body: empty"));
        CHECK(contains(url_with(500, "panic: nil map").cause, "application answers"));
    }
    TEST_CASE("F6: 503 connection timeout is a stale endpoint, no healthy upstream is not") {
        const auto stale = url_with(503,
                                    "upstream connect error or disconnect/reset before headers. "
                                    "reset reason: connection timeout");
        CHECK(contains(stale.cause, "stale pod IP"));
        CHECK(stale.fix ==
              "kubectl -n " + kNs + " rollout restart deployment/homerun2-core-catcher");
        // The workload restarted is one that was read, not one assumed from the Service's name.
        auto s = healthy_snapshot();
        s.routes = std::vector<HttpRoute>{routed()};
        s.workloads = std::vector<Workload>{workload("StatefulSet", "homerun2-core-catcher")};
        UrlProbe probe{s.targets.health_url, 503, 5, {}};
        probe.body =
            "upstream connect error or disconnect/reset before headers. reset reason: "
            "connection timeout";
        s.url = probe;
        CHECK(check(s, "url").fix ==
              "kubectl -n " + kNs + " rollout restart statefulset/homerun2-core-catcher");
        s.workloads = std::vector<Workload>{workload("Deployment", "catcher-v2")};
        const auto unnamed = check(s, "url");
        CHECK(unnamed.fix.starts_with("kubectl -n " + kNs +
                                      " describe service homerun2-core-catcher   # no workload"));
        CHECK_FALSE(contains(unnamed.fix, "rollout restart"));
        const auto none = url_with(503, "no healthy upstream");
        CHECK(contains(none.cause, "no healthy endpoint"));
        CHECK_FALSE(contains(none.cause, "stale"));
    }
}
