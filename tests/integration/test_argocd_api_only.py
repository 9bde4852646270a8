"""Only the Argo CD API (design §8): no kube context for either cluster, so the workload
namespace is read through each Application's resource tree and the live objects the tree does
not vouch for. `status` and `doctor` judge what the tree shows as the Kubernetes source does,
and skip, naming the missing access, what it cannot show (the Namespace, the Kyverno-generated
ExternalSecrets and seed Job)."""

import json
import os

from world.testcase import ArgocdApiOnlyTest, checks_by_id
from world import config_files

IMAGE_PULL = 12
ROUTE = 13
CRASH = 14
NS_MISSING = 15
NEEDS = "needs a kube context for the workload cluster"


class ArgocdApiOnly(ArgocdApiOnlyTest):
    @classmethod
    def populate(cls, w):
        w.add("image_pull_backoff", IMAGE_PULL)
        w.add("route_unresolved", ROUTE)
        w.add("wrongpass", CRASH)
        w.add("namespace_missing", NS_MISSING)

    def assert_no_kube_request(self):
        self.assertEqual(self.w.requests("argo"), [])
        self.assertEqual(self.w.requests("workload"), [])

    def doctor_both(self, number):
        api = self.run_api("doctor", str(number), "-o", "json")
        self.assert_no_kube_request()
        kube = self.w.run("doctor", str(number), "-o", "json")
        self.assertEqual(api.returncode, kube.returncode, api.stdout + api.stderr)
        return checks_by_id(api), checks_by_id(kube)

    def assert_skips_for_access(self, checks, *ids):
        for check_id in ids:
            self.assertEqual(checks[check_id]["status"], "skip", checks[check_id])
            self.assertIn(NEEDS, checks[check_id]["cause"], checks[check_id])

    def test_status_of_a_healthy_preview(self):
        proc = self.run_api("status", "42", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assert_no_kube_request()
        doc = json.loads(proc.stdout)
        kube = json.loads(self.w.run("status", "42", "-o", "json").stdout)
        self.assertEqual((doc["phase"], doc["ready"]), (kube["phase"], kube["ready"]))
        self.assertEqual(sorted(p["name"] for p in doc["pods"]),
                         sorted(p["name"] for p in kube["pods"]
                                if not p["name"].startswith("seed-test-events")))
        self.assertEqual(sorted(r["name"] for r in doc["routes"]),
                         sorted(r["name"] for r in kube["routes"]))
        self.assertIsNone(doc["namespace"])
        # Flat in the pods: one tree per Application deployed to the namespace, live reads only
        # for the routes (their hostnames and parents are not in the tree).
        api = self.w.requests("argocd_api")
        trees = [r for r in api if r.path.endswith("/resource-tree")]
        live = [r for r in api if r.path.endswith("/resource")]
        self.assertEqual(len(trees), 3)
        self.assertEqual(sorted(r.param("kind") for r in live), ["HTTPRoute", "HTTPRoute"])
        self.assertEqual(len(api), 13)

    def test_argocd_login_alone_is_enough(self):
        """No server named, no kubeconfig: the argocd CLI's current context is the source."""
        directory = self.w.dir / "argocd-login"
        directory.mkdir(exist_ok=True)
        config_files.write_yaml(directory / "config", self.w.argocd_api.cli_config())
        os.chmod(directory / "config", 0o600)
        proc = self.w.run("status", "42", "-o", "json", env_overrides={
            "KUBECONFIG": str(self.w.dir / "kubeconfig-empty"),
            "PREVIEW_CONFIG": str(self.w.dir / "profile-api-only.yaml"),
            "ARGOCD_AUTH_TOKEN": "", "ARGOCD_SERVER": "", "ARGOCD_CONFIG_DIR": str(directory)})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["phase"], "ready")
        self.assert_no_kube_request()

    def test_doctor_of_a_healthy_preview_skips_what_the_api_cannot_show(self):
        api, kube = self.doctor_both(42)
        self.assert_skips_for_access(api, "namespace", "policies", "secrets", "seed")
        for check_id in ("application", "image-pull", "workloads", "route", "url"):
            self.assertEqual(api[check_id]["status"], kube[check_id]["status"], check_id)

    def test_doctor_of_an_image_pull_failure(self):
        api, kube = self.doctor_both(IMAGE_PULL)
        self.assertEqual(api["image-pull"]["status"], "fail")
        self.assertEqual(api["image-pull"]["cause"], kube["image-pull"]["cause"])
        self.assertEqual(api["image-pull"]["title"], kube["image-pull"]["title"])
        self.assert_skips_for_access(api, "namespace")

    def test_doctor_of_an_unresolved_route(self):
        api, kube = self.doctor_both(ROUTE)
        self.assertEqual(api["route"]["status"], "fail")
        # The same cause: the Service the route names is read live through its Application's
        # tree, as the Kubernetes source lists the namespace's Services.
        self.assertEqual(api["route"]["cause"], kube["route"]["cause"])

    def test_doctor_of_a_crash_loop(self):
        api, kube = self.doctor_both(CRASH)
        self.assertEqual(api["workloads"]["status"], kube["workloads"]["status"])
        self.assert_skips_for_access(api, "namespace")

    def test_doctor_of_a_namespace_nothing_creates(self):
        """The sync found no namespace and no Application has CreateNamespace=true: the
        namespace check names that from Argo CD's own words, as through Kubernetes, and the
        application check does not blame the source (issue 14: it asked for a hard refresh)."""
        api, kube = self.doctor_both(NS_MISSING)
        ns, app = api["namespace"], api["application"]
        self.assertEqual(ns["status"], "fail", ns)
        self.assertEqual(ns["cause"], kube["namespace"]["cause"])
        self.assertIn(f"{NEEDS} (pass --context NAME): kubectl create namespace", ns["fix"])
        self.assertEqual(app["status"], "skip", app)
        self.assertIn("follows from the namespace check", app["cause"])
        self.assertNotIn("--hard-refresh", app["fix"])
        for check_id in ("application", "namespace", "workloads", "route", "url"):
            self.assertEqual(api[check_id]["status"], kube[check_id]["status"], check_id)

    def test_list_and_list_all_judge_what_the_api_shows(self):
        """`list` reads no namespace and no pods without a kube context for the workload
        cluster: not gathered, never an error (exit 0) nor absent. The healthy preview's
        Applications are Synced and Healthy and run the head: ready, saying what it rests on.
        The crash loop's Application is Progressing, and the pods that would show the crash
        were not read: deploying, saying so."""
        for extra in ((), ("--all",)):
            self.w.clear_requests()
            proc = self.run_api("list", *extra, "-o", "json")
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
            self.assertEqual(proc.stderr, "")
            self.assert_no_kube_request()
            doc = json.loads(proc.stdout)
            if extra:
                (repo,) = [r for r in doc["repositories"]
                           if r["repo"] == "stuttgart-things/homerun2-core-catcher"]
                self.assertEqual(doc["errors"], [])
                doc = repo["list"]
            self.assertEqual(doc["errors"], [])
            by_number = {p["number"]: p for p in doc["previews"]}
            healthy = by_number[42]
            self.assertEqual(healthy["phase"], "ready", healthy["reason"])
            self.assertEqual(healthy["revision"], "head")
            self.assertIn("Synced and Healthy and the PR head runs", healthy["reason"])
            self.assertIn("nor the namespace", healthy["reason"])
            self.assertIn(NEEDS, healthy["reason"])
            self.assertIsNone(healthy["namespace"])
            for p in by_number.values():
                self.assertNotIn("does not exist", p["reason"], p)
                self.assertNotIn("application-without-namespace",
                                 [o["kind"] for o in p["orphans"]], p)
            crash = by_number[CRASH]
            self.assertEqual(crash["phase"], "deploying", crash["reason"])
            self.assertIn("list did not read its pods", crash["reason"])
            self.assertIn(NEEDS, crash["reason"])

        table = self.run_api("list")
        self.assertEqual(table.returncode, 0, table.stderr)
        self.assertRegex(table.stdout, r"#42 .* ready ")
        self.assertIn("namespaces not read (the Argo CD API does not list namespaces: " + NEEDS,
                      table.stdout)
