"""What follows from the primary state of one preview, recomputed after every controller step
that touched it: Deployment/ReplicaSet/StatefulSet status from their pods (the workload
controllers), Application health from the workloads (Argo CD), the AppSet's resource list, and
what the preview URL answers (the gateway).

Only previews a controller acted on are recomputed, so hand-made scenarios keep their state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import argo_objects as argo
from . import kube_objects as k
from .app_server import Health
from .scenarios import CATCHER
from .sim_common import (APPLICATIONS, DEPLOYMENTS, HTTPROUTES, PODS, REPLICASETS, STATEFULSETS,
                         app_name, children_of, namespace_of, update)
from .store import uid_of
from .workload_states import (ROLLOUT_WAIT, STS_WAIT, deployment_follows, pod_ready,
                              replica_set_follows, selects, stateful_set_follows)

if TYPE_CHECKING:
    from .controllers import Controllers

_ERRORS = ("ComparisonError", "InvalidSpecError", "SyncError", "DeletionError", "UnknownError")


def follow(hub: "Controllers", number: int) -> None:
    ns = namespace_of(number)
    _workloads(hub, ns)
    _applications(hub, number, ns)
    _url(hub, number, ns)
    hub.world._refresh_appset_resources()   # package-internal: the AppSet lists its apps


# -- workload controllers ----------------------------------------------------------------------

def _workloads(hub: "Controllers", ns: str) -> None:
    store = hub.workload.store
    pods = store.list(PODS, ns)

    def matching(selector: dict) -> list[dict]:
        return [p for p in pods if selects(selector, p["metadata"].get("labels"))]

    replica_sets = store.list(REPLICASETS, ns)
    for rs in replica_sets:
        mine = matching(rs["spec"]["selector"]["matchLabels"])
        if mine:        # nothing to follow without pods (e.g. a quota-blocked ReplicaSet)
            ready = any(pod_ready(p) for p in mine)
            update(store, REPLICASETS, ns, rs["metadata"]["name"],
                   lambda o, r=ready: replica_set_follows(o, r))
    for deploy in store.list(DEPLOYMENTS, ns):
        uid = uid_of(deploy)
        owned = [rs for rs in replica_sets
                 if any(ref.get("uid") == uid for ref in rs["metadata"].get("ownerReferences", []))]
        mine = [p for rs in owned for p in matching(rs["spec"]["selector"]["matchLabels"])]
        if not owned or not mine:
            continue
        rs_hash = owned[-1]["metadata"]["name"].rsplit("-", 1)[1]
        ready = any(pod_ready(p) for p in mine)
        update(store, DEPLOYMENTS, ns, deploy["metadata"]["name"],
               lambda o, h=rs_hash, r=ready: deployment_follows(o, h, r))
    for sts in store.list(STATEFULSETS, ns):
        mine = matching(sts["spec"]["selector"]["matchLabels"])
        if mine:
            ready = all(pod_ready(p) for p in mine)
            update(store, STATEFULSETS, ns, sts["metadata"]["name"],
                   lambda o, r=ready: stateful_set_follows(o, r))


def available(workload: dict) -> bool:
    status, want = workload.get("status", {}), workload["spec"].get("replicas", 1)
    if workload["kind"] == "StatefulSet":
        return status.get("readyReplicas", 0) >= want
    return status.get("availableReplicas", 0) >= want and status.get("updatedReplicas", 0) >= want


# -- Argo CD health -----------------------------------------------------------------------------

def set_health(app: dict, health: str, message: str | None, now: str) -> dict:
    old = app["status"].get("health", {})
    block = {"status": health,
             "lastTransitionTime": old.get("lastTransitionTime", now)
             if old.get("status") == health else now}
    if message:
        block["message"] = message
    app["status"]["health"] = block
    return app


def _applications(hub: "Controllers", number: int, ns: str) -> None:
    argo_store, now = hub.argo.store, hub.now()
    workloads = hub.workload.store.list(DEPLOYMENTS, ns) + \
        hub.workload.store.list(STATEFULSETS, ns)
    children = children_of(argo_store, number)
    health: dict[str, str] = {}

    def errored(app: dict) -> bool:
        return any(c.get("type") in _ERRORS for c in app["status"].get("conditions", []))

    wrappers = [a for a in children
                if any(r.get("kind") == "Application" for r in a["status"].get("resources", []))]
    for app in [a for a in children if a not in wrappers]:
        name, status = app["metadata"]["name"], app["status"]
        health[name] = status.get("health", {}).get("status", "Unknown")
        tracked = [w for w in workloads
                   if w["metadata"].get("annotations", {}).get(k.TRACKING, "")
                   .startswith(f"{name}:")]
        if errored(app) or status["sync"]["status"] != "Synced" or not tracked:
            continue
        waiting = [w for w in tracked if not available(w)]
        health[name] = "Progressing" if waiting else "Healthy"
        message = None if not waiting else \
            (STS_WAIT if waiting[0]["kind"] == "StatefulSet" else ROLLOUT_WAIT)
        if not app["metadata"].get("deletionTimestamp"):
            update(argo_store, APPLICATIONS, argo.ARGO_NS, name,
                   lambda o, h=health[name], m=message: set_health(o, h, m, now))
    for app in wrappers:
        name = app["metadata"]["name"]
        refs = [r["name"] for r in app["status"]["resources"] if r.get("kind") == "Application"]
        if errored(app) or app["status"]["sync"]["status"] != "Synced":
            health[name] = app["status"].get("health", {}).get("status", "Unknown")
            continue
        health[name] = "Healthy" if all(health.get(r) == "Healthy" for r in refs) \
            else "Progressing"
        update(argo_store, APPLICATIONS, argo.ARGO_NS, name,
               lambda o, h=health[name]: set_health(o, h, None, now))
    parent = argo_store.get(APPLICATIONS, argo.ARGO_NS, app_name(number))
    if parent is not None and children and not parent["metadata"].get("deletionTimestamp"):
        whole = "Healthy" if all(h == "Healthy" for h in health.values()) else "Progressing"
        update(argo_store, APPLICATIONS, argo.ARGO_NS, app_name(number),
               lambda o: set_health(o, whole, None, now))


# -- what the gateway answers -------------------------------------------------------------------

def _url(hub: "Controllers", number: int, ns: str) -> None:
    store = hub.workload.store
    route = store.get(HTTPROUTES, ns, CATCHER)
    if route is None or route["metadata"].get("deletionTimestamp") \
            or not route.get("status", {}).get("parents"):
        hub.app.set_health(number, None)         # not programmed: the gateway's 404
        return
    conditions = {c["type"]: c["status"] for p in route["status"]["parents"]
                  for c in p.get("conditions", [])}
    if conditions.get("Accepted") != "True":
        hub.app.set_health(number, None)
        return
    if conditions.get("ResolvedRefs") != "True":
        hub.app.set_health(number, Health(500))
        return
    deploy = store.get(DEPLOYMENTS, ns, CATCHER)
    if deploy is None or not available(deploy):
        hub.app.set_health(number, Health(503))  # Envoy: no healthy upstream
        return
    tag = deploy["spec"]["template"]["spec"]["containers"][0]["image"].rsplit(":", 1)[1]
    started = next((cs["state"]["running"]["startedAt"] for p in store.list(PODS, ns)
                    if p["metadata"]["name"].startswith(f"{CATCHER}-")
                    for cs in p["status"].get("containerStatuses", [])
                    if "running" in cs.get("state", {})), deploy["metadata"]["creationTimestamp"])
    hub.app.set_health(number, Health("healthy", version=tag, commit=tag.rsplit("-", 1)[1],
                                      date=started))
