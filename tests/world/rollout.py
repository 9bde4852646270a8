"""One preview's life under the simulated controllers: what Argo CD, Kyverno, ESO, the kubelet,
the gateway and the Job controller do after the ApplicationSet generated the parent
Application, stage by stage (Timings), and the finalizer cascade when it is deleted.

The objects come from the scenario builders (preview.healthy) so they have the real shapes;
each stage writes them with the status that stage would show. Failures (controller_settings)
are read when the stage runs, so a test may inject them late.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Callable

from . import argo_objects as argo
from . import clock, derive
from . import kube_objects as k
from .preview import IMAGE_REPO, KUSTOMIZE_REPO, Preview, healthy, seed_log
from .scenarios import CATCHER, POD_HOLD_FINALIZER
from .sim_common import (APPLICATIONS, APPSETS, DEPLOYMENTS, ESO_FINALIZER, EXTERNALSECRETS,
                         HTTPROUTES, JOBS, NAMESPACES, PODS, SERVICES, app_name, children_of,
                         namespace_of, set_condition, update)
from .workload_states import (crash_log, deployment_follows, pod_crash_loop, pod_creating,
                              pod_finished, pod_image_pull_backoff, pod_pending, pod_running,
                              replica_set_follows, stateful_set_follows)

if TYPE_CHECKING:
    from .controllers import Controllers

SEED = "seed-test-events"
_ROLLOUT_KINDS = ("ConfigMap", "Service", "Deployment", "ReplicaSet", "StatefulSet", "Pod",
                  "HTTPRoute", "Job")
_CATCHER_KINDS = ("Deployment", "ReplicaSet", "Pod", "Service", "HTTPRoute", "ConfigMap")


class Rollout:
    """PR `number` at head `sha` coming up; `stage` names the last stage done."""

    def __init__(self, hub: "Controllers", number: int, sha: str):
        self.hub, self.number, self.sha = hub, number, sha
        self.target: Preview = healthy(number, sha, age_minutes=0)   # the end state's shapes
        self.ns = namespace_of(number)
        self.stage = "created"

    # -- helpers ------------------------------------------------------------------------------

    def _next(self, stage: str, fn: Callable[[], None]) -> None:
        self.hub.schedule(getattr(self.hub.timings, stage), f"pr-{self.number} {stage}", fn,
                          key=self.number)

    def _fresh(self, obj: dict) -> dict:
        obj = copy.deepcopy(obj)
        obj["metadata"]["creationTimestamp"] = self.hub.now()
        return obj

    def _target(self, *kinds: str) -> list[dict]:
        return [o for o in self.target.argo + self.target.workload if o["kind"] in kinds]

    def _done(self, stage: str) -> None:
        self.stage = stage
        self.hub.note(f"pr-{self.number}: {stage}")

    @property
    def failures(self):
        return self.hub.failures(self.number)

    # -- the ApplicationSet generated the parent: Argo CD creates the children ----------------

    def start(self) -> None:
        now, store = self.hub.now(), self.hub.argo.store
        appset = store.get(APPSETS, argo.ARGO_NS, argo.APPSET)
        for app in self._target("Application"):
            app = self._fresh(app)
            if appset is not None and app["metadata"]["name"] == app_name(self.number):
                app["metadata"]["ownerReferences"] = [k.owner(appset)]
                derive.set_health(app, "Progressing", None, now)   # Synced: children exist
                if "operationState" in app["status"]:
                    app["status"]["operationState"].update(startedAt=now, finishedAt=now)
            else:
                status = app["status"]
                status["sync"]["status"] = "OutOfSync"
                status.pop("operationState", None)
                status["resources"] = [dict(r, status="OutOfSync") for r in status["resources"]]
                derive.set_health(app, "Missing", None, now)
            store.put(app)
        if (error := self._render_error()) is not None:
            self._comparison_error(error)
        self._done("created")
        self._next("namespace", self.namespace)

    def _render_error(self) -> str | None:
        if self.failures.comparison_error:
            return self.failures.comparison_error
        if self.target.tag not in self.hub.registry.tags(KUSTOMIZE_REPO):
            artifact = f"ghcr.io/{KUSTOMIZE_REPO}:{self.target.tag}"
            return ("Failed to load target state: failed to generate manifest for source 1 of 1: "
                    f"rpc error: code = Unknown desc = failed to load: oci pull {artifact}: "
                    "not found")
        return None

    def _comparison_error(self, message: str) -> None:
        def edit(app: dict) -> None:
            status = app["status"]
            status["sync"] = {"status": "Unknown", "revision": ""}
            status["resources"] = []
            status["conditions"] = [{"type": "ComparisonError", "message": message,
                                     "lastTransitionTime": self.hub.now()}]
            derive.set_health(app, "Missing", None, self.hub.now())
        update(self.hub.argo.store, APPLICATIONS, argo.ARGO_NS, f"{app_name(self.number)}"
               "-core-catcher", edit)

    def _catcher_broken(self) -> bool:
        app = self.hub.argo.store.get(APPLICATIONS, argo.ARGO_NS,
                                      f"{app_name(self.number)}-core-catcher")
        return app is not None and any(c.get("type") == "ComparisonError"
                                       for c in app["status"].get("conditions", []))

    # -- stages -------------------------------------------------------------------------------

    def namespace(self) -> None:
        """CreateNamespace=true; Kyverno generates quota, limits and the ExternalSecrets; ESO
        puts its cleanup finalizer on them but has not synced yet."""
        store = self.hub.workload.store
        old = store.get(NAMESPACES, None, self.ns)
        if old is not None and old["metadata"].get("deletionTimestamp"):
            # the previous preview's namespace is still going: Argo CD's sync retries
            if self.stage != "namespace blocked":
                self._done("namespace blocked")       # said once, not on every retry
            self._next("namespace", self.namespace)
            return
        for obj in self._target("Namespace", "ResourceQuota", "LimitRange", "ExternalSecret"):
            obj = self._fresh(obj)
            if obj["kind"] == "ExternalSecret":
                obj["metadata"]["finalizers"] = [ESO_FINALIZER]
                obj["status"] = {}
            store.put(obj)
        self._done("namespace")
        self._next("secrets", self.secrets)

    def secrets(self) -> None:
        store, now = self.hub.workload.store, self.hub.now()
        failing = set(self.failures.unsynced_secrets)
        for es in store.list(EXTERNALSECRETS, self.ns):
            name = es["metadata"]["name"]
            update(store, EXTERNALSECRETS, self.ns, name,
                   lambda o, bad=name in failing: synced(o, now, ok=not bad))
        # The Secrets: a failing one still holds a stale value (the wrongpass picture).
        for secret in self._target("Secret"):
            store.put(self._fresh(secret))
        self._done("secrets")
        self._next("rollout", self.rollout)

    def rollout(self) -> None:
        """The children sync: workloads are created, their pods scheduled."""
        store, now = self.hub.workload.store, self.hub.now()
        broken = self._catcher_broken()
        for obj in self._target(*_ROLLOUT_KINDS):
            if broken and obj["kind"] in _CATCHER_KINDS and \
                    obj["metadata"]["name"].startswith(CATCHER):
                continue
            obj = self._fresh(obj)
            kind = obj["kind"]
            if kind == "Deployment":
                rs = next(r for r in self._target("ReplicaSet")
                          if r["metadata"]["name"].startswith(obj["metadata"]["name"] + "-"))
                deployment_follows(obj, rs["metadata"]["name"].rsplit("-", 1)[1], False)
            elif kind == "ReplicaSet":
                replica_set_follows(obj, False)
            elif kind == "StatefulSet":
                stateful_set_follows(obj, False)
            elif kind == "Pod":
                pod_pending(obj, now)
            elif kind == "HTTPRoute":
                obj["status"] = {"parents": []}      # no gateway has looked at it yet
            elif kind == "Job":
                obj["status"] = k.job(self.ns, SEED, now, state="running",
                                      started=now)["status"]
            store.put(obj)
        finals = {a["metadata"]["name"]: a for a in self._target("Application")}
        for child in children_of(self.hub.argo.store, self.number):
            name = child["metadata"]["name"]
            if name.endswith("-core-catcher") and broken:
                continue

            def synced_app(app: dict, final=finals.get(name)) -> None:
                if final is not None:
                    app["status"]["sync"] = copy.deepcopy(final["status"]["sync"])
                    app["status"]["resources"] = copy.deepcopy(final["status"]["resources"])
                    app["status"]["operationState"] = dict(
                        copy.deepcopy(final["status"]["operationState"]),
                        startedAt=now, finishedAt=now)
                derive.set_health(app, "Progressing", None, now)
            update(self.hub.argo.store, APPLICATIONS, argo.ARGO_NS, name, synced_app)
        derive.follow(self.hub, self.number)
        self._done("rollout")
        self._next("containers", self.containers)

    def containers(self) -> None:
        store, now = self.hub.workload.store, self.hub.now()
        for pod in store.list(PODS, self.ns):
            if pod["status"].get("phase") == "Pending" and not pod["status"].get(
                    "containerStatuses"):
                update(store, PODS, self.ns, pod["metadata"]["name"],
                       lambda o: pod_creating(o, now))
        self._done("containers")
        self._next("ready", self.ready)

    def ready(self) -> None:
        """The kubelet starts the containers: the image must be in the registry, and the
        catcher needs every secret synced (else WRONGPASS from redis)."""
        store, now = self.hub.workload.store, self.hub.now()
        secrets_ok = all_secrets_ready(store, self.ns)
        for pod in store.list(PODS, self.ns):
            name = pod["metadata"]["name"]
            if pod["status"].get("phase") != "Pending":
                continue
            if name.startswith(f"{CATCHER}-"):
                if not image_present(self.hub, pod):
                    self._pull_backoff(pod)
                    continue
                if not secrets_ok:
                    self._crash_loop(pod)
                    continue
            if name.startswith(f"{SEED}-"):
                logs = {"seed": "waiting for http://homerun2-omni-pitcher:80/health (1/60)\n"}
            else:
                logs = {c["name"]: self.target.logs.get((name, c["name"]), ("", None))[0]
                        for c in pod["spec"]["containers"]}
            start_pod(self.hub, self.ns, pod, logs)
        derive.follow(self.hub, self.number)
        self._done("ready")
        # Two branches from here: the gateway programs the routes while the seed Job runs.
        self._next("routes", self.routes)
        self._next("seed", self.seed)

    def _pull_backoff(self, pod: dict) -> None:
        store, now = self.hub.workload.store, self.hub.now()
        update(store, PODS, self.ns, pod["metadata"]["name"],
               lambda o: pod_image_pull_backoff(o, now))
        image = pod["spec"]["containers"][0]["image"]
        store.put(k.event(self.ns, pod, "Failed", f'Failed to pull image "{image}": rpc error: '
                          f'code = NotFound desc = failed to pull and unpack image "{image}": '
                          f'failed to resolve reference "{image}": {image}: not found',
                          first=now, last=now, warning=True))
        store.put(k.event(self.ns, pod, "BackOff", f'Back-off pulling image "{image}"',
                          first=now, last=now, warning=True))

    def _crash_loop(self, pod: dict) -> None:
        store, now = self.hub.workload.store, self.hub.now()
        name = pod["metadata"]["name"]
        update(store, PODS, self.ns, name, lambda o: pod_crash_loop(o, self.ns, now, now))
        healthy_log = self.target.logs.get((name, CATCHER), ("", None))[0]
        log = crash_log(healthy_log, now, now)
        store.set_log(self.ns, name, CATCHER, log, log)
        store.put(k.event(self.ns, pod, "BackOff", f"Back-off restarting failed container "
                          f"{CATCHER} in pod {name}_{self.ns}", first=now, last=now,
                          warning=True))

    def routes(self) -> None:
        store = self.hub.workload.store
        for route in store.list(HTTPROUTES, self.ns):
            resolve_route(self.hub, self.ns, route["metadata"]["name"],
                          forced_unresolved=self.failures.route_unresolved)
        derive.follow(self.hub, self.number)
        self._done("routes")

    def seed(self) -> None:
        store, now = self.hub.workload.store, self.hub.now()
        failed = self.failures.seed_failed
        job = store.get(JOBS, self.ns, SEED)
        if job is not None:
            started = job["status"].get("startTime", now)
            update(store, JOBS, self.ns, SEED, lambda o: o.update(status=k.job(
                self.ns, SEED, started, state="failed" if failed else "complete",
                started=started, finished=now)["status"]))
            for pod in store.list(PODS, self.ns):
                name = pod["metadata"]["name"]
                if name.startswith(f"{SEED}-"):
                    update(store, PODS, self.ns, name,
                           lambda o: pod_finished(o, started, now, failed=failed))
                    log = seed_log(0, failure="POST /pitch -> 401\nseed failed: unexpected "
                                   "status 401") if failed else seed_log(5)
                    store.set_log(self.ns, name, "seed", log, log if failed else None)
        derive.follow(self.hub, self.number)
        self._done("seed failed" if failed else "seeded")


# -- shared by the stages and the repair controllers ---------------------------------------------

def synced(es: dict, now: str, *, ok: bool) -> dict:
    """ESO's status after a sync attempt."""
    status = es.setdefault("status", {})
    status["binding"] = {"name": es["spec"]["target"]["name"]}
    status["refreshTime"] = now
    cond = k.condition("Ready", ok, "SecretSynced" if ok else "SecretSyncedError",
                       "secret synced" if ok else "could not get secret data from provider",
                       now)
    status["conditions"] = set_condition(status.get("conditions", []), cond)
    if ok:
        status["syncedResourceVersion"] = f"{es['metadata'].get('generation', 1)}-" + \
            clock.hexdigest("es", es["metadata"].get("annotations"), length=56)
    else:
        status.pop("syncedResourceVersion", None)
    return es


