"""`preview refresh` and `preview bump-route`: exactly one minimal merge patch each, nothing else
written, and an honest report of what the controllers did (or did not do)."""

import json
import unittest

from world.testcase import OwnWorldTest

APPSET = "/apis/argoproj.io/v1alpha1/namespaces/argocd/applicationsets/homerun2-core-catcher-pr-preview"


def route_path(number, name="homerun2-core-catcher"):
    return (f"/apis/gateway.networking.k8s.io/v1/namespaces/homerun2-core-catcher-pr-{number}"
            f"/httproutes/{name}")


class Mutations(OwnWorldTest):
    def test_refresh_sends_one_merge_patch(self):
        proc = self.w.run("refresh", "--no-wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        [patch] = self.writes()
        self.assertEqual(patch.method, "PATCH")
        self.assertEqual(patch.path, APPSET)
        self.assertEqual(patch.query.get("fieldManager"), ["preview"])
        self.assertEqual(patch.headers.get("Content-Type"), "application/merge-patch+json")
        self.assertEqual(json.loads(patch.body), {"metadata": {"annotations": {
            "argocd.argoproj.io/application-set-refresh": "true"}}})

    def test_refresh_warns_when_the_controller_does_not_take_it(self):
        proc = self.w.run("refresh", "--timeout", "1s")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("has not taken the refresh", proc.stderr)
        self.assertIn("applicationset-controller", proc.stderr)

    def test_bump_route_heals_a_route_that_resolves(self):
        proc = self.w.run("bump-route", "42", "--timeout", "2s")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        [patch] = self.writes()
        self.assertEqual(patch.path, route_path(42))
        annotations = json.loads(patch.body)["metadata"]["annotations"]
        self.assertEqual(list(annotations), ["reconcile-bump"])
        self.assertTrue(annotations["reconcile-bump"].isdigit())
        self.assertIn("ResolvedRefs=True", proc.stdout)

    def test_bump_route_reports_a_route_that_stays_unresolved(self):
        proc = self.w.run("bump-route", "7", "--timeout", "1s")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("ResolvedRefs=False", proc.stdout)
        self.assertIn("BackendNotFound", proc.stdout)
        self.assertEqual(len(self.writes()), 1)

    def test_bump_route_without_routes_is_an_error(self):
        proc = self.w.run("bump-route", "999")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("no HTTPRoute", proc.stderr)
        self.assertEqual(self.writes(), [])

    def test_bad_duration(self):
        proc = self.w.run("refresh", "--timeout", "soon")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("invalid duration", proc.stderr)
        self.assertEqual(self.w.requests(), [])


if __name__ == "__main__":
    unittest.main()
