"""One judgement (design §4, last paragraph): `list`, `status` and `doctor` tell the same story
from the same facts; a piece that could not be read is unknown, never absent; two sources that
contradict each other are named; without GitHub the clusters still speak."""

import json
import unittest

from world import faults
from world.config_files import WORKLOAD_CONTEXT
from world.testcase import PushedAfterReadyTest, SharedWorldTest
from world.world import World

NO_TOKEN = {"GH_TOKEN": None, "GITHUB_TOKEN": None}


def by_number(doc):
    return {p["number"]: p for p in doc["previews"]}


class ListAndStatusAgree(SharedWorldTest):
    """The playground: 42 ready, 7 crash-looping, and one of each orphan (3, 5, 9)."""

    ORPHANS = True

    def status(self, number, *args, env=None):
        proc = self.w.run("status", str(number), "-o", "json", *args, env_overrides=env)
        return proc, json.loads(proc.stdout) if proc.stdout else None

    def test_every_preview_has_the_same_phase_in_list_and_status(self):
        proc = self.w.run("list", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        listed = by_number(json.loads(proc.stdout))
        self.assertEqual(listed[7]["phase"], "degraded")     # was "deploying" in list
        for number, entry in listed.items():
            _, doc = self.status(number)
            self.assertEqual(entry["phase"], doc["phase"], (number, entry["reason"], doc["reason"]))
        for number in (42, 7):
            _, doc = self.status(number)
            if doc["phase"] == "ready":  # list's ready says what it rests on
                self.assertIn("list does not read the routes", listed[number]["reason"])
            else:
                self.assertEqual(listed[number]["reason"], doc["reason"])
            self.assertEqual(listed[number]["headSha"], doc["pr"]["headSha"])
            self.assertEqual(listed[number]["runningSha"], doc["runningSha"])
            self.assertFalse(listed[number]["stale"])

    def test_list_reads_pods_only_where_an_application_is_not_healthy(self):
        self.w.run("list", "-o", "json")
        # PR 7's Application is not Healthy; 42 is, and 9's namespace does not exist.
        pods = [r.path for r in self.w.requests("workload") if r.path.endswith("/pods")]
        self.assertEqual(pods, ["/api/v1/namespaces/homerun2-core-catcher-pr-7/pods"])
        github = self.w.requests("github")
        self.assertEqual([r.path for r in github],
                         ["/repos/stuttgart-things/homerun2-core-catcher/pulls"])

    def test_a_piece_that_cannot_be_read_keeps_ready_unknown(self):
        self.w.workload.faults.add(
            faults.kube_status(403, "Forbidden", 'pods is forbidden: User "dev" cannot list '
                               'resource "pods"', retry_after=None), "GET", r"/pods$")
        proc, doc = self.status(42)
        self.assertEqual(doc["phase"], "unknown", doc["reason"])      # was "ready"
        self.assertIn("cannot tell whether it is ready", doc["reason"])
        self.assertIn("forbidden", doc["reason"])
        self.assertEqual(doc["verdicts"]["pods"]["state"], "unknown")
        self.assertEqual([u["piece"] for u in doc["unknowns"]], ["pods"])
        self.assertEqual(proc.returncode, 3, proc.stderr)

    def test_a_bad_token_on_the_workload_cluster_is_unknown_not_absent(self):
        proc, doc = self.status(42, "--context", f"{WORKLOAD_CONTEXT}-bad-token")
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertEqual(doc["phase"], "unknown")
        self.assertIn("Unauthorized", doc["reason"])
        self.assertNotIn("does not exist", doc["reason"])
        self.assertEqual(doc["verdicts"]["namespace"]["state"], "unknown")
        self.assertEqual(doc["verdicts"]["applications"]["state"], "ok")

    def test_the_wrong_argocd_context_is_named_as_a_contradiction(self):
        proc, doc = self.status(42, "--argocd-context", WORKLOAD_CONTEXT)
        self.assertEqual(proc.returncode, 2, proc.stderr)             # was 0
        self.assertEqual(doc["phase"], "unknown")                     # was waiting-for-argocd
        self.assertNotIn("does not exist yet", doc["reason"])
        self.assertIn("namespace homerun2-core-catcher-pr-42 exists", doc["reason"])
        self.assertIn("--argocd-context", doc["contradiction"])
        self.assertIn("--argocd-context", proc.stderr)
        table = self.w.run("status", "42", "--argocd-context", WORKLOAD_CONTEXT)
        self.assertIn("probably the wrong Argo CD cluster", table.stdout)

    def test_without_a_github_token_status_prints_what_the_clusters_said(self):
        proc = self.w.run("status", "42", env_overrides=NO_TOKEN)
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertIn("Requires authentication", proc.stderr)
        self.assertIn("unknown  the PR's state is unknown", proc.stdout)
        self.assertIn("homerun2-core-catcher-pr-42-core-catcher", proc.stdout)   # Argo CD
        self.assertIn("Namespace homerun2-core-catcher-pr-42", proc.stdout)
        self.assertIn("redis-stack-node", proc.stdout)                           # workloads
        _, doc = self.status(42, env=NO_TOKEN)
        self.assertIsNone(doc["pr"])
        self.assertEqual(doc["phase"], "unknown")
        self.assertEqual(len(doc["applications"]), 5)
        self.assertEqual(doc["verdicts"]["pr"]["state"], "unknown")

    def test_without_a_github_token_doctor_runs_the_cluster_checks(self):
        proc = self.w.run("doctor", "42", "-o", "json", env_overrides=NO_TOKEN)
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertIn("Requires authentication", proc.stderr)
        checks = {c["id"]: c["status"] for c in json.loads(proc.stdout)["checks"]}
        self.assertEqual(checks["workloads"], "pass")
        self.assertEqual(checks["pr-open"], "skip")

    def test_github_unreachable_status_still_prints_the_clusters(self):
        self.w.github.faults.add(faults.reset(), "GET")
        proc = self.w.run("status", "42")
        self.assertEqual(proc.returncode, 4, proc.stderr)
        self.assertIn("homerun2-core-catcher-pr-42-core-catcher", proc.stdout)
        self.assertIn("the PR's state is unknown", proc.stdout)

    def test_list_without_a_token_does_not_invent_a_pr_state(self):
        proc = self.w.run("list", "-o", "json", env_overrides=NO_TOKEN)
        self.assertEqual(proc.returncode, 3, proc.stderr)
        listed = by_number(json.loads(proc.stdout))
        # PR 3's preview is a leftover namespace: it was "waiting-for-argocd".
        self.assertEqual(listed[3]["phase"], "unknown")
        self.assertIn("the PR's state is unknown", listed[3]["reason"])
        self.assertIn("without an Application", listed[3]["reason"])
        self.assertEqual({p["phase"] for p in listed.values()}, {"unknown"})
        for number in (42, 3):
            _, doc = self.status(number, env=NO_TOKEN)
            self.assertEqual(doc["phase"], listed[number]["phase"])


class HealthyListCostsThreeRequests(unittest.TestCase):
    """Only ready previews: no symptom asks for pods, so `list` stays at three requests."""

    def test_three_requests(self):
        with World(previews=False) as w:
            w.add("healthy", 42)
            w.add("healthy", 43)
            proc = w.run("list", "-o", "json")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual({p["phase"] for p in json.loads(proc.stdout)["previews"]},
                             {"ready"})
            self.assertEqual(len(w.requests()), 3, w.requests())


class ListReadsPodsPerUnhealthyPreview(unittest.TestCase):
    """42 ready, 7 crash-looping, 8 in ImagePullBackOff: `list` reads the pods of 7's and 8's
    namespaces (one round), never the cluster's; one namespace it may not read concerns only
    its own preview."""

    def setUp(self):
        self.w = World(previews=False).start()
        self.addCleanup(self.w.stop)
        self.w.add("healthy", 42)
        self.w.add("wrongpass", 7)
        self.w.add("image_pull_backoff", 8)

    def pod_paths(self):
        return sorted(r.path for r in self.w.requests("workload") if r.path.endswith("/pods"))

    def test_one_pod_list_per_unhealthy_preview(self):
        proc = self.w.run("list", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.pod_paths(), ["/api/v1/namespaces/homerun2-core-catcher-pr-7/pods",
                                            "/api/v1/namespaces/homerun2-core-catcher-pr-8/pods"])
        listed = by_number(json.loads(proc.stdout))
        self.assertEqual({n: p["phase"] for n, p in listed.items()},
                         {42: "ready", 7: "degraded", 8: "degraded"})

    def test_an_unreadable_namespace_concerns_only_its_preview(self):
        self.w.workload.faults.add(
            faults.kube_status(403, "Forbidden", 'pods is forbidden: User "dev" cannot list '
                               'resource "pods" in the namespace "homerun2-core-catcher-pr-8"',
                               retry_after=None),
            "GET", r"/namespaces/homerun2-core-catcher-pr-8/pods$")
        proc = self.w.run("list", "-o", "json")
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertIn("cannot list pods in namespace homerun2-core-catcher-pr-8", proc.stderr)
        doc = json.loads(proc.stdout)
        self.assertEqual([e["source"] for e in doc["errors"]], ["pods"])
        listed = by_number(doc)
        self.assertEqual(listed[7]["phase"], "degraded")
        self.assertEqual(listed[42]["phase"], "ready")
        # 8's pods are unknown, so its ImagePullBackOff cannot make it degraded: the phase is
        # what its Application says. (`status` reads the registry too, so it says more.)
        self.assertEqual(listed[8]["phase"], "deploying")
        self.assertIn("Synced/Progressing", listed[8]["reason"])


class StalePreviewInList(PushedAfterReadyTest):
    """PR 42 was ready, then its author pushed; the ApplicationSet has not polled since."""

    def test_list_shows_both_commits_marks_stale_and_agrees_with_status(self):
        proc = self.w.run("list", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        entry = by_number(json.loads(proc.stdout))[42]
        self.assertEqual(entry["headSha"], self.new)
        self.assertEqual(entry["runningSha"], self.old)
        self.assertTrue(entry["stale"])
        self.assertEqual(entry["revision"], "stale")
        self.assertEqual(entry["phase"], "deploying")                 # was "ready"
        status = json.loads(self.w.run("status", "42", "-o", "json").stdout)
        self.assertEqual((entry["phase"], entry["reason"]), (status["phase"], status["reason"]))
        table = self.w.run("list").stdout.splitlines()
        self.assertEqual(table[0].split(), ["PR", "TITLE", "AUTHOR", "HEAD", "RUNS", "PHASE",
                                            "AGE", "URL"])
        [row] = [line for line in table if "#42" in line]
        self.assertIn(f"{self.new[:8]}  {self.old[:8]} stale  deploying", row)


if __name__ == "__main__":
    unittest.main()