def all_secrets_ready(store, ns: str) -> bool:
    return all(any(c.get("type") == "Ready" and c.get("status") == "True"
                   for c in es.get("status", {}).get("conditions", []))
               for es in store.list(EXTERNALSECRETS, ns))


def image_present(hub: "Controllers", pod: dict) -> bool:
    image = pod["spec"]["containers"][0]["image"]
    repo, _, tag = image.removeprefix("ghcr.io/").rpartition(":")
    return repo != IMAGE_REPO or tag in hub.registry.tags(IMAGE_REPO)


def start_pod(hub: "Controllers", ns: str, pod: dict, logs: dict[str, str], *,
              restarts: int = 0, last_state: dict | None = None) -> None:
    """Containers running and ready, with their logs (by container; on a restart the old log
    becomes the previous one) and a Started event."""
    store, now, name = hub.workload.store, hub.now(), pod["metadata"]["name"]
    update(store, PODS, ns, name, lambda o: pod_running(o, now, restarts=restarts,
                                                        last_state=last_state))
    for c in pod["spec"]["containers"]:
        previous = store.get_log(ns, name, c["name"]).current if restarts else None
        store.set_log(ns, name, c["name"], logs.get(c["name"], ""), previous)
    first = pod["spec"]["containers"][0]["name"]
    store.put(k.event(ns, pod, "Started", f"Started container {first}", first=now, last=now))


