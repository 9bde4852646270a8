"""Only the Argo CD API (design §8), and an Application without spec.destination.namespace:
Argo CD applies its manifests where they say, so its resource tree is read like the others'
(the namespace each object is in comes from the tree), not skipped as deployed elsewhere."""

import json

from world import config_files
from world.scenarios_argo import _child
from world.testcase import SharedWorldTest

N = 15


def no_destination_namespace(p):
    """The core-catcher's Application names no namespace: its manifests name the preview's."""
    _child(p)["spec"]["destination"].pop("namespace")


class ArgocdApiDestination(SharedWorldTest):
    @classmethod
    def populate(cls, w):
        w.add(no_destination_namespace, N)
        (w.dir / "kubeconfig-empty").write_text("")
        profile = config_files.profile(w.github.url, w.app.url, w.registry.host)
        del profile["argocd"]["context"]
        config_files.write_yaml(w.dir / "profile-api-only.yaml", profile)

    def test_an_application_without_a_destination_namespace_is_read(self):
        api = self.w.run("status", str(N), "-o", "json",
                         "--argocd-server", self.w.argocd_api.host, env_overrides={
                             "KUBECONFIG": str(self.w.dir / "kubeconfig-empty"),
                             "PREVIEW_CONFIG": str(self.w.dir / "profile-api-only.yaml"),
                             "ARGOCD_AUTH_TOKEN": self.w.argocd_api.token,
                             "ARGOCD_CONFIG_DIR": str(self.w.dir / "no-argocd-config")})
        self.assertEqual(api.returncode, 0, api.stderr)
        kube = json.loads(self.w.run("status", str(N), "-o", "json").stdout)
        doc = json.loads(api.stdout)
        self.assertEqual((doc["phase"], doc["ready"]), (kube["phase"], kube["ready"]))
        catcher = sorted(p["name"] for p in kube["pods"] if "core-catcher" in p["name"])
        self.assertTrue(catcher, kube["pods"])
        self.assertEqual(sorted(p["name"] for p in doc["pods"] if "core-catcher" in p["name"]),
                         catcher)
        trees = [r for r in self.w.requests("argocd_api") if r.path.endswith("/resource-tree")]
        self.assertEqual(len(trees), 3)
