"""`preview doctor` on Argo CD's sync failure modes (failure-modes.md §C, D2) and a merged PR's
leftovers: the failing check, its status, the evidence, the cause, and a fix that is right (or
none); with --fix, that the world heals only when the root cause is gone."""

import json
import shlex
import unittest

from world.sim_common import APPLICATIONS
from world.testcase import DoctorTest, OwnWorldTest, text_of
from world.world import World

N = 50
NS = f"homerun2-core-catcher-pr-{N}"
CHILD = f"homerun2-core-catcher-pr-{N}-core-catcher"
APP_PATH = f"/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/{CHILD}"


class DoctorArgo(DoctorTest):
    N = N

    def scenario(self, variant):
        w = World(previews=False).start()
        self.addCleanup(w.stop)
        w.add(variant, N)
        return w

    def test_c1_lockout_offers_the_child_sync(self):
        w = self.scenario("sync_lockout")
        proc, checks = self.doctor(w)
        app = checks["application"]
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(app["status"], "fail")
        self.assertIn("Failed sync attempt to sha256:", text_of(app))
        self.assertIn("Argo CD will not retry sha256:", app["cause"])
        self.assertIn("auto-sync skips a revision whose last sync failed", app["cause"])
        self.assertTrue(app["autoFix"])
        words = shlex.split(app["fix"])
        self.assertEqual(words[:6], ["kubectl", "-n", "argocd", "patch", "application", CHILD])
        self.assertIn("--field-manager=preview", words)
        patch = json.loads(words[words.index("-p") + 1])
        self.assertEqual(patch["operation"]["initiatedBy"], {"username": "preview"})
        self.assertTrue(patch["operation"]["sync"]["revision"].startswith("sha256:"))

    def test_c3_cached_error_offers_the_child_hard_refresh(self):
        w = self.scenario("cached_manifest_error")
        _, checks = self.doctor(w)
        app = checks["application"]
        self.assertEqual(app["status"], "fail")
        self.assertIn("Manifest generation error (cached)", text_of(app))
        self.assertIn("replaying a cached error from before CI pushed the tag", app["cause"])
        self.assertTrue(app["autoFix"])
        self.assertEqual(app["fix"], f"kubectl -n argocd annotate application {CHILD} "
                                     "argocd.argoproj.io/refresh=hard --overwrite")

    def test_c4_cosmetic_drift_is_not_still_syncing(self):
        w = self.scenario("cosmetic_drift")
        proc, checks = self.doctor(w)
        app = checks["application"]
        self.assertEqual(app["status"], "pass", app)
        self.assertIn("cosmetic drift", app["cause"])
        self.assertIn("OutOfSync only: HTTPRoute", text_of(app))
        self.assertIn("RespectIgnoreDifferences=true", app["fix"])
        self.assertEqual(proc.returncode, 0)
        status = json.loads(w.run("status", str(N), "-o", "json").stdout)
        self.assertEqual(status["phase"], "ready", status)

    def test_c5_route_progressing_follows_from_route(self):
        w = self.scenario("route_progressing")
        _, checks = self.doctor(w)
        app = checks["application"]
        self.assertEqual(app["status"], "skip", app)
        self.assertIn("follows from route", app["cause"])
        self.assertIn("Waiting for HTTPRoute status", app["cause"])

    def test_c6_shared_resource_names_both_applications(self):
        w = self.scenario("shared_resource")
        _, checks = self.doctor(w)
        app = checks["application"]
        self.assertEqual(app["status"], "fail", app)
        self.assertIn("SharedResourceWarning", text_of(app))
        self.assertIn(f"argocd/{CHILD} and homerun2-core-catcher-pr-{N}-", app["cause"])
        self.assertIn("drop the Namespace from the kustomize OCI", app["fix"])
        self.assertFalse(app["autoFix"])

    def test_c7_cluster_gone(self):
        w = self.scenario("cluster_gone")
        _, checks = self.doctor(w)
        app = checks["application"]
        self.assertEqual(app["status"], "fail", app)
        self.assertIn("there are no clusters with this name: homerun2-dev", text_of(app))
        self.assertIn("cannot sync or be deleted", app["cause"])
        self.assertIn("re-register the cluster", app["fix"])
        self.assertIn(f"argocd app delete argocd/{CHILD} --cascade=false", app["fix"])
        self.assertFalse(app["autoFix"])

    def test_namespace_not_found_is_the_namespace_root(self):
        w = self.scenario("namespace_missing")
        _, checks = self.doctor(w)
        ns, app = checks["namespace"], checks["application"]
        self.assertEqual(ns["status"], "fail", ns)
        self.assertIn("CreateNamespace=true", ns["cause"])
        self.assertIn(f"kubectl create namespace {NS}", ns["fix"])
        self.assertNotIn("oci://", text_of(ns) + app["cause"])
        self.assertEqual(app["status"], "skip", app)
        self.assertIn("follows from the namespace check", app["cause"])

    def test_d2_namespace_recreated_while_terminating(self):
        w = self.scenario("namespace_recreated")
        _, checks = self.doctor(w)
        ns, app = checks["namespace"], checks["application"]
        self.assertEqual(ns["status"], "fail", ns)
        self.assertIn("because it is being terminated", text_of(ns))
        self.assertIn("the previous preview's namespace is still terminating; Argo CD's sync "
                      "failed against it and will not retry (C1)", ns["cause"])
        self.assertIn(f"kubectl wait --for=delete namespace/{NS}", ns["fix"])
        self.assertIn("--field-manager=preview", ns["fix"])
        self.assertFalse(ns["autoFix"], "a sync now would fail again")
        self.assertEqual(app["status"], "skip", app)
        self.assertIn("follows from the namespace check", app["cause"])

    def test_merged_pr_with_running_namespace(self):
        w = self.scenario("merged_still_running")
        proc, checks = self.doctor(w)
        pr = checks["pr-open"]
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(pr["status"], "fail", pr)
        self.assertIn("Deployment homerun2-core-catcher", text_of(pr))
        self.assertIn("resources finalizer", pr["cause"])
        self.assertNotIn("empty namespace", text_of(pr))
        self.assertEqual(pr["fix"], f"kubectl delete namespace {NS}")

    def test_down_stops_at_once_for_a_namespace_nothing_owns(self):
        w = self.scenario("merged_still_running")
        proc = w.run("down", str(N), "--interval", "0.2", "--timeout", "10m", timeout=60)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertIn("no Application owns namespace", proc.stdout + proc.stderr)
        self.assertIn(f"kubectl delete namespace {NS}", proc.stdout + proc.stderr)


