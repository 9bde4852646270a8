"""Scenario variants: each one edits a healthy Preview into one troubleshooting row or pain
point of the preview platform (seed doc "Troubleshooting"; homerun2.md §6). They compose:

    p = healthy(7); wrongpass(p); route_unresolved(p)      # or apply(p, "wrongpass", ...)

Variant functions take the Preview first and optional keyword arguments; VARIANTS maps their
names for World.add("name", n).
"""

from __future__ import annotations

from typing import Callable

from . import argo_objects as argo
from . import clock
from . import kube_objects as k
from . import scenarios_gateway
from .app_server import Health
from .preview import (BOT_MARKER, CHECK_BUILD, CHECK_KUSTOMIZE, IMAGE_REPO, KUSTOMIZE_REPO,
                      Preview, catcher_log, healthy, seed_log)
from .store import namespace_conditions, uid_of

__all__ = ["healthy", "apply", "VARIANTS"]

CATCHER = "homerun2-core-catcher"
WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled."
# Not a real controller's finalizer: stands for whatever keeps the redis pod from going.
POD_HOLD_FINALIZER = "preview-world.test/hold"
ESO_FINALIZER = "externalsecrets.external-secrets.io/externalsecret-cleanup"


def _nothing_deployed(p: Preview) -> None:
    p.argo, p.workload, p.logs, p.health = [], [], {}, None


def _without_bot_comment(p: Preview) -> None:
    p.comments = [c for c in p.comments if not c["body"].startswith(BOT_MARKER)]


def _catcher_pod(p: Preview) -> dict:
    return p.pods(f"{CATCHER}-")[0]


def _set_child(p: Preview, suffix: str, *, sync: str | None = None, health: str | None = None,
               message: str | None = None, conditions: list | None = None) -> dict:
    app = p.obj("Application", f"{p.app}-{suffix}")
    status = app["status"]
    if sync:
        status["sync"]["status"] = sync
        if sync != "Synced":
            status.pop("operationState", None)
    if health:
        status["health"] = {"status": health, "lastTransitionTime": clock.ago(minutes=5)}
        if message:
            status["health"]["message"] = message
    if conditions is not None:
        status["conditions"] = conditions
    return app


def _unavailable(p: Preview, name: str, failure: str | None = None) -> None:
    """Turn a Deployment and its ReplicaSet unavailable (with ReplicaFailure if `failure`)."""
    deploy = p.obj("Deployment", name)
    rs = next(r for r in p.objs("ReplicaSet") if r["metadata"]["name"].startswith(f"{name}-"))
    fresh = k.deployment(p.namespace, name, deploy["spec"]["template"]["spec"]["containers"],
                         deploy["metadata"]["creationTimestamp"],
                         labels=deploy["metadata"]["labels"],
                         argo_app=deploy["metadata"]["annotations"][k.TRACKING].split(":")[0],
                         rs_hash=rs["metadata"]["name"].rsplit("-", 1)[1], available=False,
                         failure=failure)
    deploy["status"] = fresh["status"]
    rs["status"] = {"replicas": 0 if failure else 1, "observedGeneration": 1,
                    "fullyLabeledReplicas": 0 if failure else 1}


# -- GitHub side ------------------------------------------------------------------------------

def unlabelled(p: Preview) -> None:
    """Open PR without the gate label: no bot comment, nothing deployed (CI still ran)."""
    p.set_label(False)
    _without_bot_comment(p)
    _nothing_deployed(p)


def not_polled(p: Preview) -> None:
    """Label set and CI green, but the AppSet has not polled yet: no Application, no namespace."""
    _nothing_deployed(p)


def ci_failed(p: Preview) -> None:
    """The image build failed for the head SHA: no image tags, so the core-catcher pod (whose
    kustomize base was pushed by the other, green job) waits in ImagePullBackOff."""
    run = p.check(CHECK_BUILD)
    run.update({"conclusion": "failure", "output": dict(run["output"], title="Build failed",
                                                        summary="Process completed with exit "
                                                                "code 1.")})
    if p.pods(f"{CATCHER}-"):
        image_pull_backoff(p)
    p.tags[IMAGE_REPO] = set()


