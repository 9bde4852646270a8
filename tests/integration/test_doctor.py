"""`preview doctor` end to end: every troubleshooting row of the users' wiki, set up in the test
world, is diagnosed with the right check id, its evidence and a fix that can be pasted."""

import json
import unittest

from world.testcase import DoctorTest, text_of
from world.world import World

N = 50
NS = f"homerun2-core-catcher-pr-{N}"

# variant -> (check id that must fail, phrases its evidence/cause/fix must contain)
ROWS = {
    # "No bot comment, no namespace" -> label missing
    "unlabelled": ("label", ["gh pr edit 50", "--add-label preview"]),
    # "Bot comment present, namespace never appears" -> AppSet has not polled
    "not_polled": ("application", ["has not polled", "preview refresh"]),
    # "Pods stuck ImagePullBackOff"
    "image_pull_backoff": ("image-pull", ["ImagePullBackOff",
                                          "ghcr.io/stuttgart-things/homerun2-core-catcher:pr-50-"]),
    # "Pods CrashLoopBackOff with WRONGPASS" -> ESO has not materialised redis-stack-auth
    "wrongpass": ("secrets", ["WRONGPASS", "redis-stack-auth",
                              "annotate externalsecret redis-stack-auth force-sync="]),
    # "HTTPRoute ResolvedRefs: False"
    "route_unresolved": ("route", ["BackendNotFound",
                                   "preview bump-route 50"]),
    # "Dashboard loads but is empty" -> seed Job failed
    "seed_failed": ("seed", ["BackoffLimitExceeded", "describe job seed-test-events"]),
    # "Namespace stuck Terminating after PR close" -> finalizer on a CRD instance
    "namespace_terminating": ("namespace", ["ExternalSecret redis-stack-auth",
                                            "externalsecrets.external-secrets.io/",
                                            "External Secrets Operator"]),
    # pain points beyond the table
    "ci_failed": ("ci", ["build-pr", "failure"]),
    "quota_exceeded": ("workloads", ["exceeded quota"]),
    "appset_error": ("appset", ["ErrorOccurred", "duplicate name"]),
    "url_down": ("url", ["HTTP 503"]),
    "artifact_missing": ("artifacts", ["kustomize"]),
}


class DoctorRows(DoctorTest):
    N = N

    def test_each_troubleshooting_row(self):
        for variant, (check_id, phrases) in ROWS.items():
            with self.subTest(variant=variant), World(previews=False) as w:
                w.add(variant, N)
                proc, checks = self.doctor(w)
                self.assertEqual(proc.returncode, 1, f"{variant}: {list(checks.values())}")
                self.assertEqual(checks[check_id]["status"], "fail", checks[check_id])
                for phrase in phrases:
                    self.assertIn(phrase, text_of(checks[check_id]))
                self.assertTrue(all(r.method in ("GET", "HEAD") for r in w.requests()),
                                "doctor without --fix changes nothing")
                self.assertEqual(w.workload.secret_reads, [])

    def test_root_cause_first_for_an_unlabelled_pr(self):
        with World(previews=False) as w:
            w.add("unlabelled", N)
            _, checks = self.doctor(w)
            failing = [i for i, c in checks.items() if c["status"] == "fail"]
            self.assertEqual(failing, ["label"])

    def test_application_error_is_quoted_verbatim(self):
        with World(previews=False) as w:
            w.add("oci_pull_error", N)
            _, checks = self.doctor(w)
            self.assertIn("failed to load: oci pull", text_of(checks["application"]))

    def test_healthy_preview_has_no_failure(self):
        with World(previews=False) as w:
            w.add("healthy", N)
            proc, checks = self.doctor(w)
            self.assertEqual(proc.returncode, 0)
            summary = json.loads(proc.stdout)["summary"]
            self.assertEqual(summary["fail"], 0)
            self.assertEqual(summary["pass"], 16)   # + revision, gateway, policies
            self.assertEqual(list(checks),
                             ["pr-open", "label", "ci", "artifacts", "appset", "application",
                              "revision", "namespace", "policies", "image-pull", "secrets",
                              "workloads", "gateway", "route",
                              "seed",
                              "url"])

    def test_closed_pr_with_nothing_left_is_healthy(self):
        with World(previews=False) as w:
            w.add("closed_gone", N)
            proc, _ = self.doctor(w)
            self.assertEqual(proc.returncode, 0, proc.stdout)
            self.assertEqual(json.loads(proc.stdout)["summary"]["fail"], 0)

    def test_expired_seed_job_is_fine(self):
        with World(previews=False) as w:
            w.add("seed_expired", N)
            proc, _ = self.doctor(w)
            self.assertEqual(proc.returncode, 0, proc.stdout)

    def test_stuck_namespace_never_suggests_stripping_finalizers(self):
        with World(previews=False) as w:
            w.add("namespace_terminating", N)
            proc = w.run("doctor", str(N))
            self.assertNotIn('"finalizers":null', proc.stdout.replace(" ", ""))
            self.assertNotIn("finalizers\":[]", proc.stdout.replace(" ", ""))
            self.assertNotIn("kubectl patch", proc.stdout)

    def test_unreadable_input_is_skipped_not_passed(self):
        with World(previews=False) as w:
            w.add("healthy", N)
            w.workload.rbac.deny("dev", "list", "externalsecrets", NS)
            proc = w.run("doctor", str(N), "-o", "json")
            secrets = next(c for c in json.loads(proc.stdout)["checks"] if c["id"] == "secrets")
            self.assertEqual(secrets["status"], "skip")
            # No check failed, but an input was denied: no all-clear (exit 3, with the reason).
            self.assertEqual(proc.returncode, 3, proc.stderr)
            self.assertIn("forbidden", proc.stderr)

    def test_check_filter_and_list(self):
        with World(previews=False) as w:
            w.add("healthy", N)
            _, checks = self.doctor(w, "--check", "route", "--check", "url")
            self.assertEqual(list(checks), ["route", "url"])
            proc = w.run("doctor", str(N), "--check", "nope")
            self.assertEqual(proc.returncode, 2)
            self.assertIn("route", proc.stderr)
            proc = w.run("doctor", "--list-checks")
            self.assertEqual(proc.returncode, 0)
            self.assertEqual(len(proc.stdout.splitlines()), 16)   # + revision, gateway, policies

    def test_table_output(self):
        with World(previews=False) as w:
            w.add("wrongpass", N)
            proc = w.run("doctor", str(N))
            self.assertEqual(proc.returncode, 1)
            self.assertIn("✗ secrets", proc.stdout)
            self.assertIn("fix:", proc.stdout)
            self.assertRegex(proc.stdout, r"\d+ passed, \d+ failed, \d+ warnings?, \d+ skipped")


if __name__ == "__main__":
    unittest.main()
