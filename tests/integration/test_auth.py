"""Every way a kubeconfig can authenticate, against the local API servers, and the fallbacks."""

import json
import unittest

from world.world import World
from world.testcase import SharedWorldTest

NS42 = "homerun2-core-catcher-pr-42"


class KubeAuthentication(SharedWorldTest):
    def status(self, *args, **kw):
        proc = self.w.run("status", "42", "-o", "json", *args, **kw)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return json.loads(proc.stdout), proc

    def identities(self):
        return {r.identity for r in self.w.requests("workload") if r.status == 200}

    def test_client_certificate_data(self):
        doc, _ = self.status()
        self.assertEqual(doc["phase"], "ready")
        self.assertEqual(self.identities(), {self.w.creds.cert_user})

    def test_client_certificate_files(self):
        self.status("--context", "homerun2-test1-cert-files")
        self.assertEqual(self.identities(), {self.w.creds.cert_user})

    def test_token_file(self):
        self.status("--context", "homerun2-test1-token-file")
        self.assertEqual(self.identities(), {self.w.creds.file_user})

    def test_basic_auth(self):
        self.status("--context", "homerun2-test1-basic")
        self.assertEqual(self.identities(), {self.w.creds.basic_user})

    def test_exec_plugin_runs_once_per_process(self):
        before = self.w.exec_plugin_calls()
        _, proc = self.status("--context", "homerun2-test1-exec")
        self.assertEqual(self.identities(), {self.w.creds.exec_user})
        self.assertEqual(self.w.exec_plugin_calls() - before, 1, "the credential is cached")
        self.assertNotIn(self.w.creds.exec_token, proc.stdout + proc.stderr)

    def test_insecure_skip_tls_verify_warns(self):
        _, proc = self.status("--context", "homerun2-test1-insecure")
        self.assertIn("TLS verification is disabled", proc.stderr)

    def test_argocd_cluster_uses_its_own_context(self):
        self.status()
        argo = {r.identity for r in self.w.requests("argo") if r.status == 200}
        self.assertEqual(argo, {self.w.creds.argo_user})

    def test_kubeconfig_flag_reads_only_that_file(self):
        proc = self.w.run("status", "42", "--kubeconfig", str(self.w.dir / "missing-kubeconfig"))
        self.assertEqual(proc.returncode, 2)
        self.assertIn("missing-kubeconfig", proc.stderr)

    def test_github_token_from_gh_when_no_variable(self):
        gh = self.w.dir / "fake-gh"
        gh.write_text(f"#!/bin/sh\n[ \"$1 $2\" = \"auth token\" ] && echo {self.w.creds.gh_token}\n")
        gh.chmod(0o755)
        doc, _ = self.status(env_overrides={"GH_TOKEN": None, "GH_PATH": str(gh)})
        self.assertEqual(doc["pr"]["number"], 42)
        auth = {r.headers.get("Authorization") for r in self.w.requests("github")}
        self.assertEqual(auth, {f"Bearer {self.w.creds.gh_token}"})


class ExternalSecretsFallback(unittest.TestCase):
    def test_v1beta1_when_v1_is_not_served(self):
        with World() as w:
            w.workload.unserve("external-secrets.io/v1")
            proc = w.run("status", "42", "-o", "json")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            doc = json.loads(proc.stdout)
            self.assertEqual(len(doc["externalSecrets"]), 4)
            paths = [r.path for r in w.requests("workload")]
            self.assertIn(f"/apis/external-secrets.io/v1/namespaces/{NS42}/externalsecrets", paths)
            self.assertIn(f"/apis/external-secrets.io/v1beta1/namespaces/{NS42}/externalsecrets",
                          paths)


    def test_operator_not_installed_is_explained(self):
        with World() as w:
            w.workload.unserve_group("external-secrets.io")
            proc = w.run("status", "42", "-o", "json")
            self.assertEqual(proc.returncode, 4, proc.stderr)
            doc = json.loads(proc.stdout)
            self.assertIsNone(doc["externalSecrets"])
            self.assertIn("External Secrets Operator installed", proc.stderr)
            empty = w.dir / "no-eso.yaml"
            lines = [l for l in w.config_file.read_text().splitlines()
                     if not l.startswith("externalSecrets")]
            empty.write_text("\n".join(lines) + "\nexternalSecrets: []\n")
            proc = w.run("status", "42", "-o", "json", "--config", str(empty))
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(json.loads(proc.stdout)["externalSecrets"], [])


class SingleCluster(unittest.TestCase):
    def test_argocd_and_workloads_on_one_cluster(self):
        with World(single_cluster=True) as w:
            proc = w.run("status", "42", "-o", "json", "--argocd-context", "homerun2-test1")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(json.loads(proc.stdout)["phase"], "ready")


if __name__ == "__main__":
    unittest.main()
