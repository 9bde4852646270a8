"""The test world's simulated controllers (tests/world/controllers.py): the world must react to
`preview up/down/refresh/bump-route` and `doctor --fix` the way Argo CD, ESO, the gateway, the
kubelet and CI do, or the end-to-end tests built on it prove nothing.

Drives the servers over HTTPS like a client would (no C++ binary needed):
    cd tests/integration && PYTHONPATH=.. python3 -m unittest -v test_world_controllers
"""

from __future__ import annotations

import http.client
import json
import ssl
import time
import unittest
from urllib.parse import quote, urlsplit

from world import World
from world.controller_settings import Failures, ManualClock, Settings, Timings, after_ms
from world.preview import CHECK_BUILD, IMAGE_REPO, KUSTOMIZE_REPO, REPO, sha_for
from world.scenarios import POD_HOLD_FINALIZER
from world.sim_common import SERVICES

ARGO = "/apis/argoproj.io/v1alpha1/namespaces/argocd"
APPSET = f"{ARGO}/applicationsets/homerun2-core-catcher-pr-preview"
REFRESH = "argocd.argoproj.io/application-set-refresh"
GH = f"/repos/{REPO}"
GH_HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28",
              "User-Agent": "world-controllers-test"}
MERGE = "application/merge-patch+json"
STUCK = {"CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError"}


def ns_of(n: int) -> str:
    return f"homerun2-core-catcher-pr-{n}"


def app_of(n: int) -> str:
    return f"homerun2-core-catcher-pr-{n}"


def in_ns(n: int, plural: str, name: str = "", api: str = "api/v1") -> str:
    return f"/{api}/namespaces/{ns_of(n)}/{plural}" + (f"/{name}" if name else "")


def conditions(obj: dict) -> dict[str, dict]:
    """By type: an object's status.conditions, or a route parent's conditions."""
    found = obj["conditions"] if "conditions" in obj else obj.get("status", {}).get(
        "conditions", [])
    return {c["type"]: c for c in found}


