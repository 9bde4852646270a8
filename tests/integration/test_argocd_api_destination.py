"""Only the Argo CD API (design §8), and an Application without spec.destination.namespace:
Argo CD applies its manifests where they say, so its resource tree is read like the others'
(the namespace each object is in comes from the tree), not skipped as deployed elsewhere."""

import json

from world.scenarios_argo import _child
from world.testcase import ArgocdApiOnlyTest

N = 15


def no_destination_namespace(p):
    """The core-catcher's Application names no namespace: its manifests name the preview's."""
    _child(p)["spec"]["destination"].pop("namespace")


class ArgocdApiDestination(ArgocdApiOnlyTest):
    @classmethod
    def populate(cls, w):
        w.add(no_destination_namespace, N)

    def test_an_application_without_a_destination_namespace_is_read(self):
        api = self.run_api("status", str(N), "-o", "json")
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
