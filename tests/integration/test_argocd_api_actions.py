"""Argo CD acted on through its API server (design §8), for a user with --argocd-server and a
token but no kube context for the Argo CD cluster: the ApplicationSet refresh as a signed GitHub
event to the ApplicationSet controller's webhook (or, without one, when the generator polls),
the lockout fix's sync as POST .../sync. The simulated controllers do the rest."""

import hashlib
import hmac
import json
import os

from world import config_files
from world.config_files import ARGO_CONTEXT
from world.sim_common import APPLICATIONS, APPSETS, REFRESH_ANNOTATION, annotations
from world.testcase import SharedWorldTest

SECRET = "appset-webhook-s3cret"
LOCKED = 12       # sync_lockout: the core-catcher child's automated sync gave up (C1)
CHILD = f"homerun2-core-catcher-pr-{LOCKED}-core-catcher"
UP = 60           # unlabelled: `up` brings it up through the webhook
NO_HOOK = 61      # unlabelled: `up` without a webhook


class ArgocdApiActions(SharedWorldTest):
    CONTROLLERS = True

    @classmethod
    def populate(cls, w):
        w.add("sync_lockout", LOCKED)
        w.add("unlabelled", UP)
        w.add("unlabelled", NO_HOOK)
        w.argocd_api.actions.webhook_secret = SECRET
        kubeconfig = config_files.kubeconfig(w.dir, w.certs, w.creds, w.argo.url, w.workload.url)
        for key, name in (("contexts", ARGO_CONTEXT), ("clusters", ARGO_CONTEXT),
                          ("users", f"{ARGO_CONTEXT}-admin")):
            kubeconfig[key] = [item for item in kubeconfig[key] if item["name"] != name]
        config_files.write_yaml(w.dir / "kubeconfig-workload", kubeconfig)
        profile = config_files.profile(w.github.url, w.app.url, w.registry.host)
        del profile["argocd"]["context"]
        config_files.write_yaml(w.dir / "profile-api.yaml", profile)
        profile["argocd"]["appsetWebhook"] = w.argocd_api.actions.webhook_url
        config_files.write_yaml(w.dir / "profile-webhook.yaml", profile)
        # A profile naming an Argo CD kube context this user lacks; `argocd login` was run.
        profile["argocd"]["context"] = "management"
        config_files.write_yaml(w.dir / "profile-login.yaml", profile)
        (w.dir / "argocd-login").mkdir()
        config_files.write_yaml(w.dir / "argocd-login" / "config", w.argocd_api.cli_config())
        os.chmod(w.dir / "argocd-login" / "config", 0o600)

    def run_api(self, *args, profile="profile-webhook.yaml", secret=SECRET, timeout=60):
        env = {"KUBECONFIG": str(self.w.dir / "kubeconfig-workload"),
               "PREVIEW_CONFIG": str(self.w.dir / profile),
               "ARGOCD_AUTH_TOKEN": self.w.argocd_api.token,
               "ARGOCD_CONFIG_DIR": str(self.w.dir / "no-argocd-config"),
               "PREVIEW_APPSET_WEBHOOK_SECRET": secret}
        proc = self.w.run(*args, "--argocd-server", self.w.argocd_api.host, env_overrides=env,
                          timeout=timeout)
        for credential in (SECRET, self.w.argocd_api.token):
            self.assertNotIn(credential, proc.stdout + proc.stderr)
        self.assertEqual(self.w.requests("argo"), [],
                         "nothing may go to the Argo CD cluster's Kubernetes API")
        return proc

    def webhook_posts(self):
        return [r for r in self.w.requests("argocd_api", "POST")
                if r.path == "/api/applicationset-webhook"]

    def test_up_refreshes_through_the_signed_webhook_and_follows_until_ready(self):
        polls_before = self.w.controllers.refresh_polls   # the shared world's other tests poll
        proc = self.run_api("up", str(UP), "--interval", "0.2", "--timeout", "60s")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn(f"Preview #{UP} is ready", proc.stdout)
        [post] = self.webhook_posts()
        self.assertEqual(post.headers.get("x-github-event"), "pull_request")
        self.assertEqual(post.headers.get("content-type"), "application/json")
        signature = hmac.new(SECRET.encode(), post.body, hashlib.sha256).hexdigest()
        self.assertEqual(post.headers.get("x-hub-signature-256"), f"sha256={signature}")
        event = json.loads(post.body)
        self.assertEqual(event["action"], "synchronize")
        self.assertEqual(event["number"], UP)
        self.assertEqual(event["repository"]["owner"]["login"], "stuttgart-things")
        self.assertEqual(event["repository"]["name"], "homerun2-core-catcher")
        self.assertEqual(self.w.controllers.refresh_polls - polls_before, 1)

    def test_argocd_login_alone_acts_through_the_api(self):
        """No server named: the argocd CLI's current context reads Argo CD, and acts on it too."""
        proc = self.w.run("refresh", env_overrides={
            "KUBECONFIG": str(self.w.dir / "kubeconfig-workload"),
            "PREVIEW_CONFIG": str(self.w.dir / "profile-login.yaml"),
            "ARGOCD_AUTH_TOKEN": "", "ARGOCD_SERVER": "",
            "ARGOCD_CONFIG_DIR": str(self.w.dir / "argocd-login"),
            "PREVIEW_APPSET_WEBHOOK_SECRET": SECRET})
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(len(self.webhook_posts()), 1)
        self.assertEqual(self.w.requests("argo"), [])

    def test_a_wrong_webhook_secret_fails_clearly(self):
        proc = self.run_api("refresh", secret="not-the-secret")
        self.assertEqual(proc.returncode, 3, proc.stdout + proc.stderr)
        self.assertIn("refused the event", proc.stderr)
        self.assertIn("HMAC verification failed", proc.stderr)
        self.assertIn("PREVIEW_APPSET_WEBHOOK_SECRET must equal webhook.github.secret",
                      proc.stderr)
        self.assertEqual(len(self.webhook_posts()), 1)
        appset = self.w.argo.store.get(APPSETS, "argocd", "homerun2-core-catcher-pr-preview")
        self.assertNotIn(REFRESH_ANNOTATION, annotations(appset))

    def test_up_without_a_webhook_says_when_the_generator_polls(self):
        proc = self.run_api("up", str(NO_HOOK), "--no-wait", profile="profile-api.yaml")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("cannot be refreshed through the Argo CD API", proc.stdout)
        self.assertIn("polls again within 600 s (its requeueAfterSeconds)", proc.stdout)
        self.assertIn(f'Added the "preview" label to #{NO_HOOK}', proc.stdout)
        self.assertEqual(self.webhook_posts(), [])

    def test_doctor_fix_syncs_the_locked_out_child_through_the_api(self):
        proc = self.run_api("doctor", str(LOCKED), "--fix", "--yes", "--check", "application",
                            profile="profile-api.yaml", timeout=90)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        # Its automated sync refuses any revision but targetRevision: the sync names none.
        self.assertIn(f"argocd app sync {CHILD} --app-namespace argocd", proc.stderr)
        self.assertIn("healed application", proc.stderr)
        [sync] = [r for r in self.w.requests("argocd_api", "POST")
                  if r.path == f"/api/v1/applications/{CHILD}/sync"]
        body = json.loads(sync.body)
        self.assertNotIn("revision", body)
        self.assertIs(body["prune"], False)
        self.assertEqual(self.w.controllers.argo_sync.syncs, 1)
        child = self.w.argo.store.get(APPLICATIONS, "argocd", CHILD)
        self.assertEqual(child["status"]["operationState"]["operation"]["initiatedBy"],
                         {"username": "preview-dev"})