def resolve_route(hub: "Controllers", ns: str, name: str, *,
                  forced_unresolved: bool = False) -> None:
    """The gateway evaluates a route: Accepted, and ResolvedRefs when every backend Service
    exists (forced_unresolved: the informer-race answer, BackendNotFound)."""
    store, now = hub.workload.store, hub.now()
    route = store.get(HTTPROUTES, ns, name)
    if route is None:
        return
    backends = [ref["name"] for rule in route["spec"].get("rules", [])
                for ref in rule.get("backendRefs", [])]
    missing = [b for b in backends if store.get(SERVICES, ns, b) is None]
    if forced_unresolved and not missing:
        missing = backends[:1]
    generation = route["metadata"].get("generation", 1)
    accepted = k.condition("Accepted", True, "Accepted", "Accepted HTTPRoute", now,
                           observedGeneration=generation)
    resolved = k.condition("ResolvedRefs", True, "ResolvedRefs", "Service reference is valid",
                           now, observedGeneration=generation) if not missing else \
        k.condition("ResolvedRefs", False, "BackendNotFound", f'Service "{missing[0]}" not found',
                    now, observedGeneration=generation)

    def edit(obj: dict) -> None:
        parents = obj.setdefault("status", {}).get("parents") or [
            {"parentRef": dict(k.GATEWAY_REF), "controllerName": "io.cilium/gateway-controller",
             "conditions": []}]
        for parent in parents:
            conditions = set_condition(parent.get("conditions", []), accepted)
            conditions = set_condition(conditions, resolved)
            # a re-evaluation refreshes the stamp even if the status stays (gateway writes)
            for cond in conditions:
                if cond["type"] in ("Accepted", "ResolvedRefs"):
                    cond["observedGeneration"] = generation
            parent["conditions"] = conditions
        obj["status"]["parents"] = parents
    update(store, HTTPROUTES, ns, name, edit)


