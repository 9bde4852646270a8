"""`refresh` and `bump-route` read through the snapshot's pipeline (issue 13): for the same server
answers they exit as `status` does (403 and 401 are 3, not the 4 of an API failure), an expired
exec-plugin credential is renewed once after a 401, and the wait watches what they changed
instead of polling it."""

import unittest

from world import argo_objects as argo
from world import faults
from world.controller_settings import Settings, Timings, after_ms
from world.testcase import SharedWorldTest
from world.world import APPSETS, World

REFRESH = "argocd.argoproj.io/application-set-refresh"
APPSET_PATH = r"/applicationsets/homerun2-core-catcher-pr-preview$"
ROUTES_PATH = r"/namespaces/homerun2-core-catcher-pr-42/httproutes$"
FORBIDDEN = faults.kube_status(403, "Forbidden", 'applicationsets.argoproj.io '
                               '"homerun2-core-catcher-pr-preview" is forbidden: User "x" cannot '
                               'get resource "applicationsets"', None)
UNAUTHORIZED = faults.kube_status(401, "Unauthorized", "Unauthorized", None)


class SameExitCodesAsStatus(SharedWorldTest):
    def setUp(self):
        super().setUp()
        # No controller runs here to take a refresh back.
        appset = self.w.argo.store.get(APPSETS, argo.ARGO_NS, argo.APPSET)
        if appset["metadata"].get("annotations", {}).pop(REFRESH, None) is not None:
            self.w.argo.store.replace(APPSETS, argo.ARGO_NS, argo.APPSET, appset)

    def test_refresh_forbidden_to_read_the_appset_exits_3(self):
        self.w.argo.faults.add(FORBIDDEN, "GET", APPSET_PATH)
        proc = self.w.run("refresh", "--timeout", "5s")
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertIn("cannot get resource", proc.stderr)
        self.assertEqual(len(self.w.argo.patches()), 1)
        status = self.w.run("status", "42")
        self.assertEqual(status.returncode, 3, "status exits the same for the same answer")

    def test_refresh_forbidden_to_patch_exits_3(self):
        self.w.argo.faults.add(FORBIDDEN, "PATCH", APPSET_PATH)
        proc = self.w.run("refresh", "--timeout", "5s")
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertIn("is forbidden", proc.stderr)

    def test_refresh_unauthorized_read_exits_3(self):
        # A static token cannot get better: no second try, an auth error.
        self.w.argo.faults.add(UNAUTHORIZED, "GET", APPSET_PATH)
        proc = self.w.run("refresh", "--timeout", "5s")
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertEqual(len(self.w.requests("argo", "GET", "/apis/argoproj.io/v1alpha1/"
                                                           "namespaces/argocd/applicationsets/")),
                         1)

    def test_bump_route_forbidden_to_list_the_routes_exits_3_and_writes_nothing(self):
        self.w.workload.faults.add(faults.kube_status(
            403, "Forbidden", 'httproutes.gateway.networking.k8s.io is forbidden: User "x" '
            'cannot list resource "httproutes"', None), "GET", ROUTES_PATH)
        proc = self.w.run("bump-route", "42", "--timeout", "5s")
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertIn("cannot list resource", proc.stderr)
        self.assertEqual(self.w.workload.patches(), [])

    def test_bump_route_renews_an_expired_exec_credential_once(self):
        before = self.w.exec_plugin_calls()
        self.w.workload.faults.add(UNAUTHORIZED, "GET", ROUTES_PATH, times=1)
        proc = self.w.run("bump-route", "42", "--timeout", "5s", "--context",
                          "homerun2-test1-exec")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("ResolvedRefs=True", proc.stdout)
        self.assertEqual(self.w.exec_plugin_calls() - before, 2, "run again after the 401")


class WaitsByWatching(unittest.TestCase):
    """With the simulated controllers: the wait ends when the change is seen, through a watch."""

    def test_refresh_ends_when_the_controller_took_it(self):
        # The controller polls 1.5 s after it saw the annotation: long after the first look.
        settings = Settings(timings=Timings(refresh=after_ms(1500)))
        with World(controllers=settings) as w:
            w.clear_requests()
            proc = w.run("refresh", "--timeout", "30s")
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
            self.assertIn("The controller re-polled in", proc.stdout)
            gets = w.requests("argo", "GET", "/apis/argoproj.io/v1alpha1/namespaces/argocd/"
                                             "applicationsets")
            watches = [r for r in gets if r.query.get("watch") == ["1"]]
            self.assertTrue(watches, [r.path for r in gets])
            self.assertEqual(watches[0].query.get("fieldSelector"),
                             ["metadata.name=homerun2-core-catcher-pr-preview"])
            # One look after the patch, one after the change: not a poll every 500 ms.
            self.assertLessEqual(len(gets) - len(watches), 3, [r.path for r in gets])


if __name__ == "__main__":
    unittest.main()