class ControllerTestCase(unittest.TestCase):
    """A fresh world per test, with controllers on a ManualClock unless settings() says else."""

    def settings(self) -> Settings:
        return Settings(clock=ManualClock())

    def setUp(self):
        self.w = World(controllers=self.settings()).start()
        self.c = self.w.controllers

    def tearDown(self):
        self.w.stop()
        self.assertEqual(self.c.errors, [], "the controllers raised")

    # -- HTTP, as a client --------------------------------------------------------------------

    def call(self, server, method, path, body=None, headers=None, token=None, cert=None):
        url = urlsplit(server.url)
        ctx = ssl.create_default_context(cafile=str(self.w.ca_file))
        if cert is not None:
            ctx.load_cert_chain(cert.cert, cert.key)
        conn = http.client.HTTPSConnection(url.hostname, url.port, timeout=5, context=ctx)
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        try:
            conn.request(method, path, body=data, headers=headers)
            answer = conn.getresponse()
            raw = answer.read()
            return answer.status, (json.loads(raw) if raw and raw[:1] in b"{[" else raw)
        finally:
            conn.close()

    def argo(self, method, path, body=None):
        headers = {"Content-Type": MERGE} if method == "PATCH" else None
        return self.call(self.w.argo, method, path, body, headers, token=self.w.creds.argo_token)

    def kube(self, method, path, body=None):
        c = self.w.creds
        headers = {"Content-Type": MERGE} if method == "PATCH" else None
        return self.call(self.w.workload, method, path, body, headers,
                         cert=self.w.certs.client(c.cert_user, c.cert_groups))

    def gh(self, method, path, body=None):
        return self.call(self.w.github, method, f"{GH}{path}", body, GH_HEADERS,
                         token=self.w.creds.gh_token)

    def get(self, path, server="kube"):
        status, body = (self.argo if server == "argo" else self.kube)("GET", path)
        return body if status == 200 else None

    def url_status(self, n: int) -> int:
        return self.call(self.w.app, "GET", f"/pr-{n}/health")[0]

    # -- what `preview` does ------------------------------------------------------------------

    def refresh(self):
        status, _ = self.argo("PATCH", f"{APPSET}?fieldManager=preview",
                              {"metadata": {"annotations": {REFRESH: "true"}}})
        self.assertEqual(status, 200)

    def label(self, n: int):
        self.assertEqual(self.gh("POST", f"/issues/{n}/labels", {"labels": ["preview"]})[0], 200)

    def unlabel(self, n: int):
        self.assertEqual(self.gh("DELETE", f"/issues/{n}/labels/preview")[0], 200)

    def up(self, n: int):
        self.label(n)
        self.refresh()

    def annotate(self, path: str, key: str):
        status, _ = self.kube("PATCH", path, {"metadata": {"annotations": {key: str(time.time())}}})
        self.assertEqual(status, 200)

    # -- observations -------------------------------------------------------------------------

    def parent(self, n: int) -> dict | None:
        return self.get(f"{ARGO}/applications/{app_of(n)}", "argo")

    def apps(self, n: int) -> list[dict]:
        pr_label = quote(f"homerun2.stuttgart-things.com/pr={n}")
        return self.get(f"{ARGO}/applications?labelSelector={pr_label}", "argo")["items"]

    def namespace(self, n: int) -> dict | None:
        return self.get(f"/api/v1/namespaces/{ns_of(n)}")

    def pod(self, n: int, prefix: str) -> dict:
        return next(p for p in self.get(in_ns(n, "pods"))["items"]
                    if p["metadata"]["name"].startswith(prefix))

    def waiting(self, pod: dict) -> str | None:
        for cs in pod["status"].get("containerStatuses", []):
            if "waiting" in cs["state"]:
                return cs["state"]["waiting"]["reason"]
        return None

    def route(self, n: int, name: str = "homerun2-core-catcher") -> dict:
        return self.get(in_ns(n, "httproutes", name, "apis/gateway.networking.k8s.io/v1"))

    def es(self, n: int, name: str) -> dict:
        return self.get(in_ns(n, "externalsecrets", name, "apis/external-secrets.io/v1"))

    def until(self, predicate, what: str, timeout: float = 5.0):
        return self.c.run_until(predicate, timeout=timeout, what=what)

    def phase(self, n: int) -> str:
        """A follower's phase (design §5), simplified: one LIST of Applications per call, so it
        is one `poll` for poll-counted timings."""
        _, pr = self.gh("GET", f"/pulls/{n}")
        apps, ns = self.apps(n), self.namespace(n)
        if pr["state"] != "open" or "preview" not in [lb["name"] for lb in pr["labels"]]:
            return "tearing-down" if apps or ns else "not-requested"
        parent = next((a for a in apps if a["metadata"]["name"] == app_of(n)), None)
        if (ns and ns["metadata"].get("deletionTimestamp")) or \
                (parent and parent["metadata"].get("deletionTimestamp")):
            return "tearing-down"
        _, runs = self.gh("GET", f"/commits/{pr['head']['sha']}/check-runs")
        if any(r["conclusion"] != "success" for r in runs["check_runs"]):
            return "building"
        if parent is None:
            return "waiting-for-argocd"
        if ns is None:
            return "deploying"
        pods = self.get(in_ns(n, "pods"))["items"]
        jobs = self.get(in_ns(n, "jobs", api="apis/batch/v1"))["items"]
        routes = self.get(in_ns(n, "httproutes", api="apis/gateway.networking.k8s.io/v1"))["items"]
        if any("ComparisonError" in conditions(a) for a in apps) or \
                any(self.waiting(p) in STUCK for p in pods) or \
                any(conditions(j).get("Failed", {}).get("status") == "True" for j in jobs) or \
                any(c["status"] == "False" for r in routes for p in r["status"].get("parents", [])
                    for c in p["conditions"]):
            return "degraded"
        workloads = self.get(in_ns(n, "deployments", api="apis/apps/v1"))["items"] + \
            self.get(in_ns(n, "statefulsets", api="apis/apps/v1"))["items"]
        secrets = self.get(in_ns(n, "externalsecrets", api="apis/external-secrets.io/v1"))["items"]
        ready = (all((a["status"]["sync"]["status"], a["status"]["health"]["status"]) ==
                     ("Synced", "Healthy") for a in apps)
                 and workloads and all(w["status"].get("readyReplicas", 0) >= 1 for w in workloads)
                 and all(conditions(e).get("Ready", {}).get("status") == "True" for e in secrets)
                 and routes and all(r["status"].get("parents") for r in routes)
                 and self.url_status(n) == 200)
        return "ready" if ready else "deploying"


