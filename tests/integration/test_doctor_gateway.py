"""`preview doctor` on the Gateway, the route's backends and the URL's failure classes
(failure-modes.md F2-F6, C5's route side), and the root-cause rule for a route that is not
built yet. Each test asserts the failing id, its status, the evidence, the cause and whether a
fix is offered (and which)."""

import unittest

from world.testcase import checks_by_id, text_of
from world.world import World

N = 50
NS = f"homerun2-core-catcher-pr-{N}"
GATEWAY = "default/homerun2-dev-gateway"


class DoctorGateway(unittest.TestCase):
    def doctor(self, variants, setup=None):
        with World(previews=False) as w:
            w.add(variants, N)
            if setup:
                setup(w)
            w.clear_requests()
            proc = w.run("doctor", str(N), "-o", "json")
            self.assertIn(proc.returncode, (0, 1, 3, 4), proc.stderr)
            return proc, checks_by_id(proc), w.requests("workload")

    def assert_check(self, check, status, *phrases):
        self.assertEqual(check["status"], status, check)
        for phrase in phrases:
            self.assertIn(phrase, text_of(check), check)

    # -- F2, F3: the Gateway ----------------------------------------------------------------

    def test_gateway_missing_is_a_stale_name(self):
        proc, checks, _ = self.doctor("gateway_missing")
        self.assertEqual(proc.returncode, 1)
        gw = checks["gateway"]
        self.assert_check(gw, "fail", f"GET Gateway {GATEWAY}: 404",
                          "the chart's gateway name is stale",
                          "Waiting for HTTPRoute status", "kubectl get gateways -A")
        self.assertIn(f"Gateway {GATEWAY} does not exist on cluster", gw["cause"])
        self.assertFalse(gw["autoFix"])
        self.assert_check(checks["route"], "skip")
        self.assertIn("gateway", checks["route"]["cause"])
        self.assert_check(checks["url"], "skip")
        self.assertIn("gateway", checks["url"]["cause"])

    def test_gateway_waiting_for_controller_is_a_platform_fault(self):
        proc, checks, _ = self.doctor("gateway_pending")
        self.assertEqual(proc.returncode, 1)
        gw = checks["gateway"]
        self.assert_check(gw, "fail", "Accepted=Unknown Pending: Waiting for controller",
                          "every preview route on this Gateway is down, not just this one",
                          "rollout restart deployment/cilium-operator")
        self.assertFalse(gw["autoFix"])
        self.assert_check(checks["route"], "skip")

    def test_gateway_without_address(self):
        _, checks, _ = self.doctor("gateway_no_address")
        gw = checks["gateway"]
        self.assert_check(gw, "fail", "Programmed=False AddressNotAssigned",
                          "every preview route on this Gateway is down", "LB IP pool",
                          "ciliumloadbalancerippools")
        self.assertIn(f"Gateway {GATEWAY} is not Programmed (AddressNotAssigned)", gw["cause"])
        self.assertNotIn("rollout restart", gw["fix"])  # no restart assigns an address

    def test_gateway_forbidden_skips_naming_the_access(self):
        def deny(w):
            w.workload.rbac.deny("*", "get", "gateways", "default")
        proc, checks, _ = self.doctor("gateway_missing", deny)
        gw = checks["gateway"]
        self.assert_check(gw, "skip")
        self.assertIn("needs `get` on gateways.gateway.networking.k8s.io in namespace default",
                      gw["cause"])
        # Not a stale name: the route keeps its own (bump) verdict.
        self.assertEqual(checks["route"]["status"], "fail")

    def test_healthy_path_reads_no_gateway_and_no_service(self):
        _, checks, requests = self.doctor("healthy")
        self.assert_check(checks["gateway"], "pass", "was not read")
        paths = [r.path for r in requests]
        self.assertFalse([p for p in paths if "/gateways/" in p or p.endswith("/services")],
                         paths)

    def test_hostile_parent_refs_make_no_request(self):
        # Design §7: the Gateway's name and namespace come from the route's spec (a server's
        # strings) and reach a request path only as validated Kubernetes names.
        _, checks, requests = self.doctor("hostile_parent_refs")
        paths = [r.raw_path or r.path for r in requests]
        self.assertFalse([p for p in paths if f"/namespaces/{NS}" not in p], paths)
        self.assertFalse([p for p in paths if "/gateways" in p], paths)
        gw = checks["gateway"]
        self.assert_check(gw, "fail", "not a valid Kubernetes name", "kubectl get gateways -A",
                          r'name "gw\x1b]0;pwned\x07?dryRun=All"')
        self.assertFalse(gw["autoFix"])
        self.assertEqual(checks["route"]["status"], "skip")  # no bump renames a Gateway

    def test_hostile_names_reach_the_terminal_escaped(self):
        for variant in ("hostile_parent_refs", "hostile_backend_ref"):
            with self.subTest(variant), World(previews=False) as w:
                w.add(variant, N)
                out = w.run("doctor", str(N)).stdout
                self.assertIn("not a valid Kubernetes name", out)
                self.assertNotIn("\x1b", out)
                self.assertNotIn("\u202e", out)

    # -- F4: BackendNotFound ------------------------------------------------------------------

    def test_hostile_backend_ref_is_named_invalid(self):
        # The backendRef never reaches a request path (the Services are listed); no bump helps.
        _, checks, requests = self.doctor("hostile_backend_ref")
        paths = [r.raw_path or r.path for r in requests]
        self.assertIn(f"/api/v1/namespaces/{NS}/services", paths)
        self.assertFalse([p for p in paths if "/secrets" in p], paths)
        route = checks["route"]
        self.assert_check(route, "fail", "not a valid Kubernetes name",
                          r'"../secrets?x=\x1b[2J\u202e"', "get services")
        self.assertFalse(route["autoFix"])
        self.assertNotIn("bump-route", route["fix"])

    def test_missing_service_is_not_bumped(self):
        _, checks, requests = self.doctor("backend_service_missing")
        route = checks["route"]
        self.assert_check(route, "fail", "Service homerun2-core-catcher: not found",
                          "lists Service homerun2-core-catcher as OutOfSync",
                          "has not deployed it")
        self.assertIn("the bump will not help", route["cause"])
        self.assertFalse(route["autoFix"])
        self.assertNotIn("bump-route", route["fix"])
        self.assertEqual(len([r for r in requests if r.path.endswith(f"/{NS}/services")]), 1)

    def test_service_without_the_port_is_not_bumped(self):
        _, checks, _ = self.doctor("backend_port_mismatch")
        route = checks["route"]
        self.assert_check(route, "fail", "Service homerun2-core-catcher: ports 80 (http)",
                          "backendRef port is a Service port")
        self.assertIn("Service homerun2-core-catcher exists but has no port 8080; the bump will "
                      "not help", route["cause"])
        self.assertFalse(route["autoFix"])
        self.assertNotIn("bump-route", route["fix"])

    def test_sticky_condition_with_a_good_service_is_bumped(self):
        _, checks, _ = self.doctor("route_unresolved")
        route = checks["route"]
        self.assert_check(route, "fail", "BackendNotFound", "the condition is stale",
                          "preview bump-route 50")
        self.assertTrue(route["autoFix"])

    # -- root cause: a route not built yet ----------------------------------------------------

    def test_ci_running_is_not_a_route_fault(self):
        _, checks, _ = self.doctor("ci_running")
        route = checks["route"]
        self.assertEqual(route["status"], "skip", route)
        self.assertIn("CI is still running", route["cause"])
        self.assertNotIn("inlineHttpRoute", text_of(route))
        url = checks["url"]
        self.assertEqual(url["status"], "skip", url)
        self.assertIn("CI is still running", url["cause"])
        self.assertNotEqual(checks["gateway"]["status"], "fail")

    def test_ci_failed_route_names_the_build(self):
        def drop_route(w):
            p = w.previews[N]
            p.drop("HTTPRoute", "homerun2-core-catcher")
            w.install(p)
        _, checks, _ = self.doctor("ci_failed", drop_route)
        self.assert_check(checks["route"], "skip")
        self.assertIn("CI failed", checks["route"]["cause"])

    # -- F6: the URL's classes ----------------------------------------------------------------

    def test_empty_500_is_an_invalid_backend(self):
        _, checks, _ = self.doctor("url_empty_500")
        self.assert_check(checks["url"], "fail", "HTTP 500", "body: empty",
                          "invalid backend (see route)")

    def test_503_connection_timeout_is_a_stale_endpoint(self):
        _, checks, _ = self.doctor("url_stale_endpoint")
        url = checks["url"]
        self.assert_check(url, "fail", "upstream connect error", "stale pod IP",
                          f"kubectl -n {NS} rollout restart deployment/homerun2-core-catcher")

    def test_503_no_healthy_upstream_is_told_apart(self):
        _, checks, _ = self.doctor("url_no_healthy_upstream")
        url = checks["url"]
        self.assert_check(url, "fail", "body: no healthy upstream", "no healthy endpoint")
        self.assertNotIn("stale pod IP", url["cause"])

    def test_hostile_body_reaches_the_terminal_escaped(self):
        # Design §7: the body kept as evidence is the gateway's text, shown only sanitised.
        with World(previews=False) as w:
            w.add("url_hostile_body", N)
            out = w.run("doctor", str(N)).stdout
        self.assertIn(r"body: \x1b]0;pwned\x07no healthy upstream\x1b[2K\u202eFAKE", out)
        self.assertNotIn("\x1b]", out)
        self.assertNotIn("\u202e", out)


if __name__ == "__main__":
    unittest.main()