# -- a new head: the AppSet rewrites the parent's values, Argo CD rolls the catcher ----------------

def parent_tag(hub: "Controllers", number: int) -> str | None:
    """The `pr-N-<sha>` the parent Application's values name (None without a parent)."""
    app = hub.argo.store.get(APPLICATIONS, argo.ARGO_NS, app_name(number))
    if app is None:
        return None
    return app["spec"]["source"]["helm"]["valuesObject"]["coreCatcher"]["version"]


def roll(hub: "Controllers", number: int, sha: str) -> None:
    """The AppSet rendered a new head SHA: the parent's values and the core-catcher child ask for
    `pr-N-<sha>` at once; after Timings.ready the Deployment and its pod run it (until then the
    old pod keeps serving, as an old ReplicaSet does)."""
    tag, store = f"pr-{number}-{sha}", hub.argo.store
    image = f"ghcr.io/{IMAGE_REPO}:{tag}"

    def parent(app: dict) -> None:
        values = app["spec"]["source"]["helm"]["valuesObject"]["coreCatcher"]
        values["version"] = values["kustomizeVersion"] = tag

    def child(app: dict) -> None:
        app["spec"]["source"]["targetRevision"] = tag
        status = app["status"]
        status["sync"]["revision"] = "sha256:" + clock.hexdigest("oci", tag, length=64)
        status["summary"] = {"images": [image]}
    update(store, APPLICATIONS, argo.ARGO_NS, app_name(number), parent)
    update(store, APPLICATIONS, argo.ARGO_NS, f"{app_name(number)}-core-catcher", child)
    hub.note(f"pr-{number}: rolling to {sha[:8]}")
    hub.schedule(hub.timings.ready, f"pr-{number} rolled",
                 lambda: _rolled(hub, number, image), key=number)