class DoctorArgoFix(OwnWorldTest):
    WORLD = {"previews": False, "controllers": True}

    def test_c1_sync_heals_once_the_cause_is_gone(self):
        self.w.add("sync_lockout", N)
        proc = self.w.run("doctor", str(N), "--fix", "--yes", "--check", "application",
                          timeout=90)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("healed application", proc.stderr)
        [patch] = self.writes()
        self.assertEqual(patch.path, APP_PATH)
        self.assertEqual(patch.query.get("fieldManager"), ["preview"])
        body = json.loads(patch.body)
        self.assertEqual(list(body), ["operation"])
        self.assertEqual(body["operation"]["initiatedBy"], {"username": "preview"})

    def test_c1_sync_does_not_heal_while_the_cause_remains(self):
        self.w.add("sync_lockout", N)
        self.w.controllers.argo_sync.blocked[CHILD] = "webhook still down"
        proc = self.w.run("doctor", str(N), "--fix", "--yes", "--check", "application",
                          timeout=90)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertIn("still application", proc.stderr)
        self.assertEqual(self.w.controllers.argo_sync.syncs, 1)

    def test_c3_hard_refresh_heals_and_is_not_called_unfixable(self):
        self.w.add("cached_manifest_error", N)
        proc = self.w.run("doctor", str(N), "--fix", "--yes", timeout=90)
        self.assertNotIn("Nothing here can be fixed automatically", proc.stderr)
        # The cached error is gone once Argo CD re-rendered; the recheck no longer names it (in
        # this world the child still has to deploy after the refresh, so it is not Healthy yet).
        recheck = proc.stderr.split("checking again", 1)[-1]
        self.assertIn("Applied 1 change", proc.stderr)
        self.assertNotIn("cached", recheck)
        child = self.w.argo.store.get(APPLICATIONS, "argocd",
                                      f"homerun2-core-catcher-pr-{N}-core-catcher")
        self.assertFalse([c for c in child["status"].get("conditions", [])
                          if c["type"] == "ComparisonError"], child["status"])
        [patch] = [p for p in self.writes() if p.path == APP_PATH]
        self.assertEqual(json.loads(patch.body), {"metadata": {"annotations": {
            "argocd.argoproj.io/refresh": "hard"}}})


if __name__ == "__main__":
    unittest.main()
