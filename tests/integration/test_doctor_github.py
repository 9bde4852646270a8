"""`preview doctor` on the GitHub and ApplicationSet rows of failure-modes.md (A1-A3, B1-B7),
the image pull while CI failed or still runs, and the AppSet's own label filter: each scenario
is diagnosed with the failing check id, its status, the evidence, the cause, and a fix that
would work (or none)."""

import unittest

from world.kube_types import by_plural
from world.testcase import DoctorTest, text_of
from world.world import World

N = 50
APP = f"homerun2-core-catcher-pr-{N}"

# variant -> (check id, status, phrases of evidence/cause/fix, phrases that must NOT appear)
ROWS = {
    # A1: merge conflicts, so no workflow runs at all
    "merge_conflicts": ("ci", "fail", ["mergeable_state dirty",
                                       "has merge conflicts with main (mergeable_state=dirty)",
                                       "merge or rebase main into the branch and push"],
                        ["requiredChecks"]),
    "mergeable_unknown": ("ci", "warn", ["CI has not started"], ["merge conflicts"]),
    # A2: an approval, not a failed build; a fork cannot push
    "action_required": ("ci", "fail", ["action_required", "Approve and run",
                                       "approve and run it: https://github.com/"],
                        ["fix the code"]),
    "fork_pr": ("ci", "fail", ["head from the fork contributor-dev/homerun2-core-catcher",
                               "CI cannot push to ghcr.io from a fork PR: no secrets, read-only "
                               "token", "push the branch to the main repository"],
                ["gh run rerun"]),
    # A3: runs exist, none matches
    "check_names_differ": ("ci", "fail", ["`build-scan-image / ko`", "`publish / kustomize-oci`",
                                          "set github.requiredChecks"], []),
    # image-pull while CI failed / runs: CI's cause and CI's fix, not "unknown"
    "ci_failed": ("image-pull", "fail", ["ImagePullBackOff", "was never built: build-pr failed",
                                         "gh run rerun"], ["unknown"]),
    "ci_running_image_pull": ("image-pull", "warn", ["is not built yet: build-pr still running"],
                              ["unknown"]),
    # B1 (+B6 evidence)
    "appset_rate_limited": ("appset", "fail", ["[rate reset in 41m10s]", "for another 41m10s",
                                               "creates, updates and deletes no Application",
                                               "previews of closed PRs are not torn down",
                                               "removes it only after generation succeeds",
                                               "wait for the reset (in 41m10s)"],
                            ["preview refresh"]),
    # B2
    "appset_token_secret": ("appset", "fail", [
        "Secret argocd/homerun2-omni-pitcher-pat named by the generator's tokenRef does not exist",
        "create secret generic homerun2-omni-pitcher-pat"], ["preview refresh"]),
    "appset_token_key": ("appset", "fail", ["has no key \"token\"",
                                            "edit secret homerun2-omni-pitcher-pat"], []),
    "appset_token_strict": ("appset", "fail", [
        "kubectl -n argocd label secret homerun2-omni-pitcher-pat "
        "argocd.argoproj.io/secret-type=scm-creds"], []),
    "appset_token_401": ("appset", "fail", ["expired or was revoked", "rotate the PAT"], []),
    "appset_token_404": ("appset", "fail", ["cannot see the repository", "Pull requests: read"],
                         []),
    # B5
    "appset_error": ("appset", "fail", ["duplicate name", "only the first is created"],
                     ["generates none"]),
    "appset_no_cluster": ("appset", "fail", ["Argo CD has no cluster named homerun2-dev",
                                             "relabel or remove the old cluster"], []),
    "appset_no_project": ("appset", "fail", ["project homerun2-dev does not exist",
                                             "get appprojects"], []),
    "appset_missing_key": ("appset", "fail",
                           ["uses {{ .branch_slug }}, which no generator provides"], []),
    # B3
    "appset_repo_not_found": ("appset", "warn", ["continueOnRepoNotFoundError: true",
                                                 "deletes all previews"], []),
    # B4
    "appset_default_poll": ("application", "fail", ["every 1800 s", "preview refresh"], []),
    # B7
    "appset_keeps_closed": ("appset", "fail", ["applicationsSync: create-update",
                                               "forbids deletes",
                                               f"kubectl -n argocd delete application {APP}"], []),
    # the AppSet's own label filter
    "appset_extra_label": ("label", "fail", ["generator labels: preview, approved",
                                             "--add-label approved"], []),
}