def ci_running(p: Preview, minutes: int = 4) -> None:
    """Build and kustomize push still running for the head SHA: no artifacts yet, so Argo CD
    cannot load the kustomize OCI (the oci_pull_error picture)."""
    for name in (CHECK_BUILD, CHECK_KUSTOMIZE):
        p.check(name).update({"status": "in_progress", "conclusion": None,
                              "completed_at": None, "started_at": clock.ago(minutes=minutes)})
    if any(a["metadata"]["name"] == f"{p.app}-core-catcher" for a in p.argo):
        oci_pull_error(p, reason="not found")
    p.tags = {IMAGE_REPO: set(), KUSTOMIZE_REPO: set()}


def artifact_missing(p: Preview) -> None:
    """CI is green but the kustomize OCI tag for the head SHA is gone from the registry (e.g.
    the cleanup workflow ran); what is deployed keeps running until Argo CD re-renders."""
    p.tags[KUSTOMIZE_REPO] = set()


def closed_gone(p: Preview, merged: bool = True) -> None:
    """PR closed (merged by default): teardown and artifact cleanup are done, nothing is left."""
    p.pull.update({"state": "closed", "closed_at": clock.ago(minutes=90),
                   "merged": merged, "merged_at": clock.ago(minutes=90) if merged else None,
                   "mergeable": None, "mergeable_state": "unknown"})
    _nothing_deployed(p)
    p.tags = {IMAGE_REPO: set(), KUSTOMIZE_REPO: set()}


# -- Argo CD side -----------------------------------------------------------------------------

def oci_pull_error(p: Preview, reason: str = "repository not found") -> None:
    """The kustomize OCI for the head SHA is missing, so the core-catcher child cannot render:
    ComparisonError `failed to load: oci pull ...`; none of its objects exist in the namespace."""
    p.tags[KUSTOMIZE_REPO] = set()
    artifact = f"ghcr.io/stuttgart-things/homerun2-core-catcher-kustomize:{p.tag}"
    message = ("Failed to load target state: failed to generate manifest for source 1 of 1: "
               f"rpc error: code = Unknown desc = failed to load: oci pull {artifact}: {reason}")
    app = _set_child(p, "core-catcher", sync="Unknown", health="Missing", conditions=[
        {"type": "ComparisonError", "message": message,
         "lastTransitionTime": clock.ago(minutes=6)}])
    app["status"]["resources"] = []
    app["status"]["sync"]["revision"] = ""
    for kind in ("Deployment", "ReplicaSet", "Pod", "Service", "HTTPRoute", "ConfigMap"):
        p.drop(kind, CATCHER)
    p.logs = {key: v for key, v in p.logs.items() if not key[0].startswith(CATCHER)}
    p.health = None


def appset_error(p: Preview) -> None:
    """The AppSet refuses to generate (duplicate names across clusters, homerun2.md §3a):
    ErrorOccurred=True, and this labelled PR has no Application."""
    message = (f"ApplicationSet {argo.APPSET} contains applications with duplicate name: "
               f"{p.app}")
    p.appset = argo.application_set(clock.ago(hours=24 * 30), error=message)
    _nothing_deployed(p)


# -- workload side ----------------------------------------------------------------------------

def image_pull_backoff(p: Preview) -> None:
    """The image tag is not in the registry: the core-catcher pod waits in ImagePullBackOff."""
    p.tags[IMAGE_REPO] = set()
    pod = _catcher_pod(p)
    spec = pod["spec"]["containers"][0]
    image = spec["image"]
    pod["status"]["containerStatuses"] = [k.container_status(spec, k.waiting(
        "ImagePullBackOff", f'Back-off pulling image "{image}"'), ready=False)]
    pod["status"]["conditions"] = k.pod_conditions(pod["metadata"]["creationTimestamp"],
                                                   pod["status"]["containerStatuses"], "Pending")
    pod["status"]["phase"] = "Pending"
    p.logs.pop((pod["metadata"]["name"], CATCHER), None)
    _unavailable(p, CATCHER)
    first, last = clock.ago(minutes=20), clock.ago(minutes=1)
    p.workload += [
        k.event(p.namespace, pod, "Failed", f'Failed to pull image "{image}": rpc error: code = '
                f'NotFound desc = failed to pull and unpack image "{image}": failed to resolve '
                f'reference "{image}": {image}: not found', first=first, last=last, count=9,
                warning=True),
        k.event(p.namespace, pod, "BackOff", f'Back-off pulling image "{image}"', first=first,
                last=last, count=80, warning=True),
    ]
    _set_child(p, "core-catcher", health="Progressing",
               message='Waiting for rollout to finish: 0 of 1 updated replicas are available...')
    p.health = Health(503)