class ApplicationSetTest(ControllerTestCase):
    def test_refresh_polls_at_once_generates_and_removes_the_annotation(self):
        self.w.add("unlabelled", 50)
        self.up(50)
        self.until(lambda: self.parent(50), "parent Application")
        names = sorted(a["metadata"]["name"] for a in self.apps(50))
        self.assertEqual(names, [app_of(50)] + [f"{app_of(50)}-{s}" for s in (
            "core-catcher", "omni-pitcher", "redis-stack", "redis-stack-delegate")])
        self.assertEqual(self.parent(50)["metadata"]["finalizers"],
                         ["resources-finalizer.argocd.argoproj.io"])
        appset = self.get(APPSET, "argo")
        self.assertNotIn(REFRESH, appset["metadata"].get("annotations", {}))
        self.assertIn(app_of(50), [r["name"] for r in appset["status"]["resources"]])
        self.assertEqual((self.c.refresh_polls, self.c.requeue_polls), (1, 0))
        [patch] = self.w.requests("argo", method="PATCH")
        self.assertEqual(json.loads(patch.body), {"metadata": {"annotations": {REFRESH: "true"}}})

    def test_without_refresh_only_the_requeue_poll_finds_the_label(self):
        self.w.add("unlabelled", 50)
        self.label(50)
        self.c.settle()                          # a minute passes: nothing
        self.assertIsNone(self.parent(50))
        self.c.advance(600_000)                  # requeueAfterSeconds: 600
        self.assertIsNotNone(self.parent(50))
        self.assertEqual((self.c.refresh_polls, self.c.requeue_polls), (0, 1))

    def test_any_other_annotation_change_also_reconciles(self):
        self.w.add("unlabelled", 50)
        self.label(50)
        self.argo("PATCH", APPSET, {"metadata": {"annotations": {"team": "homerun2"}}})
        self.c.settle()
        self.assertIsNotNone(self.parent(50))           # Argo CD 3.x requeues on annotations
        self.assertEqual((self.c.github_polls, self.c.refresh_polls), (1, 0))

    def test_a_stuck_controller_keeps_the_annotation(self):
        self.c.appset.stuck = True
        self.w.add("unlabelled", 50)
        self.up(50)
        self.c.settle()
        self.assertIn(REFRESH, self.get(APPSET, "argo")["metadata"]["annotations"])
        self.assertIsNone(self.parent(50))
        self.assertEqual(self.c.github_polls, 0)
        self.c.appset.stuck = False               # the controller is back: it takes the refresh
        self.until(lambda: REFRESH not in self.get(APPSET, "argo")["metadata"].get(
            "annotations", {}), "annotation removed")
        self.assertIsNotNone(self.parent(50))


    def test_closing_the_pr_tears_down_at_the_next_poll(self):
        repo = self.w.github.repo(REPO)
        pr = repo.pull(42)
        pr.update(state="closed", closed_at=pr["updated_at"])
        repo.put_pull(pr)
        self.c.settle()
        self.assertIsNotNone(self.namespace(42))   # no refresh, no poll yet
        self.c.advance(600_000)
        self.c.settle()
        self.assertIsNone(self.namespace(42))
        self.assertIsNone(self.parent(42))

