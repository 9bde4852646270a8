"""Head-commit truth end to end: PR 42 was ready, then its author pushed. CI builds the new
head and tags it, but the ApplicationSet polls only every 10 minutes, so the preview keeps
running (and answering 200 from) the previous commit until a refresh."""

import json
import unittest

from world.testcase import PushedAfterReadyTest


class PushAfterReady(PushedAfterReadyTest):
    def test_status_says_deploying_with_both_commits_while_stale(self):
        proc = self.w.run("status", "42", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)   # as today: status reports, exit 0
        doc = json.loads(proc.stdout)
        self.assertEqual(doc["phase"], "deploying")
        self.assertFalse(doc["ready"])
        self.assertEqual(doc["reason"], f"runs {self.old[:8]}, PR head is {self.new[:8]}: "
                                        "the ApplicationSet has not picked up the push yet")
        self.assertEqual(doc["runningSha"], self.old)
        self.assertEqual(doc["revision"]["verdict"], "stale")
        sources = {e["source"] for e in doc["revision"]["evidence"]}
        self.assertEqual(sources, {"helm-values", "target-revision", "summary-images",
                                   "pod-image", "app-health"})
        table = self.w.run("status", "42")
        self.assertIn(f"deploying  runs {self.old[:8]}, PR head is {self.new[:8]}", table.stdout)

    def test_doctor_revision_fails_with_the_refresh_fix(self):
        proc = self.w.run("doctor", "42", "--check", "revision", "-o", "json")
        doc = json.loads(proc.stdout)
        [finding] = doc["checks"]
        self.assertEqual(finding["status"], "fail", finding)
        self.assertEqual(finding["fix"], "preview refresh")
        self.assertTrue(finding["autoFix"])
        self.assertIn("has not polled GitHub since the push", finding["cause"])
        self.assertTrue(any(f"PR head {self.new}" in e for e in finding["evidence"]))
        self.assertNotEqual(proc.returncode, 0)

    def test_up_refreshes_and_returns_only_when_the_head_runs(self):
        proc = self.w.run("up", "42", "--interval", "0.2", "--timeout", "60s")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("Asked", proc.stdout)                      # the refresh
        self.assertIn(f"rolled from {self.old[:8]} to {self.new[:8]}", proc.stdout)
        self.assertNotIn("already ready", proc.stdout)
        status = json.loads(self.w.run("status", "42", "-o", "json").stdout)
        self.assertEqual(status["phase"], "ready")
        self.assertEqual(status["runningSha"], self.new)
        pods = [e for e in status["revision"]["evidence"] if e["source"] == "pod-image"]
        self.assertTrue(pods and all(e["head"] for e in pods), pods)


if __name__ == "__main__":
    unittest.main()
