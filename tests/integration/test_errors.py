"""Bad input and broken surroundings: the contract's exit code and one clear paragraph each,
never a crash, a stack of libcurl jargon, or a request that should not have been sent."""

import json
import os
import socket
import unittest

from world import faults
from world.testcase import SharedWorldTest


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Errors(SharedWorldTest):
    def assertClearFailure(self, proc, code, *phrases):
        self.assertEqual(proc.returncode, code, f"stdout={proc.stdout!r} stderr={proc.stderr!r}")
        err = proc.stderr
        self.assertTrue(err.startswith("preview: "), err)
        self.assertLessEqual(len(err.strip().splitlines()), 4, err)
        for phrase in phrases:
            self.assertIn(phrase, err)
        for jargon in ("CURLE_", "curl:", "terminate called", "Traceback", "what():"):
            self.assertNotIn(jargon, err)

    def write(self, name, text):
        path = os.path.join(self.w.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_bad_pr_references_are_usage_errors_and_send_nothing(self):
        for ref in ("abc", "0", "-3", "4.2", "owner#1"):
            with self.subTest(ref=ref):
                proc = self.w.run("status", ref) if not ref.startswith("-") else \
                    self.w.run("status", "--", ref)
                self.assertClearFailure(proc, 2)
        self.assertEqual(self.w.requests(), [])

    def test_pr_that_does_not_exist(self):
        proc = self.w.run("status", "999")
        self.assertClearFailure(proc, 2, "#999", "does not exist")

    def test_another_repository_than_the_profiles_is_refused_before_any_request(self):
        # The profile's ApplicationSet, namespaces and URL are core-catcher's: listing or
        # checking led-catcher with them would report core-catcher's previews as led-catcher's.
        other = "stuttgart-things/homerun2-led-catcher"
        for args in (("-R", other, "list"), ("status", f"{other}#42"),
                     ("doctor", "42", "--repo", other)):
            with self.subTest(args=args):
                proc = self.w.run(*args)
                self.assertClearFailure(proc, 2, f"not of {other}", "--config")
        self.assertEqual(self.w.requests(), [])
        # A profile for that repository is the way.
        path = self.write("led.yaml", f"repo: {other}\n")
        self.assertNotIn("not of", self.w.run("-R", other, "list", "--config", path).stderr)

    def test_unknown_profile_key_names_key_and_file(self):
        path = self.write("bad-profile.yaml", "label: preview\nargocd:\n  appSet: x\n")
        proc = self.w.run("status", "42", "--config", path)
        self.assertClearFailure(proc, 2, "appSet", "bad-profile.yaml")
        self.assertEqual(self.w.requests(), [])

    def test_template_rendering_an_invalid_name_is_refused_before_any_request(self):
        path = self.write("long-profile.yaml",
                          "cluster:\n  namespace: " + "x" * 60 + "-pr-{number}\n")
        proc = self.w.run("status", "42", "--config", path)
        self.assertClearFailure(proc, 2, "63")
        self.assertEqual(self.w.requests(), [])

    def test_malformed_kubeconfig_names_the_file(self):
        path = self.write("broken-kubeconfig", "apiVersion: v1\nclusters: [\n")
        proc = self.w.run("status", "42", env_overrides={"KUBECONFIG": path})
        self.assertClearFailure(proc, 2, "broken-kubeconfig")

    def test_missing_context(self):
        proc = self.w.run("status", "42", "--context", "nope")
        self.assertClearFailure(proc, 2, '"nope"')

    def test_wrong_github_token_is_an_auth_error(self):
        proc = self.w.run("status", "42", env_overrides={"GH_TOKEN": "ghp_wrong"})
        self.assertClearFailure(proc, 3, "credentials")
        self.assertNotIn("ghp_wrong", proc.stderr)

    def test_expired_kube_token_is_an_auth_error(self):
        proc = self.w.run("status", "42", "--context", "homerun2-test1-bad-token")
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertIn("preview: ", proc.stderr)
        self.assertNotIn(self.w.creds.bad_token, proc.stderr + proc.stdout)

    def test_unreachable_github(self):
        url = f"https://127.0.0.1:{closed_port()}"
        proc = self.w.run("status", "42", "--github-api-url", url)
        self.assertClearFailure(proc, 4, "cannot connect")

    def test_tls_with_the_wrong_ca(self):
        self.w.github.http.set_tls("other_ca")
        try:
            proc = self.w.run("status", "42")
        finally:
            self.w.github.http.set_tls("valid")
        self.assertClearFailure(proc, 4, "certificate")

    def test_html_page_where_json_was_expected(self):
        self.w.github.faults.add(faults.html_error_page(502), "GET", r"/pulls/42$")
        proc = self.w.run("status", "42")
        self.assertClearFailure(proc, 4, "HTML")

    def test_truncated_json(self):
        self.w.github.faults.add(faults.truncated_json(), "GET", r"/pulls/42$")
        proc = self.w.run("status", "42")
        self.assertEqual(proc.returncode, 4, proc.stderr)
        self.assertTrue(proc.stderr.startswith("preview: "), proc.stderr)

    def test_forbidden_resource_still_shows_the_rest(self):
        self.w.workload.rbac.deny("dev", "list", "events", "homerun2-core-catcher-pr-42")
        try:
            proc = self.w.run("status", "42", "-o", "json")
        finally:
            self.w.workload.rbac.clear()
        self.assertEqual(proc.returncode, 3, proc.stderr)
        doc = json.loads(proc.stdout)
        self.assertEqual(doc["phase"], "ready")
        self.assertIsNone(doc["events"])
        self.assertEqual(doc["errors"][0]["kind"], "permission")
        self.assertIn("forbidden", proc.stderr)

    def test_unknown_option_is_a_usage_error(self):
        proc = self.w.run("status", "42", "--frobnicate")
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(self.w.requests(), [])


if __name__ == "__main__":
    unittest.main()