class PreviewLifeTest(ControllerTestCase):
    def settings(self) -> Settings:
        return Settings(clock=ManualClock(), timings=Timings.per_poll())

    def test_a_follower_sees_every_phase_and_pod_state_in_order(self):
        self.w.add("unlabelled", 50)
        self.up(50)
        phases, pod_states = [], []
        for _ in range(40):
            phase = self.phase(50)               # one poll: the next stage may run
            if not phases or phases[-1] != phase:
                phases.append(phase)
            if self.namespace(50) and self.get(in_ns(50, "pods"))["items"]:
                pod = self.pod(50, "homerun2-core-catcher-")
                state = self.waiting(pod) or pod["status"]["phase"]
                if not pod_states or pod_states[-1] != state:
                    pod_states.append(state)
            if phase == "ready":
                break
            self.c.advance(0)
        self.assertEqual(phases, ["waiting-for-argocd", "deploying", "ready"])
        self.assertEqual(pod_states, ["Pending", "ContainerCreating", "Running"])
        self.assertEqual(self.url_status(50), 200)
        for _ in range(3):                        # the seed Job finishes a poll later
            self.phase(50)
            self.c.advance(0)
        job = self.get(in_ns(50, "jobs", "seed-test-events", "apis/batch/v1"))
        self.assertEqual(conditions(job)["Complete"]["status"], "True")
        seed = self.pod(50, "seed-test-events-")["metadata"]["name"]
        status, log = self.kube("GET", in_ns(50, "pods", f"{seed}/log"))
        self.assertEqual(status, 200)
        self.assertIn(b"seed complete", log)

    def test_label_removal_tears_down_children_then_namespace(self):
        self.unlabel(42)                         # PR 42 is installed healthy
        self.refresh()
        seen = []
        for _ in range(20):
            phase = self.phase(42)
            ns = self.namespace(42)
            state = (phase, bool(self.parent(42)), len(self.apps(42)),
                     ns["status"]["phase"] if ns else None)
            if not seen or seen[-1] != state:
                seen.append(state)
            if phase == "not-requested":
                break
            self.c.advance(0)
        self.assertEqual(seen, [("tearing-down", True, 5, "Active"),        # not polled yet
                                ("tearing-down", True, 1, "Terminating"),   # children gone
                                ("not-requested", False, 0, None)])
        self.assertEqual(self.url_status(42), 404)

    def test_relabelling_during_teardown_recreates_the_preview(self):
        self.unlabel(42)
        self.refresh()
        self.until(lambda: self.phase(42) == "tearing-down" and self.namespace(42)["status"][
            "phase"] == "Terminating", "namespace Terminating")
        self.label(42)
        self.until(lambda: self.phase(42) == "ready", "ready again", timeout=8)


class WallClockTest(ControllerTestCase):
    def settings(self) -> Settings:
        return Settings()                        # the defaults a binary test gets

    def test_up_to_ready_in_well_under_a_second_or_two(self):
        self.w.add("unlabelled", 50)
        started = time.monotonic()
        self.up(50)
        self.until(lambda: self.url_status(50) == 200, "URL healthy", timeout=5)
        self.assertLess(time.monotonic() - started, 60)  # a backstop; speed is the benchmark's
        self.assertEqual(self.phase(50), "ready")
        self.until(lambda: conditions(self.get(in_ns(50, "jobs", "seed-test-events",
                                                     "apis/batch/v1"))).get("Complete"),
                   "seed complete")