def wrongpass(p: Preview) -> None:
    """redis-stack-auth not materialized by ESO; core-catcher crash-loops with WRONGPASS."""
    es = p.obj("ExternalSecret", "redis-stack-auth")
    es["status"]["conditions"] = [k.condition(
        "Ready", False, "SecretSyncedError", "could not get secret data from provider",
        clock.ago(minutes=30))]
    es["status"].pop("syncedResourceVersion", None)
    pod = _catcher_pod(p)
    spec, pod_ref = pod["spec"]["containers"][0], f"{pod['metadata']['name']}_{p.namespace}"
    started, finished = clock.ago(minutes=3), clock.ago(minutes=2)
    pod["status"]["conditions"] = k.pod_conditions(pod["metadata"]["creationTimestamp"], [
        {"name": CATCHER, "ready": False}], "Running")
    pod["status"]["containerStatuses"] = [k.container_status(
        spec, k.waiting("CrashLoopBackOff", f"back-off 5m0s restarting failed container={CATCHER} "
                        f"pod={pod_ref}({uid_of(pod)})"),
        ready=False, restarts=9, last_state=k.terminated(1, "Error", started, finished))]
    crash = catcher_log(p, started).split("\n")[:2]
    crash.append(f'time={finished} level=ERROR msg="redis not ready" attempt=30 '
                 f'err="{WRONGPASS}"')
    crash.append(f"Error: {WRONGPASS}")
    log = "\n".join(crash)
    p.logs[(pod["metadata"]["name"], CATCHER)] = (log + "\n", log)
    _unavailable(p, CATCHER)
    p.workload.append(k.event(p.namespace, pod, "BackOff",
                              f"Back-off restarting failed container {CATCHER} in pod "
                              f"{pod_ref}({uid_of(pod)})",
                              first=clock.ago(minutes=35), last=clock.ago(minutes=1), count=140,
                              warning=True))
    _set_child(p, "core-catcher", health="Progressing",
               message='Waiting for rollout to finish: 0 of 1 updated replicas are available...')
    p.health = Health(503)


def route_unresolved(p: Preview) -> None:
    """HTTPRoute with a sticky ResolvedRefs=False / BackendNotFound (the pre-Option-B race);
    the gateway answers 500 for a route whose backend does not resolve."""
    route = p.obj("HTTPRoute", CATCHER)
    when = clock.ago(minutes=38)
    route["status"]["parents"][0]["conditions"] = [
        k.condition("Accepted", True, "Accepted", "Accepted HTTPRoute", when,
                    observedGeneration=1),
        k.condition("ResolvedRefs", False, "BackendNotFound", f'Service "{CATCHER}" not found',
                    when, observedGeneration=1)]
    p.health = Health(500)


def quota_exceeded(p: Preview) -> None:
    """The core-catcher ReplicaSet cannot create its pod: `exceeded quota: pr-preview`."""
    pod = _catcher_pod(p)
    pod_name = pod["metadata"]["name"]
    p.drop("Pod", pod_name)
    p.logs.pop((pod_name, CATCHER), None)
    message = (f'pods "{pod_name}" is forbidden: exceeded quota: pr-preview, requested: '
               "limits.memory=512Mi, used: limits.memory=3840Mi, limited: limits.memory=4Gi")
    _unavailable(p, CATCHER, failure=message)
    quota = p.obj("ResourceQuota", "pr-preview")
    quota["status"]["used"].update({"limits.memory": "3840Mi", "limits.cpu": "3500m",
                                    "pods": "8"})
    rs = next(r for r in p.objs("ReplicaSet") if r["metadata"]["name"].startswith(CATCHER))
    p.workload.append(k.event(p.namespace, rs, "FailedCreate", f"Error creating: {message}",
                              first=clock.ago(minutes=30), last=clock.ago(minutes=1), count=17,
                              warning=True, component="replicaset-controller"))
    _set_child(p, "core-catcher", health="Progressing",
               message='Waiting for rollout to finish: 0 of 1 updated replicas are available...')
    p.health = Health(503)


