"""`preview up`, `down` and `doctor --fix` against the test world: exactly which changes are sent,
and that nothing else is ever written."""

import json
import unittest

from world import faults, scenarios
from world.testcase import OwnWorldTest

LABELS = "/repos/stuttgart-things/homerun2-core-catcher/issues/{}/labels"


class UpDownWrites(OwnWorldTest):
    def test_up_twice_sends_one_label_post(self):
        for _ in range(2):
            proc = self.w.run("up", "5", "--no-wait")
            self.assertEqual(proc.returncode, 0, proc.stderr)
        posts = [r for r in self.writes() if r.method == "POST"]
        self.assertEqual(len(posts), 1)
        self.assertEqual(posts[0].path, LABELS.format(5))
        self.assertEqual(json.loads(posts[0].body), {"labels": ["preview"]})
        patches = [r for r in self.writes() if r.method == "PATCH"]
        self.assertEqual(len(patches), 2, "one refresh per up")
        self.assertEqual({r.method for r in self.writes()}, {"POST", "PATCH"})

    def test_up_no_refresh_only_labels(self):
        proc = self.w.run("up", "5", "--no-wait", "--no-refresh")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual([r.method for r in self.writes()], ["POST"])

    def test_up_on_a_ready_preview_returns_at_once(self):
        proc = self.w.run("up", "42")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("already ready", proc.stdout)
        self.assertIn("/pr-42", proc.stdout)
        self.assertEqual(self.writes(), [])

    def test_up_refuses_a_closed_pr(self):
        self.w.add("closed_gone", 60)
        proc = self.w.run("up", "60")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("only for open pull requests", proc.stderr)
        self.assertEqual(self.writes(), [])

    def test_up_on_a_merged_pr_says_closed_merged_and_suggests_a_new_pr(self):
        self.w.add("closed_gone", 60)  # merged
        proc = self.w.run("up", "60")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("is closed (merged)", proc.stderr)
        self.assertNotIn("gh pr reopen", proc.stderr, "a merged PR cannot be reopened")
        self.assertIn("new pull request", proc.stderr)
        self.assertEqual(self.writes(), [])

    def test_up_on_a_closed_unmerged_pr_suggests_reopening_it(self):
        self.w.add(lambda p: scenarios.closed_gone(p, merged=False), 61)
        proc = self.w.run("up", "61")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("is closed;", proc.stderr)
        self.assertIn("gh pr reopen 61", proc.stderr)
        self.assertEqual(self.writes(), [])

    def test_up_times_out_naming_the_phase_and_the_findings(self):
        # PR 5 has no controllers behind it: it never gets further, whatever the machine's load.
        proc = self.w.run("up", "5", "--timeout", "10s", "--interval", "0.5")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("waiting-for-argocd", proc.stdout)
        self.assertIn("✗ application", proc.stdout)

    def test_up_failure_counts_every_check_run_and_shows_what_needs_attention(self):
        self.w.add("ci_failed", 8)
        proc = self.w.run("up", "8", "--timeout", "30s", "--interval", "0.5")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("✗ ci ", proc.stdout)
        self.assertNotIn("! ci ", proc.stdout)
        summary = [l for l in proc.stdout.splitlines() if " passed, " in l]
        self.assertEqual(len(summary), 1, proc.stdout)
        self.assertRegex(summary[0], r"^[1-9]\d* passed, \d+ failed, .*\(showing the \d+ that "
                                     r"needs? attention\)$")
        self.assertNotIn("✓ pr-open", proc.stdout, "passing checks are counted, not shown")

    def test_up_whose_every_look_outlasts_the_timeout_is_a_timeout(self):
        # The first look (before the label) is answered at once; every later read of the
        # namespace takes longer than the whole command may. That cut is the timeout `up`
        # reports (exit 1), not a server failure (exit 4).
        namespace = r"/api/v1/namespaces/homerun2-core-catcher-pr-5$"
        self.w.workload.faults.add(faults.delay(0), "GET", namespace, times=1)
        self.w.workload.faults.add(faults.delay(60_000), "GET", namespace)
        proc = self.w.run("up", "5", "--timeout", "5s", "--interval", "0.5")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("time limit ran out", proc.stderr)

    def test_up_json_events(self):
        proc = self.w.run("up", "5", "--timeout", "10s", "--interval", "0.5", "-o", "json")
        lines = [json.loads(l) for l in proc.stdout.splitlines() if l.startswith('{"event"')]
        events = [e["event"] for e in lines]
        self.assertIn("phase", events)
        self.assertEqual(events[-1], "timeout")

    def test_down_removes_only_the_gate_label(self):
        proc = self.w.run("down", "42", "--no-wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        deletes = [r for r in self.writes() if r.method == "DELETE"]
        self.assertEqual([r.path for r in deletes], [LABELS.format(42) + "/preview"])
        self.assertFalse([r for r in self.writes() if r.method in ("POST", "PUT")])

    def test_down_without_the_label_is_not_an_error(self):
        proc = self.w.run("down", "5", "--no-wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("no \"preview\" label", proc.stdout)
        self.assertEqual(self.writes(), [])

    def test_down_explains_a_stuck_namespace(self):
        self.w.add("namespace_terminating", 61)
        proc = self.w.run("down", "61", "--interval", "0.5", "--timeout", "30s")
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertIn("Terminating", proc.stdout)
        self.assertIn("redis-stack-auth", proc.stdout)
        self.assertIn("External Secrets Operator", proc.stdout)
        self.assertFalse([r for r in self.writes() if r.method == "DELETE" and "namespaces" in r.path])


class DoctorFix(OwnWorldTest):
    def test_fix_on_a_healthy_preview_sends_nothing(self):
        proc = self.w.run("doctor", "42", "--fix", "--yes")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.writes(), [])

    def test_without_a_terminal_and_without_yes_it_only_shows_the_plan(self):
        proc = self.w.run("doctor", "7", "--fix")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("force-sync=", proc.stderr)
        self.assertIn("--yes", proc.stderr)
        self.assertEqual(self.writes(), [])

    def test_fix_json_without_a_terminal_reports_the_plan_as_not_applied(self):
        proc = self.w.run("doctor", "7", "--fix", "-o", "json")
        self.assertEqual(proc.returncode, 1)
        doc = json.loads(proc.stdout)
        self.assertEqual([c["id"] for c in doc["checks"]][:2], ["pr-open", "label"])
        self.assertFalse(doc["fix"]["applied"])
        self.assertEqual(doc["fix"]["outcome"], "no-terminal")
        self.assertTrue(any("force-sync=" in step["command"] for step in doc["fix"]["plan"]))
        self.assertEqual(doc["fix"]["recheck"], [])
        self.assertEqual(self.writes(), [])

    def test_yes_applies_exactly_the_planned_patches(self):
        proc = self.w.run("doctor", "7", "--fix", "--yes", timeout=60)
        self.assertIn(proc.returncode, (0, 1), proc.stderr)
        writes = self.writes()
        self.assertEqual(sorted(r.path.rsplit("/", 2)[-2] for r in writes),
                         ["externalsecrets", "httproutes"])
        for r in writes:
            self.assertEqual(r.method, "PATCH")
            self.assertEqual(r.headers.get("Content-Type"), "application/merge-patch+json")
            self.assertEqual(r.query.get("fieldManager"), ["preview"])
        self.assertIn("checking again", proc.stderr)


if __name__ == "__main__":
    unittest.main()
