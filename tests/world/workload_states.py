"""Status blocks of objects on their way up (or down), as the kubelet and the workload
controllers write them: pods Pending -> ContainerCreating -> Running, or stuck; Deployments,
StatefulSets and ReplicaSets that follow their pods.

All functions edit the object given (a copy the caller stores) and return it.
"""

from __future__ import annotations

from . import kube_objects as k
from .scenarios import WRONGPASS
from .store import uid_of

ROLLOUT_WAIT = "Waiting for rollout to finish: 0 of 1 updated replicas are available..."
STS_WAIT = "Waiting for 1 pods to be ready..."


def _containers(pod: dict) -> list[dict]:
    return pod["spec"]["containers"]


def pod_pending(pod: dict, now: str) -> dict:
    """Scheduled, the kubelet has not started on it yet."""
    pod["metadata"]["creationTimestamp"] = now
    status = pod["status"]
    for key in ("containerStatuses", "startTime", "podIP"):
        status.pop(key, None)
    status["phase"] = "Pending"
    status["conditions"] = [{"type": "PodScheduled", "status": "True", "lastProbeTime": None,
                             "lastTransitionTime": now}]
    return pod


def pod_creating(pod: dict, now: str) -> dict:
    statuses = [k.container_status(c, k.waiting("ContainerCreating"), ready=False)
                for c in _containers(pod)]
    return _set(pod, "Pending", statuses, now)


def pod_running(pod: dict, now: str, *, ready: bool = True, restarts: int = 0,
                last_state: dict | None = None) -> dict:
    statuses = [k.container_status(c, k.running(now), ready=ready, restarts=restarts,
                                   last_state=last_state) for c in _containers(pod)]
    return _set(pod, "Running", statuses, now)


def pod_image_pull_backoff(pod: dict, now: str) -> dict:
    spec = _containers(pod)[0]
    statuses = [k.container_status(spec, k.waiting(
        "ImagePullBackOff", f'Back-off pulling image "{spec["image"]}"'), ready=False)]
    return _set(pod, "Pending", statuses, now)


def pod_crash_loop(pod: dict, namespace: str, started: str, finished: str) -> dict:
    """CrashLoopBackOff after failed starts, as scenarios.wrongpass shows it."""
    spec = _containers(pod)[0]
    ref = f"{pod['metadata']['name']}_{namespace}"
    statuses = [k.container_status(
        spec, k.waiting("CrashLoopBackOff", f"back-off 10s restarting failed container="
                        f"{spec['name']} pod={ref}({uid_of(pod)})"),
        ready=False, restarts=1, last_state=k.terminated(1, "Error", started, finished))]
    return _set(pod, "Running", statuses, started)


def pod_finished(pod: dict, started: str, finished: str, *, failed: bool) -> dict:
    spec = _containers(pod)[0]
    if failed:
        state = k.terminated(22, "Error", started, finished)
        statuses = [k.container_status(spec, state, ready=False, restarts=3, last_state=state)]
    else:
        statuses = [k.container_status(spec, k.terminated(0, "Completed", started, finished),
                                       ready=False)]
    return _set(pod, "Failed" if failed else "Succeeded", statuses, started)


def _set(pod: dict, phase: str, statuses: list[dict], when: str) -> dict:
    status = pod["status"]
    status["phase"] = phase
    status["containerStatuses"] = statuses
    status["conditions"] = k.pod_conditions(when, statuses, phase)
    status.setdefault("startTime", when)
    return pod


def waiting_reason(pod: dict) -> str | None:
    for cs in pod.get("status", {}).get("containerStatuses", []):
        if "waiting" in cs.get("state", {}):
            return cs["state"]["waiting"].get("reason")
    return None


def pod_ready(pod: dict) -> bool:
    status = pod.get("status", {})
    statuses = status.get("containerStatuses") or []
    return status.get("phase") == "Running" and bool(statuses) and all(
        s.get("ready") for s in statuses)


def crash_log(healthy_log: str, started: str, finished: str) -> str:
    lines = healthy_log.split("\n")[:2]
    lines.append(f'time={finished} level=ERROR msg="redis not ready" attempt=30 '
                 f'err="{WRONGPASS}"')
    lines.append(f"Error: {WRONGPASS}")
    return "\n".join(lines) + "\n"


# -- controllers that follow the pods ----------------------------------------------------------

def selects(selector: dict, labels: dict | None) -> bool:
    labels = labels or {}
    return all(labels.get(key) == value for key, value in (selector or {}).items())


def deployment_follows(deploy: dict, rs_hash: str, available: bool) -> dict:
    """The Deployment's status for a one-replica rollout that is (not yet) available."""
    meta = deploy["metadata"]
    fresh = k.deployment(meta["namespace"], meta["name"],
                         deploy["spec"]["template"]["spec"]["containers"],
                         meta["creationTimestamp"], labels=meta.get("labels", {}),
                         argo_app=meta["annotations"][k.TRACKING].split(":")[0],
                         rs_hash=rs_hash, available=available)
    deploy["status"] = fresh["status"]
    # The Deployment controller has seen the current template (a new head changes it).
    deploy["status"]["observedGeneration"] = meta.get("generation", 1)
    return deploy


def replica_set_follows(rs: dict, ready: bool) -> dict:
    rs["status"] = {"replicas": 1, "fullyLabeledReplicas": 1, "observedGeneration": 1}
    if ready:
        rs["status"].update({"readyReplicas": 1, "availableReplicas": 1})
    return rs


def stateful_set_follows(sts: dict, ready: bool) -> dict:
    sts["status"]["readyReplicas"] = 1 if ready else 0
    sts["status"]["availableReplicas"] = 1 if ready else 0
    if not ready:
        sts["status"].pop("readyReplicas")
    return sts
