"""`up`, `down`, `bump-route` and `doctor --fix` end to end, with the test world's simulated
controllers reacting to the label and annotations as Argo CD, ESO and the gateway would."""

import json
import unittest

from world.testcase import OwnWorldTest


class FollowEndToEnd(OwnWorldTest):
    WORLD = {"controllers": True}

    def test_up_on_an_unlabelled_pr_ends_ready_with_the_url(self):
        proc = self.w.run("up", "5", "--interval", "0.2", "--timeout", "60s", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        events = [json.loads(l) for l in proc.stdout.splitlines()]
        phases = [e["phase"] for e in events if e["event"] == "phase"]
        self.assertEqual(phases[-1], "ready")
        self.assertIn("deploying", phases)
        self.assertEqual(events[-1]["event"], "ready")
        self.assertTrue(events[-1]["url"].endswith("/pr-5"))
        posts = self.w.requests(method="POST")
        self.assertEqual(len(posts), 1)

    def test_down_ends_with_the_namespace_gone(self):
        proc = self.w.run("down", "42", "--interval", "0.2", "--timeout", "60s")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("tearing-down", proc.stdout)
        self.assertIn("is gone after", proc.stdout)
        status = json.loads(self.w.run("status", "42", "-o", "json").stdout)
        self.assertIsNone(status["namespace"])
        self.assertEqual(status["phase"], "not-requested")

    def test_bump_route_heals_the_broken_route(self):
        proc = self.w.run("bump-route", "7", "--timeout", "10s")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("ResolvedRefs=True", proc.stdout)

    def test_doctor_fix_heals_the_broken_preview(self):
        proc = self.w.run("doctor", "7", "--fix", "--yes", timeout=90)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("healed secrets", proc.stderr)
        self.assertIn("healed route", proc.stderr)

    def test_doctor_fix_json_holds_the_plan_what_was_applied_and_the_recheck(self):
        proc = self.w.run("doctor", "7", "--fix", "--yes", "-o", "json", timeout=90)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        doc = json.loads(proc.stdout)
        self.assertIn("checks", doc)   # the existing fields stay
        self.assertIn("summary", doc)
        fix = doc["fix"]
        self.assertTrue(fix["applied"])
        self.assertEqual(fix["outcome"], "applied")
        commands = " ".join(step["command"] for step in fix["plan"])
        self.assertIn("force-sync=", commands)
        self.assertIn("reconcile-bump=", commands)
        healed = {c["id"]: c["healed"] for c in fix["recheck"]}
        self.assertEqual(healed.get("secrets"), True, fix["recheck"])
        self.assertEqual(healed.get("route"), True, fix["recheck"])
        self.assertEqual({c["status"] for c in fix["recheck"]}, {"pass"})

    def test_up_fails_fast_when_the_seed_job_fails(self):
        self.w.controllers.inject(5, seed_failed=True)
        proc = self.w.run("up", "5", "--interval", "0.2", "--timeout", "60s")
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertIn("seed Job seed-test-events failed", proc.stdout)
        self.assertIn("✗ seed", proc.stdout)

    def test_following_polls_at_a_bounded_rate(self):
        # The polling fallback's rate (with watches a snapshot follows each change: test_watch).
        self.w.argo.watches.refuse = self.w.workload.watches.refuse = True
        self.w.clear_requests()
        proc = self.w.run("up", "5", "--interval", "0.5", "--timeout", "60s", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        events = [json.loads(l) for l in proc.stdout.splitlines()]
        elapsed = max(events[-1]["elapsedSeconds"], 1)
        pulls = [r for r in self.w.requests("github") if r.path.endswith("/pulls/5")]
        # one snapshot per interval (plus the first), never a storm
        self.assertLessEqual(len(pulls), elapsed / 0.5 + 3)


if __name__ == "__main__":
    unittest.main()
