"""Argo CD read through its API server (design §8): `status` and `doctor` with `--argocd-server`
and no kube context for the Argo CD cluster (the workload namespace still via the kubeconfig),
the token's care (never printed, the argocd CLI config's 0600 rule) and an expired token."""

import json
import os

from world.testcase import SharedWorldTest
from world import config_files
from world.config_files import ARGO_CONTEXT

SYNC_ERROR = 12     # sync_lockout: the core-catcher child's automated sync gave up (C1)


class ArgocdApiSource(SharedWorldTest):
    @classmethod
    def populate(cls, w):
        w.add("sync_lockout", SYNC_ERROR)
        # The user has a kubeconfig for the workload cluster only, and a profile without
        # argocd.context: Argo CD is reachable only through its API server.
        kubeconfig = config_files.kubeconfig(w.dir, w.certs, w.creds, w.argo.url, w.workload.url)
        kubeconfig["contexts"] = [c for c in kubeconfig["contexts"] if c["name"] != ARGO_CONTEXT]
        kubeconfig["clusters"] = [c for c in kubeconfig["clusters"] if c["name"] != ARGO_CONTEXT]
        kubeconfig["users"] = [u for u in kubeconfig["users"]
                               if u["name"] != f"{ARGO_CONTEXT}-admin"]
        config_files.write_yaml(w.dir / "kubeconfig-workload", kubeconfig)
        profile = config_files.profile(w.github.url, w.app.url, w.registry.host)
        del profile["argocd"]["context"]
        config_files.write_yaml(w.dir / "profile-api.yaml", profile)
        # A repository's profile that names the Argo CD server itself.
        profile["argocd"]["server"] = w.argocd_api.host
        config_files.write_yaml(w.dir / "profile-names-server.yaml", profile)

    def api_env(self, **extra):
        env = {"KUBECONFIG": str(self.w.dir / "kubeconfig-workload"),
               "PREVIEW_CONFIG": str(self.w.dir / "profile-api.yaml"),
               "ARGOCD_AUTH_TOKEN": self.w.argocd_api.token,
               "ARGOCD_CONFIG_DIR": str(self.w.dir / "no-argocd-config")}
        env.update(extra)
        return env

    def run_api(self, *args, **env):
        return self.w.run(*args, "--argocd-server", self.w.argocd_api.host,
                          env_overrides=self.api_env(**env))

    def assert_no_kube_request_to_argocd(self):
        self.assertEqual(self.w.requests("argo"), [],
                         "the Argo CD cluster's Kubernetes API must not be asked")

    def assert_token_hidden(self, proc):
        for token in (self.w.argocd_api.token, self.w.argocd_api.expired_token):
            self.assertNotIn(token, proc.stdout)
            self.assertNotIn(token, proc.stderr)

    def test_status_of_a_healthy_preview(self):
        proc = self.run_api("status", "42", "-o", "json", "-v")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        doc = json.loads(proc.stdout)
        self.assertEqual(doc["phase"], "ready")
        self.assertTrue(doc["ready"])
        self.assertEqual({a["health"] for a in doc["applications"]}, {"Healthy"})
        self.assertEqual(len(doc["applications"]), 5)     # the parent and four children
        self.assertIsNotNone(doc["applicationSet"])
        self.assert_token_hidden(proc)
        self.assert_no_kube_request_to_argocd()
        # -v names the source of every request: the Argo CD API server's own origin.
        self.assertIn(f"{self.w.argocd_api.url}/api/v1/applications?", proc.stderr)
        api = self.w.requests("argocd_api")
        self.assertTrue(api)
        self.assertTrue(all(r.headers.get("authorization") == f"Bearer {self.w.argocd_api.token}"
                            for r in api))
        lists = [r for r in api if r.path == "/api/v1/applications"]
        self.assertEqual(sorted(r.param("selector") or "" for r in lists),
                         ["", "homerun2.stuttgart-things.com/pr=42"])
        # One GET per Application, for the per-resource health a 3.x list leaves out.
        gets = [r for r in api if r.path.startswith("/api/v1/applications/")]
        self.assertEqual(len(gets), 5)
        self.assertEqual(len({r.path for r in gets}), 5)

    def test_a_server_only_the_profile_names_gets_no_environment_token(self):
        """Design §7: ARGOCD_AUTH_TOKEN goes only to a server the user named (flag or
        ARGOCD_SERVER); a profile from a checkout that names one gets the argocd CLI config's
        token for that host, here none."""
        proc = self.w.run("status", "42", "-o", "json", env_overrides=self.api_env(
            PREVIEW_CONFIG=str(self.w.dir / "profile-names-server.yaml")))
        self.assertEqual(proc.returncode, 3, proc.stdout + proc.stderr)
        api = self.w.requests("argocd_api")
        self.assertTrue(api)
        self.assertFalse(any(self.w.argocd_api.token in (r.headers.get("authorization") or "")
                             for r in api), api)
        self.assert_token_hidden(proc)

    def test_doctor_of_a_healthy_preview(self):
        proc = self.run_api("doctor", "42", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        checks = {c["id"]: c["status"] for c in json.loads(proc.stdout)["checks"]}
        self.assertEqual(checks["application"], "pass")
        self.assertEqual(checks["appset"], "pass")
        self.assert_no_kube_request_to_argocd()

    def test_status_of_a_sync_error(self):
        proc = self.run_api("status", str(SYNC_ERROR), "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        doc = json.loads(proc.stdout)
        self.assertEqual(doc["phase"], "degraded")
        messages = " ".join(a.get("message") or "" for a in doc["applications"])
        self.assertIn("Failed sync attempt", messages)
        self.assert_no_kube_request_to_argocd()
        kube = json.loads(self.w.run("status", str(SYNC_ERROR), "-o", "json").stdout)
        self.assertEqual(doc["applications"], kube["applications"])

    def test_doctor_of_a_sync_error_judges_as_the_kubernetes_source_does(self):
        api = self.run_api("doctor", str(SYNC_ERROR), "-o", "json")
        self.assertEqual(api.returncode, 1, api.stderr)
        self.assert_no_kube_request_to_argocd()
        kube = self.w.run("doctor", str(SYNC_ERROR), "-o", "json")
        self.assertEqual(kube.returncode, 1, kube.stderr)
        by_api = {c["id"]: (c["status"], c["cause"]) for c in json.loads(api.stdout)["checks"]}
        by_kube = {c["id"]: (c["status"], c["cause"]) for c in json.loads(kube.stdout)["checks"]}
        self.assertEqual(by_api["application"][0], "fail")
        self.assertEqual(by_api, by_kube)

    def write_cli_config(self, mode, token):
        directory = self.w.dir / f"argocd-{mode:o}"
        directory.mkdir(exist_ok=True)
        path = directory / "config"
        config_files.write_yaml(path, self.w.argocd_api.cli_config(token))
        os.chmod(path, mode)
        return directory

    def test_token_from_the_argocd_cli_config(self):
        directory = self.write_cli_config(0o600, self.w.argocd_api.token)
        proc = self.run_api("status", "42", "-o", "json", ARGOCD_AUTH_TOKEN="",
                            ARGOCD_CONFIG_DIR=str(directory))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["phase"], "ready")

    def test_the_argocd_cli_current_context_when_no_kube_context_reaches_argocd(self):
        """Design §8: the profile names an Argo CD kube context this user does not have, and no
        server is named; `argocd login` was run, so its current context is the source."""
        directory = self.write_cli_config(0o600, self.w.argocd_api.token)
        profile = config_files.profile(self.w.github.url, self.w.app.url, self.w.registry.host)
        profile["argocd"]["context"] = "management"      # absent from kubeconfig-workload
        config_files.write_yaml(self.w.dir / "profile-other-context.yaml", profile)
        proc = self.w.run("status", "42", "-o", "json", "-v", env_overrides=self.api_env(
            ARGOCD_AUTH_TOKEN="", ARGOCD_CONFIG_DIR=str(directory),
            PREVIEW_CONFIG=str(self.w.dir / "profile-other-context.yaml")))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["phase"], "ready")
        self.assertIn(f"{self.w.argocd_api.url}/api/v1/applications?", proc.stderr)
        self.assert_no_kube_request_to_argocd()
        self.assert_token_hidden(proc)

    def test_a_config_file_others_can_read_is_refused(self):
        directory = self.write_cli_config(0o644, self.w.argocd_api.token)
        proc = self.run_api("status", "42", ARGOCD_AUTH_TOKEN="",
                            ARGOCD_CONFIG_DIR=str(directory))
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("refusing the argocd CLI config", proc.stderr)
        self.assertIn("0644", proc.stderr)
        self.assertIn("chmod 600", proc.stderr)
        self.assert_token_hidden(proc)
        self.assertEqual(self.w.requests("argocd_api"), [])

    def test_an_expired_token_says_relogin(self):
        proc = self.run_api("status", "42", "-v", ARGOCD_AUTH_TOKEN=self.w.argocd_api.expired_token)
        self.assertEqual(proc.returncode, 3, proc.stdout + proc.stderr)
        self.assertIn("argocd relogin", proc.stdout + proc.stderr)
        self.assert_token_hidden(proc)
        self.assert_no_kube_request_to_argocd()

    def test_list_reads_the_applications_with_one_api_call(self):
        proc = self.run_api("list", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assert_no_kube_request_to_argocd()
        calls = self.w.requests("argocd_api")
        self.assertEqual([(r.path, r.param("selector")) for r in calls],
                         [("/api/v1/applications", "homerun2.stuttgart-things.com/pr")])
        # Two runs a second apart see ages a second apart: compare everything but the age.
        def by_number(stdout):
            return {p["number"]: {k: v for k, v in p.items() if k != "ageSeconds"}
                    for p in json.loads(stdout)["previews"]}
        api = by_number(proc.stdout)
        kube = by_number(self.w.run("list", "-o", "json").stdout)
        self.assertEqual(api[42]["phase"], "ready")
        self.assertEqual(api, kube)