class DoctorGithubRows(DoctorTest):
    N = N

    def test_each_row(self):
        for variant, (check_id, status, phrases, absent) in ROWS.items():
            with self.subTest(variant=variant), World(previews=False) as w:
                w.add(variant, N)
                _, checks = self.doctor(w)
                check = checks[check_id]
                self.assertEqual(check["status"], status, check)
                for phrase in phrases:
                    self.assertIn(phrase, text_of(check))
                for phrase in absent:
                    self.assertNotIn(phrase, text_of(check))
                self.assertTrue(all(r.method in ("GET", "HEAD") for r in w.requests()))

    def test_artifacts_follow_from_merge_conflicts(self):
        with World(previews=False) as w:
            w.add("merge_conflicts", N)
            _, checks = self.doctor(w)
            self.assertEqual(checks["artifacts"]["status"], "skip")
            self.assertIn("follows from the ci check", checks["artifacts"]["cause"])

    def test_rate_limit_offers_no_refresh_to_fix(self):
        with World(previews=False) as w:
            w.add("appset_rate_limited", N)
            _, checks = self.doctor(w)
            self.assertFalse(checks["appset"]["autoFix"])
            proc = w.run("doctor", str(N), "--fix", "--yes", "--check", "appset")
            self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
            self.assertEqual(w.argo.patches(), [], "nothing to apply for a rate limit")

    def test_extra_label_fix_adds_the_missing_label(self):
        with World(previews=False) as w:
            w.add("appset_extra_label", N)
            _, checks = self.doctor(w)
            self.assertFalse(checks["label"]["autoFix"], "--fix adds only the profile's label")
            self.assertIn("gh pr edit 50", checks["label"]["fix"])

    def test_keeps_closed_fix_names_an_application_that_exists(self):
        with World(previews=False) as w:
            w.add("appset_keeps_closed", N)
            _, checks = self.doctor(w)
            names = [a["metadata"]["name"]
                     for a in w.argo.store.list(by_plural("argoproj.io", "applications"), "argocd")]
            self.assertIn(APP, names)
            self.assertTrue(checks["appset"]["fix"].endswith(f"delete application {APP}"))


class RefreshBlocked(unittest.TestCase):
    def test_refresh_prints_the_appset_error_not_a_silent_controller(self):
        # B6: the controller keeps the annotation while generation fails; refresh says why.
        with World(previews=False) as w:
            w.add("appset_rate_limited", N)
            proc = w.run("refresh", "--timeout", "1s")
            self.assertEqual(proc.returncode, 1, proc.stderr)
            self.assertIn("ErrorOccurred=True ApplicationGenerationFromParamsError", proc.stderr)
            self.assertIn("[rate reset in 41m10s]", proc.stderr)
            self.assertIn("wait for the reset", proc.stderr)
            self.assertNotIn("has not taken the refresh", proc.stderr)

    def test_refresh_without_error_still_names_the_controller(self):
        with World(previews=False) as w:
            w.add("healthy", N)
            proc = w.run("refresh", "--timeout", "1s")
            self.assertEqual(proc.returncode, 1, proc.stderr)
            self.assertIn("has not taken the refresh", proc.stderr)


class StatusMark(unittest.TestCase):
    def test_failed_ci_is_a_failure_mark(self):
        with World(previews=False) as w:
            w.add("ci_failed", N)
            proc = w.run("status", str(N))
            line = next(ln for ln in proc.stdout.splitlines() if "CI check build-pr failed" in ln)
            self.assertTrue(line.lstrip().startswith("✗"), line)


if __name__ == "__main__":
    unittest.main()
