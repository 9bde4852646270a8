"""`preview doctor` on a hostname another route claims (failure-modes.md F5): both routes report
Accepted=True, the older one receives the traffic, and only the cluster's other routes show it.
The cluster-wide LIST is sent only when the URL serves something the accepted routes do not
explain."""

import json
import unittest

from world import scenarios_gateway as gw
from world.testcase import SharedWorldTest, checks_by_id

CLAIMED, HEALTHY = 50, 51
CLUSTER_ROUTES = "/apis/gateway.networking.k8s.io/v1/httproutes"


class RouteClaims(SharedWorldTest):
    @classmethod
    def populate(cls, w):
        w.add("hostname_claimed", CLAIMED)
        w.add("healthy", HEALTHY)

    def doctor(self, number):
        proc = self.w.run("doctor", str(number), "-o", "json")
        self.assertIn(proc.returncode, (0, 1), proc.stderr)
        checks = checks_by_id(proc)
        paths = [r.path for r in self.w.requests("workload")]
        return proc, checks, paths

    def test_older_claim_fails_the_route_with_the_other_route_named(self):
        proc, checks, paths = self.doctor(CLAIMED)
        self.assertEqual(proc.returncode, 1)
        route = checks["route"]
        self.assertEqual(route["status"], "fail", route)
        other = f"{gw.OTHER_NAMESPACE}/{gw.OTHER_ROUTE}"
        self.assertIn(f"HTTPRoute {other} claim", route["cause"])
        self.assertIn("gives the traffic to the older route", route["cause"])
        self.assertIn(f"kubectl -n {gw.OTHER_NAMESPACE} get httproute {gw.OTHER_ROUTE}",
                      route["fix"])
        self.assertFalse(route["autoFix"])
        self.assertTrue(any(gw.OTHER_SHA[:8] in line for line in route["evidence"]), route)
        self.assertEqual(sum(p.startswith(CLUSTER_ROUTES) for p in paths), 1, paths)

    def test_status_does_not_call_a_preview_ready_whose_hostname_another_route_takes(self):
        proc = self.w.run("status", str(CLAIMED), "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        doc = json.loads(proc.stdout)
        self.assertEqual(doc["phase"], "degraded", doc["reason"])
        self.assertIn(f"claimed by HTTPRoute {gw.OTHER_NAMESPACE}/{gw.OTHER_ROUTE}, which receives",
                      doc["reason"])
        paths = [r.path for r in self.w.requests("workload")]
        self.assertEqual(sum(p.startswith(CLUSTER_ROUTES) for p in paths), 1, paths)

    def test_healthy_preview_sends_no_cluster_wide_list(self):
        proc, checks, paths = self.doctor(HEALTHY)
        self.assertEqual(proc.returncode, 0, proc.stdout)
        self.assertEqual(checks["route"]["status"], "pass")
        self.assertFalse(any(p.startswith(CLUSTER_ROUTES) for p in paths), paths)


if __name__ == "__main__":
    unittest.main()