def _rolled(hub: "Controllers", number: int, image: str) -> None:
    store, ns = hub.workload.store, namespace_of(number)

    def new_image(obj: dict) -> None:
        spec = obj["spec"]["template"]["spec"] if obj["kind"] == "Deployment" else obj["spec"]
        spec["containers"][0]["image"] = image
        for cs in obj.get("status", {}).get("containerStatuses", []):
            cs["image"] = image
    update(store, DEPLOYMENTS, ns, CATCHER, new_image)
    for pod in store.list(PODS, ns):
        if pod["metadata"]["name"].startswith(f"{CATCHER}-"):
            update(store, PODS, ns, pod["metadata"]["name"], new_image)
    derive.follow(hub, number)
    hub.note(f"pr-{number}: rolled out {image.rsplit(':', 1)[1]}")


# -- teardown: the parent's resources finalizer cascades ------------------------------------------

def teardown(hub: "Controllers", number: int) -> None:
    """The ApplicationSet deleted the parent: it keeps a deletionTimestamp until the cascade
    (children, the namespace's content, the namespace) is through."""
    hub.cancel(number)
    hub.rollouts.pop(number, None)
    if hub.argo.store.get(APPLICATIONS, argo.ARGO_NS, app_name(number)) is not None:
        hub.argo.store.delete(APPLICATIONS, argo.ARGO_NS, app_name(number))
    hub.note(f"pr-{number}: parent deleted")
    hub.schedule(hub.timings.teardown, f"pr-{number} teardown",
                 lambda: _remove_children(hub, number), key=("down", number))