class FailureTest(ControllerTestCase):
    def settings(self) -> Settings:
        return Settings(clock=ManualClock(), timings=Timings.instant())

    def bring_up(self, n: int = 50, **failures) -> None:
        self.w.add("unlabelled", n)
        if failures:
            self.c.inject(n, **failures)
        self.up(n)
        self.c.settle()

    def test_ci_failure_gives_building_and_image_pull_backoff(self):
        self.bring_up(ci_failed=True)
        _, runs = self.gh("GET", f"/commits/{sha_for(50)}/check-runs")
        build = next(r for r in runs["check_runs"] if r["name"] == CHECK_BUILD)
        self.assertEqual(build["conclusion"], "failure")
        self.assertEqual(self.phase(50), "building")
        catcher = self.pod(50, "homerun2-core-catcher-")
        self.assertEqual(self.waiting(catcher), "ImagePullBackOff")
        self.assertEqual(self.url_status(50), 503)
        status, body = self.kube("GET", in_ns(50, "pods", f"{catcher['metadata']['name']}/log"))
        self.assertEqual((status, body["reason"]), (400, "BadRequest"))

    def test_missing_image_tag_backs_off_until_it_is_pushed(self):
        self.bring_up(artifact_missing=True)
        self.assertEqual(self.waiting(self.pod(50, "homerun2-core-catcher-")), "ImagePullBackOff")
        self.assertEqual(self.get(f"{ARGO}/applications/{app_of(50)}-core-catcher", "argo")
                         ["status"]["health"]["status"], "Progressing")
        self.w.registry.add_tag(IMAGE_REPO, f"pr-50-{sha_for(50)}")
        self.c.kubelet.retry_pulls(50)
        self.c.settle()
        self.assertEqual(self.pod(50, "homerun2-core-catcher-")["status"]["phase"], "Running")
        self.assertEqual(self.url_status(50), 200)

    def test_comparison_error_injected_or_from_a_missing_kustomize_tag(self):
        self.bring_up(comparison_error="rpc error: code = Unknown desc = boom")
        child = self.get(f"{ARGO}/applications/{app_of(50)}-core-catcher", "argo")
        self.assertEqual(conditions(child)["ComparisonError"]["message"],
                         "rpc error: code = Unknown desc = boom")
        self.assertEqual(child["status"]["sync"]["status"], "Unknown")
        names = [d["metadata"]["name"] for d in self.get(in_ns(50, "deployments",
                                                               api="apis/apps/v1"))["items"]]
        self.assertEqual(names, ["homerun2-omni-pitcher"])
        self.assertEqual(self.phase(50), "degraded")
        self.assertEqual(self.url_status(50), 404)
        self.w.add("unlabelled", 51)
        self.w.registry.remove_tag(KUSTOMIZE_REPO, f"pr-51-{sha_for(51)}")
        self.up(51)
        self.c.settle()
        child = self.get(f"{ARGO}/applications/{app_of(51)}-core-catcher", "argo")
        self.assertIn("failed to load: oci pull", conditions(child)["ComparisonError"]["message"])

    def test_seed_job_failure(self):
        self.bring_up(seed_failed=True)
        job = self.get(in_ns(50, "jobs", "seed-test-events", "apis/batch/v1"))
        self.assertEqual(conditions(job)["Failed"]["reason"], "BackoffLimitExceeded")
        self.assertEqual(self.pod(50, "seed-test-events-")["status"]["phase"], "Failed")
        self.assertEqual(self.phase(50), "degraded")
        self.assertEqual(self.url_status(50), 200)     # the preview itself is up

    def test_namespace_stuck_terminating_on_a_finalizer(self):
        self.c.inject(42, stuck_namespace=True)
        self.unlabel(42)
        self.refresh()
        self.c.settle()
        self.assertIsNone(self.parent(42))
        ns = self.namespace(42)
        self.assertEqual(ns["status"]["phase"], "Terminating")
        self.assertIn(POD_HOLD_FINALIZER,
                      conditions(ns)["NamespaceFinalizersRemaining"]["message"])
        [pod] = self.get(in_ns(42, "pods"))["items"]
        self.assertEqual(pod["metadata"]["finalizers"], [POD_HOLD_FINALIZER])
        self.c.advance(600_000)
        self.assertEqual(self.namespace(42)["status"]["phase"], "Terminating")

    def test_inject_rejects_unknown_failures(self):
        with self.assertRaises(TypeError):
            self.c.inject(50, no_such_failure=True)
        self.assertEqual(self.c.failures(50), Failures())


class RepairTest(ControllerTestCase):
    """PR 7 is installed with wrongpass + route_unresolved: what `doctor --fix` heals."""

    ROUTE = in_ns(7, "httproutes", "homerun2-core-catcher", "apis/gateway.networking.k8s.io/v1")
    ES = in_ns(7, "externalsecrets", "redis-stack-auth", "apis/external-secrets.io/v1")

    def test_bump_re_evaluates_an_unresolved_route(self):
        before = conditions(self.route(7)["status"]["parents"][0])["ResolvedRefs"]
        self.assertEqual(before["reason"], "BackendNotFound")
        self.kube("PATCH", self.ROUTE, {"metadata": {"labels": {"x": "y"}}})
        self.c.settle()
        self.assertEqual(self.c.gateway.reevaluations, 0)       # only annotations bump it
        self.annotate(self.ROUTE, "reconcile-bump")
        self.until(lambda: conditions(self.route(7)["status"]["parents"][0])["ResolvedRefs"]
                   ["status"] == "True", "ResolvedRefs=True")
        route = self.route(7)
        after = conditions(route["status"]["parents"][0])["ResolvedRefs"]
        self.assertEqual(after["reason"], "ResolvedRefs")
        self.assertGreater(after["lastTransitionTime"], before["lastTransitionTime"])
        self.assertEqual(after["observedGeneration"], route["metadata"]["generation"])
        self.assertEqual(self.url_status(7), 503)   # backend resolves; catcher still crashes

    def test_bump_without_the_service_stays_backend_not_found(self):
        self.w.workload.store.remove(SERVICES, ns_of(7), "homerun2-core-catcher")
        self.annotate(self.ROUTE, "reconcile-bump")
        self.c.settle()
        self.assertEqual(self.c.gateway.reevaluations, 1)
        cond = conditions(self.route(7)["status"]["parents"][0])["ResolvedRefs"]
        self.assertEqual((cond["status"], cond["reason"]), ("False", "BackendNotFound"))

    def test_force_sync_then_bump_heals_the_preview(self):
        self.assertEqual(self.waiting(self.pod(7, "homerun2-core-catcher-")), "CrashLoopBackOff")
        self.annotate(self.ES, "force-sync")
        self.until(lambda: conditions(self.es(7, "redis-stack-auth"))["Ready"]["status"] == "True",
                   "ExternalSecret Ready")
        self.assertEqual(conditions(self.es(7, "redis-stack-auth"))["Ready"]["reason"],
                         "SecretSynced")
        self.until(lambda: self.pod(7, "homerun2-core-catcher-")["status"]["phase"] == "Running"
                   and self.waiting(self.pod(7, "homerun2-core-catcher-")) is None,
                   "catcher recovered")
        pod = self.pod(7, "homerun2-core-catcher-")
        self.assertEqual(pod["status"]["containerStatuses"][0]["restartCount"], 10)
        status, previous = self.kube("GET", in_ns(7, "pods", f"{pod['metadata']['name']}/log"
                                                  "?previous=true"))
        self.assertIn(b"WRONGPASS", previous)
        self.assertEqual(self.url_status(7), 500)          # the route is still unresolved
        self.annotate(self.ROUTE, "reconcile-bump")
        self.until(lambda: self.url_status(7) == 200, "URL healthy")
        self.assertEqual(self.phase(7), "ready")

    def test_force_sync_does_not_help_while_the_provider_is_down(self):
        self.c.inject(7, provider_down=True)
        self.annotate(self.ES, "force-sync")
        self.c.settle()
        self.assertEqual(self.c.eso.syncs, 1)
        self.assertEqual(conditions(self.es(7, "redis-stack-auth"))["Ready"]["status"], "False")
        self.assertEqual(self.waiting(self.pod(7, "homerun2-core-catcher-")), "CrashLoopBackOff")


