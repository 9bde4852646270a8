"""`bump-route` for a user with only the Argo CD API (no kube context for either cluster): the
routes are read from the Applications' resource trees and live objects, each bump goes through
the Application whose tree holds the route (POST /api/v1/applications/{name}/resource), and the
wait re-reads the bumped routes' live objects until the simulated gateway resolves them. Nothing
goes to the kube servers; a refused patch is exit 3, as through Kubernetes."""

import unittest

from world import config_files
from world import faults
from world.testcase import OwnWorldTest
from world.world import World

ROUTE = 13


class ApiOnlyBumpRoute(OwnWorldTest):
    WORLD = {"controllers": True}   # the simulated gateway resolves the route once bumped

    def run_api(self, *args):
        self.w.add("route_unresolved", ROUTE)
        return self.w.run(*args, "--argocd-server", self.w.argocd_api.host,
                          env_overrides=config_files.api_only(self.w))

    def resource_calls(self, method):
        return [r for r in self.w.requests("argocd_api", method) if r.path.endswith("/resource")]

    def test_bumps_through_the_argocd_api_and_waits_for_the_gateway(self):
        proc = self.run_api("bump-route", str(ROUTE), "--timeout", "120s")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(self.w.requests("argo"), [])
        self.assertEqual(self.w.requests("workload"), [])
        self.assertIn("Bumped HTTPRoute", proc.stdout)
        self.assertIn("Accepted=True, ResolvedRefs=True", proc.stdout)
        (post,) = self.resource_calls("POST")
        self.assertEqual(post.param("kind"), "HTTPRoute")
        self.assertEqual(post.param("patchType"), "application/merge-patch+json")
        (patched,) = [p for p in self.w.argocd_api.patched if p["kind"] == "HTTPRoute"]
        self.assertTrue(patched["app"].startswith(f"homerun2-core-catcher-pr-{ROUTE}"))
        self.assertTrue(patched["patch"]["metadata"]["annotations"]["reconcile-bump"].isdigit())
        # Only the routes' live objects are read: no Pods, Services or events.
        gets = self.resource_calls("GET")
        self.assertTrue(gets)
        self.assertEqual({g.param("kind") for g in gets}, {"HTTPRoute"})
        self.assertEqual([r for r in self.w.requests("argocd_api", "GET")
                          if r.path.endswith("/events")], [])

    def test_a_refused_patch_is_exit_3(self):
        self.w.argocd_api.faults.add(
            faults.respond(403, {"error": "permission denied", "code": 7,
                                 "message": "permission denied"}), "POST", r"/resource$")
        proc = self.run_api("bump-route", str(ROUTE), "--timeout", "60s")
        self.assertEqual(proc.returncode, 3, proc.stdout + proc.stderr)
        self.assertIn("permission denied", proc.stderr)
        self.assertEqual(self.w.requests("argo"), [])
        self.assertEqual(self.w.requests("workload"), [])


class ApiOnlyBumpRouteNoGateway(unittest.TestCase):
    """Without the simulated gateway nothing resolves the route: exit 1 when the time is up,
    having polled the bumped route's live object (the API server streams no HTTPRoutes). 10 s,
    not less: the deadline also bounds the reads, which a loaded CI machine makes slow."""

    def test_a_route_that_stays_unresolved_is_exit_1(self):
        with World() as w:
            w.add("route_unresolved", ROUTE)
            env = config_files.api_only(w)
            proc = w.run("bump-route", str(ROUTE), "--timeout", "10s",
                         "--argocd-server", w.argocd_api.host, env_overrides=env)
            self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
            self.assertIn("Bumped HTTPRoute", proc.stdout)
            self.assertIn("ResolvedRefs=False", proc.stdout)
            self.assertEqual(w.requests("argo"), [])
            self.assertEqual(w.requests("workload"), [])
            posts = [r for r in w.requests("argocd_api", "POST") if r.path.endswith("/resource")]
            self.assertEqual(len(posts), 1)


if __name__ == "__main__":
    unittest.main()