def _remove_children(hub: "Controllers", number: int) -> None:
    store, ns = hub.workload.store, namespace_of(number)
    for child in children_of(hub.argo.store, number):
        hub.argo.store.remove(APPLICATIONS, argo.ARGO_NS, child["metadata"]["name"])
    if store.get(NAMESPACES, None, ns) is not None:
        for es in store.list(EXTERNALSECRETS, ns):      # ESO always holds its cleanup finalizer
            update(store, EXTERNALSECRETS, ns, es["metadata"]["name"],
                   lambda o: o["metadata"].update(finalizers=sorted(
                       set(o["metadata"].get("finalizers", [])) | {ESO_FINALIZER})))
        if hub.failures(number).stuck_namespace:
            pods = store.list(PODS, ns)
            held = next((p for p in pods if p["metadata"]["name"].startswith("redis")),
                        pods[0] if pods else None)
            if held is not None:
                update(store, PODS, ns, held["metadata"]["name"],
                       lambda o: o["metadata"].update(finalizers=[POD_HOLD_FINALIZER]))
        store.delete(NAMESPACES, None, ns)     # Terminating; content without finalizers goes
    hub.app.set_health(number, None)
    hub.world._refresh_appset_resources()
    hub.note(f"pr-{number}: children deleted, namespace terminating")
    hub.schedule(hub.timings.namespace_gone, f"pr-{number} namespace_gone",
                 lambda: _release_finalizers(hub, number), key=("down", number))


def _release_finalizers(hub: "Controllers", number: int) -> None:
    store, ns = hub.workload.store, namespace_of(number)
    for es in store.list(EXTERNALSECRETS, ns):
        if es["metadata"].get("deletionTimestamp"):
            update(store, EXTERNALSECRETS, ns, es["metadata"]["name"],
                   lambda o: o["metadata"].update(finalizers=[
                       f for f in o["metadata"].get("finalizers", []) if f != ESO_FINALIZER]))
    update(hub.argo.store, APPLICATIONS, argo.ARGO_NS, app_name(number),
           lambda o: o["metadata"].update(finalizers=[]))
    hub.world._refresh_appset_resources()
    gone = store.get(NAMESPACES, None, ns) is None
    hub.note(f"pr-{number}: " + ("namespace gone" if gone else "namespace stuck Terminating"))
    # The AppSet owns the Applications: a deleted one makes it reconcile (and re-create the
    # preview if the PR was labelled again meanwhile).
    hub.appset.poll_soon("owned Application deleted")