class CiTest(ControllerTestCase):
    def runs(self, sha: str) -> dict[str, dict]:
        _, body = self.gh("GET", f"/commits/{sha}/check-runs")
        return {r["name"]: r for r in body["check_runs"]}

    def test_a_push_runs_ci_and_pushes_the_tags(self):
        self.c.timings.ci_complete = after_ms(500)
        sha = self.c.ci.push(42)
        self.assertEqual(self.gh("GET", "/pulls/42")[1]["head"]["sha"], sha)
        self.assertEqual({r["status"] for r in self.runs(sha).values()}, {"queued"})
        self.c.step()
        self.assertEqual({r["status"] for r in self.runs(sha).values()}, {"in_progress"})
        self.assertNotIn(f"pr-42-{sha}", self.w.registry.tags(IMAGE_REPO))
        self.c.step()
        self.assertEqual({(r["status"], r["conclusion"]) for r in self.runs(sha).values()},
                         {("completed", "success")})
        self.assertLessEqual({f"pr-42-{sha}", "pr-42"}, self.w.registry.tags(IMAGE_REPO))
        self.assertIn(f"pr-42-{sha}", self.w.registry.tags(KUSTOMIZE_REPO))

    def test_a_failing_build_pushes_no_image(self):
        self.c.inject(42, ci_failed=True)
        sha = self.c.ci.push(42)
        self.c.settle()
        runs = self.runs(sha)
        self.assertEqual(runs[CHECK_BUILD]["conclusion"], "failure")
        self.assertEqual(runs["push-kustomize / Push kustomize base via Dagger"]["conclusion"],
                         "success")
        self.assertNotIn(f"pr-42-{sha}", self.w.registry.tags(IMAGE_REPO))
        self.assertIn(f"pr-42-{sha}", self.w.registry.tags(KUSTOMIZE_REPO))


class OffByDefaultTest(unittest.TestCase):
    def test_without_controllers_nothing_reacts(self):
        with World() as w:
            self.assertIsNone(w.controllers)
            appset = w.argo.store.find("ApplicationSet", "homerun2-core-catcher-pr-preview")
            appset["metadata"]["annotations"] = {REFRESH: "true"}
            w.argo.put(appset)
            time.sleep(0.05)
            self.assertIn(REFRESH, w.argo.store.find(
                "ApplicationSet", "homerun2-core-catcher-pr-preview")["metadata"]["annotations"])


if __name__ == "__main__":
    unittest.main()
