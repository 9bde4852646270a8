"""`doctor --fix` for a user with only the Argo CD API (no kube context for either cluster): the
route bump goes through the Application whose resource tree holds the HTTPRoute (POST
/api/v1/applications/{name}/resource, a merge patch of its annotation), and the simulated
gateway then resolves the route. An object in no tree is left alone, saying which access it
needs."""

import json
import unittest

from world import config_files
from world.kube_types import by_plural
from world.world import World

ROUTE = 13
NEEDS = "needs a kube context for the workload cluster"


class ApiOnlyFix(unittest.TestCase):
    def setUp(self):
        self.w = World(controllers=True).start()
        self.addCleanup(self.w.stop)
        self.w.add("route_unresolved", ROUTE)
        self.api_env = config_files.api_only(self.w)

    def run_api(self, *args):
        return self.w.run(*args, "--argocd-server", self.w.argocd_api.host,
                          env_overrides=self.api_env)

    def route_conditions(self):
        route = next(r for r in self.w.workload.store.list(by_plural("gateway.networking.k8s.io",
                                                                     "httproutes"))
                     if r["metadata"]["namespace"].endswith(f"-pr-{ROUTE}"))
        return route, {c["type"]: c["status"]
                       for c in route["status"]["parents"][0]["conditions"]}

    def test_doctor_fix_bumps_the_route_through_the_argocd_api(self):
        route, before = self.route_conditions()
        self.assertEqual(before["ResolvedRefs"], "False")
        proc = self.run_api("doctor", str(ROUTE), "--fix", "--yes", "-o", "json")
        self.assertEqual(self.w.requests("argo"), [])
        self.assertEqual(self.w.requests("workload"), [])
        doc = json.loads(proc.stdout)
        fix = doc["fix"]
        self.assertTrue(fix["applied"], proc.stdout + proc.stderr)
        commands = [step["command"] for step in fix["plan"]]
        self.assertTrue(any(c.startswith("argocd app patch-resource") and "HTTPRoute" in c
                            for c in commands), commands)
        (patched,) = [p for p in self.w.argocd_api.patched if p["kind"] == "HTTPRoute"]
        self.assertEqual(patched["name"], route["metadata"]["name"])
        self.assertTrue(patched["app"].startswith(f"homerun2-core-catcher-pr-{ROUTE}"))
        bump = patched["patch"]["metadata"]["annotations"]["reconcile-bump"]
        self.assertTrue(bump.isdigit(), bump)
        posts = [r for r in self.w.requests("argocd_api", "POST") if r.path.endswith("/resource")]
        self.assertEqual(len(posts), 1)
        self.assertEqual(posts[0].param("patchType"), "application/merge-patch+json")
        self.assertEqual(posts[0].param("kind"), "HTTPRoute")
        self.w.controllers.run_until(lambda: self.route_conditions()[1]["ResolvedRefs"] == "True",
                                     timeout=30, what="the route resolved after the bump")
        self.assertEqual(doc["checks"][[c["id"] for c in doc["checks"]].index("route")]["status"],
                         "fail")  # the findings from before the fix


if __name__ == "__main__":
    unittest.main()