def seed_failed(p: Preview) -> None:
    """The seed Job hit its backoff limit (omni-pitcher answered 401)."""
    job = p.obj("Job", "seed-test-events")
    started = job["status"]["startTime"]
    failed_at = clock.ago(minutes=25)
    fresh = k.job(p.namespace, "seed-test-events", job["metadata"]["creationTimestamp"],
                  state="failed", started=started, finished=failed_at)
    job["status"] = fresh["status"]
    pod = p.pods("seed-test-events-")[0]
    spec = pod["spec"]["containers"][0]
    pod["status"]["phase"] = "Failed"
    pod["status"]["containerStatuses"] = [k.container_status(
        spec, k.terminated(22, "Error", started, failed_at), ready=False, restarts=3,
        last_state=k.terminated(22, "Error", started, failed_at))]
    log = seed_log(0, failure="POST /pitch -> 401\nseed failed: unexpected status 401")
    p.logs[(pod["metadata"]["name"], "seed")] = (log, log)


def seed_running(p: Preview, minutes: int = 25) -> None:
    """The seed Job started `minutes` ago and is still waiting for omni-pitcher's health."""
    job = p.obj("Job", "seed-test-events")
    started = clock.ago(minutes=minutes)
    job["metadata"]["creationTimestamp"] = started
    job["status"] = k.job(p.namespace, "seed-test-events", started, state="running",
                          started=started)["status"]
    pod = p.pods("seed-test-events-")[0]
    spec = pod["spec"]["containers"][0]
    pod["status"]["phase"] = "Running"
    pod["status"]["containerStatuses"] = [k.container_status(spec, k.running(started),
                                                             ready=True)]
    attempts = min(60, minutes * 12)
    log = "\n".join(f"waiting for http://homerun2-omni-pitcher:80/health ({i}/60)"
                    for i in range(max(1, attempts - 4), attempts + 1)) + "\n"
    p.logs[(pod["metadata"]["name"], "seed")] = (log, None)
    ns = p.obj("Namespace", p.namespace)
    if ns["metadata"]["creationTimestamp"] > started:
        ns["metadata"]["creationTimestamp"] = clock.ago(minutes=minutes + 3)


def seed_expired(p: Preview, hours: float = 3) -> None:
    """The namespace is `hours` old and the finished seed Job is gone (TTL 1 h): normal."""
    p.drop("Job", "seed-test-events")
    for pod in p.pods("seed-test-events-"):
        p.logs.pop((pod["metadata"]["name"], "seed"), None)
    p.drop("Pod", "seed-test-events-")
    p.obj("Namespace", p.namespace)["metadata"]["creationTimestamp"] = clock.ago(hours=hours)


def namespace_terminating(p: Preview, minutes: int = 25) -> None:
    """PR closed; Argo pruned everything but the namespace is stuck Terminating: an
    ExternalSecret and the redis pod still carry finalizers."""
    closed_gone(p)
    ns_name = p.namespace
    healthy_again = healthy(p.number, p.sha, repo=p.repo, cluster=p.cluster)
    deleted = clock.ago(minutes=minutes)
    es = healthy_again.obj("ExternalSecret", "redis-stack-auth")
    redis = healthy_again.obj("Pod", "redis-stack-node-0")
    es["metadata"].update({"finalizers": [ESO_FINALIZER], "deletionTimestamp": deleted,
                           "deletionGracePeriodSeconds": 0})
    redis["metadata"].update({"finalizers": [POD_HOLD_FINALIZER], "deletionTimestamp": deleted,
                              "deletionGracePeriodSeconds": 30})
    ns = healthy_again.obj("Namespace", ns_name)
    ns["metadata"]["deletionTimestamp"] = deleted
    remaining = [(("external-secrets.io", "externalsecrets", ns_name, "redis-stack-auth"), es),
                 (("", "pods", ns_name, "redis-stack-node-0"), redis)]
    ns["status"] = {"phase": "Terminating", "conditions": namespace_conditions(remaining)}
    p.workload = [ns, es, redis]
    p.logs = {key: v for key, v in healthy_again.logs.items() if key[0] == "redis-stack-node-0"}


