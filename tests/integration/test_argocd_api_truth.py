"""What `preview` says to a user with only Argo CD API access (design §8) must be true and
runnable: fixes in argocd CLI terms (or the access they need), never a kubectl command for a
cluster no kube context reaches; and a mistyped --argocd-context is a usage error, not a silent switch to `argocd login`."""

import json
import os
import subprocess

from world import config_files
from world.config_files import ARGO_CONTEXT, WORKLOAD_CONTEXT
from world.testcase import ArgocdApiOnlyTest, checks_by_id

LOCKED = 12       # sync_lockout: the core-catcher child's automated sync gave up (C1)
ROUTE = 13        # route_unresolved: the HTTPRoute's ResolvedRefs=False is stale
CHILD = f"homerun2-core-catcher-pr-{LOCKED}-core-catcher"
NEEDS = "needs a kube context for the "


class ArgocdApiTruth(ArgocdApiOnlyTest):
    @classmethod
    def populate(cls, w):
        w.add("sync_lockout", LOCKED)
        w.add("route_unresolved", ROUTE)
        (w.dir / "argocd-login").mkdir()
        config_files.write_yaml(w.dir / "argocd-login" / "config", w.argocd_api.cli_config())
        os.chmod(w.dir / "argocd-login" / "config", 0o600)

    def doctor_api_only(self, number):
        proc = self.run_api("doctor", str(number), "-o", "json")
        self.assertEqual(self.w.requests("argo") + self.w.requests("workload"), [])
        checks = checks_by_id(proc)
        for check in checks.values():
            fix = check.get("fix") or ""
            # kubectl only behind the access it needs: nothing here reaches a cluster.
            self.assertFalse(fix.startswith("kubectl") or " kubectl " in fix.split(": ")[0],
                             check)
            if "kubectl" in fix:
                self.assertTrue(fix.startswith(NEEDS), check)
        return checks

    def test_api_only_fixes_are_argocd_commands(self):
        locked = self.doctor_api_only(LOCKED)["application"]
        self.assertEqual(locked["status"], "fail", locked)
        self.assertEqual(locked["fix"], f"argocd app sync {CHILD} --app-namespace argocd")

        route = self.doctor_api_only(ROUTE)["route"]
        self.assertEqual(route["status"], "fail", route)
        self.assertTrue(route["fix"].startswith("argocd app patch-resource "), route)
        self.assertIn("--kind HTTPRoute --group gateway.networking.k8s.io --resource-name",
                      route["fix"])
        self.assertIn("--patch-type application/merge-patch+json", route["fix"])
        # The time is the shell's when the command is pasted, so pasting it again bumps again.
        bump = """'{"metadata":{"annotations":{"reconcile-bump":"'"$(date +%s)"'"}}}'"""
        self.assertIn("--patch " + bump + " ", route["fix"])
        patch = subprocess.run(
            ["bash", "-c", 'argocd() { while [ "$1" != --patch ]; do shift; done; echo "$2"; }; '
             + route["fix"]], capture_output=True, text=True, check=True).stdout
        self.assertTrue(json.loads(patch)["metadata"]["annotations"]["reconcile-bump"].isdigit(),
                        patch)
        # The route is in an Application's tree: --fix patches it through the Argo CD API.
        self.assertTrue(route["autoFix"], route)

    def test_a_mistyped_argocd_context_is_a_usage_error(self):
        typo = ARGO_CONTEXT.replace("mgmt", "mgnt")
        proc = self.w.run("status", str(LOCKED), "--argocd-context", typo, env_overrides={
            "PREVIEW_CONFIG": str(self.w.dir / "profile-api-only.yaml"),
            "ARGOCD_AUTH_TOKEN": "", "ARGOCD_SERVER": "",
            "ARGOCD_CONFIG_DIR": str(self.w.dir / "argocd-login")})
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        self.assertIn(f'context "{typo}"', proc.stderr)
        self.assertIn(f'did you mean "{ARGO_CONTEXT}"?', proc.stderr)
        self.assertEqual(self.w.requests("argocd_api"), [], "no fallback to `argocd login`")

    def run_with_profile(self, number, argocd=None, cluster=None, login=True):
        """status with the world's kubeconfig, a profile naming these contexts, no server named,
        and `argocd login` done (or not)."""
        profile = config_files.profile(self.w.github.url, self.w.app.url, self.w.registry.host)
        if argocd is not None:
            profile["argocd"]["context"] = argocd
        if cluster is not None:
            profile["cluster"]["context"] = cluster
        path = self.w.dir / "profile-contexts.yaml"
        config_files.write_yaml(path, profile)
        proc = self.w.run("status", str(number), "-o", "json", env_overrides={
            "PREVIEW_CONFIG": str(path), "ARGOCD_AUTH_TOKEN": "", "ARGOCD_SERVER": "",
            "ARGOCD_CONFIG_DIR": str(self.w.dir / ("argocd-login" if login else "no-login"))})
        return proc, path

    def warnings(self, proc):
        return [line for line in proc.stderr.splitlines() if line.startswith("warning: ")]

    def test_a_mistyped_argocd_context_in_the_profile_falls_back_and_says_so(self):
        """Design §8's fallback to `argocd login` stays (a developer without the platform team's
        context), but a typo in argocd.context is named, with the closest context, once."""
        typo = ARGO_CONTEXT.replace("mgmt", "mgnt")
        proc, path = self.run_with_profile(42, argocd=typo)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["phase"], "ready")
        self.assertEqual(self.w.requests("argo"), [], "read through the API server")
        self.assertTrue(self.w.requests("argocd_api"))
        (warning,) = self.warnings(proc)
        self.assertIn(f'argocd.context "{typo}" in the profile {path} is not a context in the '
                      f'kubeconfig', warning)
        self.assertIn(f'(did you mean "{ARGO_CONTEXT}"?)', warning)
        self.assertIn(f"the Argo CD API server {self.w.argocd_api.url} (from the argocd CLI "
                      f"config", warning)
        self.assertTrue(warning.endswith("is used instead"), warning)

    def test_a_profile_context_warning_is_sanitised(self):
        hostile = "argocd-\u202emgnt\x1b[2J"
        proc, _ = self.run_with_profile(42, argocd=hostile)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        (warning,) = self.warnings(proc)
        self.assertIn("argocd-\\u202emgnt\\x1b[2J", warning)
        self.assertNotIn("\u202e", proc.stderr)
        self.assertNotIn("\x1b", proc.stderr)

    def test_a_mistyped_cluster_context_in_the_profile(self):
        """Without Argo CD API access the typo stays an error that names the closest context;
        with it, the namespace is read through the API server (design §8), and the typo is
        named as for argocd.context."""
        typo = WORKLOAD_CONTEXT.replace("test", "tset")
        proc, _ = self.run_with_profile(42, cluster=typo, login=False)
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        self.assertIn(f'context "{typo}" not found', proc.stderr)
        self.assertIn(f'did you mean "{WORKLOAD_CONTEXT}"?', proc.stderr)

        self.w.clear_requests()
        proc, path = self.run_with_profile(42, cluster=typo)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["phase"], "ready")
        self.assertEqual(self.w.requests("workload") + self.w.requests("argo"), [])
        (warning,) = self.warnings(proc)   # argocd.context is in the kubeconfig: no warning
        self.assertIn(f'cluster.context "{typo}" in the profile {path} is not a context in the '
                      f'kubeconfig', warning)
        self.assertIn(f'(did you mean "{WORKLOAD_CONTEXT}"?)', warning)
        self.assertIn(f"the Argo CD API server {self.w.argocd_api.url}", warning)

    def test_a_broken_profile_context_falls_back_and_says_why(self):
        """A context that is in the kubeconfig but cannot be used (here its cluster entry is
        gone) falls back to the API server like a typo, and the warning says why: silence would
        leave the user wondering why their context was not used."""
        config = config_files.kubeconfig(self.w.dir, self.w.certs, self.w.creds,
                                         self.w.argo.url, self.w.workload.url)
        for context in config["contexts"]:
            if context["name"] == WORKLOAD_CONTEXT:
                context["context"]["cluster"] = "decommissioned"
        broken = config_files.write_yaml(self.w.dir / "kubeconfig-broken", config)
        profile = config_files.profile(self.w.github.url, self.w.app.url, self.w.registry.host)
        profile["cluster"]["context"] = WORKLOAD_CONTEXT
        path = config_files.write_yaml(self.w.dir / "profile-broken.yaml", profile)
        self.w.clear_requests()
        proc = self.w.run("status", "42", "-o", "json", env_overrides={
            "KUBECONFIG": str(broken), "PREVIEW_CONFIG": str(path), "ARGOCD_AUTH_TOKEN": "",
            "ARGOCD_SERVER": "", "ARGOCD_CONFIG_DIR": str(self.w.dir / "argocd-login")})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["phase"], "ready")
        self.assertEqual(self.w.requests("workload") + self.w.requests("argo"), [])
        (warning,) = self.warnings(proc)
        self.assertIn(f'cluster.context "{WORKLOAD_CONTEXT}" in the profile {path} cannot be '
                      f'used (', warning)
        self.assertIn("decommissioned", warning, warning)
        self.assertIn(f"the Argo CD API server {self.w.argocd_api.url}", warning)