def url_down(p: Preview, mode: int | str = 503) -> None:
    """Everything looks fine in the cluster, but the URL answers `mode` (a status or "drop")."""
    if p.health is None:
        p.health = Health(mode)
    else:
        p.health.mode = mode


# -- orphans (what `preview list` flags) -------------------------------------------------------

def abandoned_namespace(p: Preview) -> None:
    """PR merged; its Applications are gone, but the namespace and everything in it still run:
    the parent was deleted by hand, or without the resources finalizer, so nothing was pruned."""
    workload = list(p.workload)
    closed_gone(p)
    p.workload = workload


def namespace_missing(p: Preview) -> None:
    """Labelled PR with Applications, but their namespace does not exist: the first sync never
    created it (CreateNamespace=true missing from the syncOptions), so every child is Missing."""
    p.workload, p.logs, p.health = [], {}, None
    for app in p.argo:
        if app["kind"] != "Application" or app["metadata"]["name"] == p.app:
            continue
        status = app["status"]
        status["sync"]["status"] = "OutOfSync"
        status.pop("operationState", None)
        status["health"] = {"status": "Missing", "lastTransitionTime": clock.ago(minutes=30)}
        status["conditions"] = [{
            "type": "SyncError", "lastTransitionTime": clock.ago(minutes=30),
            "message": f'namespaces "{p.namespace}" not found'}]
        options = app["spec"]["syncPolicy"]["syncOptions"]
        app["spec"]["syncPolicy"]["syncOptions"] = [o for o in options
                                                    if o != "CreateNamespace=true"]


Variant = Callable[..., None]

VARIANTS: dict[str, Variant] = {
    "healthy": lambda p: None,
    "unlabelled": unlabelled,
    "not_polled": not_polled,
    "oci_pull_error": oci_pull_error,
    "ci_failed": ci_failed,
    "ci_running": ci_running,
    "artifact_missing": artifact_missing,
    "image_pull_backoff": image_pull_backoff,
    "wrongpass": wrongpass,
    "route_unresolved": route_unresolved,
    "seed_failed": seed_failed,
    "seed_running": seed_running,
    "seed_expired": seed_expired,
    "quota_exceeded": quota_exceeded,
    "namespace_terminating": namespace_terminating,
    "closed_gone": closed_gone,
    "appset_error": appset_error,
    "url_down": url_down,
    "abandoned_namespace": abandoned_namespace,
    "namespace_missing": namespace_missing,
}
VARIANTS.update(scenarios_gateway.VARIANTS)

from .scenarios_argo import VARIANTS as _ARGO_VARIANTS  # noqa: E402  (it imports this module)

VARIANTS.update(_ARGO_VARIANTS)


from .scenarios_github import VARIANTS as _GITHUB_VARIANTS  # noqa: E402
VARIANTS.update(_GITHUB_VARIANTS)


from . import scenarios_policies  # noqa: E402  (second doctor round: Kyverno, ESO, quota, seed)
VARIANTS.update(scenarios_policies.VARIANTS)

from .scenarios_list_all import VARIANTS as _LIST_ALL_VARIANTS  # noqa: E402
VARIANTS.update(_LIST_ALL_VARIANTS)


def apply(p: Preview, *variants: str | Variant) -> Preview:
    """Apply variants (names or functions) in order; returns p."""
    for variant in variants:
        fn = VARIANTS[variant] if isinstance(variant, str) else variant
        fn(p)
    return p

