"""Argo CD sync failure modes (failure-modes.md §C, D2) for the doctor's application and
namespace checks, and the leftovers of a merged PR. Variant functions as in scenarios.py."""

from __future__ import annotations

import copy

from . import clock
from .preview import Preview, healthy
from .scenarios import CATCHER, ESO_FINALIZER, abandoned_namespace, oci_pull_error
from .store import namespace_conditions

WEBHOOK_DOWN = ('one or more objects failed to apply, reason: Internal error occurred: failed '
                'calling webhook "mutate.kyverno.svc-fail": failed to call webhook: Post '
                '"https://kyverno-svc.kyverno.svc:443/mutate/fail?timeout=10s": no endpoints '
                'available for service "kyverno-svc"')


def _child(p: Preview, suffix: str = "core-catcher") -> dict:
    return p.obj("Application", f"{p.app}-{suffix}")


def failed_sync(app: dict, message: str, *, retried: int = 5) -> str:
    """The state automated sync leaves after giving up on the current revision (C1)."""
    status = app["status"]
    revision = status["sync"]["revision"]
    status["sync"]["status"] = "OutOfSync"
    full = f"{message} (retried {retried} times)."
    status["operationState"] = {
        "operation": {"sync": {"revision": revision}, "initiatedBy": {"automated": True},
                      "retry": {"limit": retried}},
        "phase": "Failed", "message": full, "retryCount": retried,
        "syncResult": {"revision": revision, "resources": []},
        "startedAt": clock.ago(minutes=40), "finishedAt": clock.ago(minutes=37)}
    status["conditions"] = [{"type": "SyncError", "lastTransitionTime": clock.ago(minutes=37),
                             "message": f"Failed sync attempt to {revision}: {full}"}]
    return revision


def sync_lockout(p: Preview) -> None:
    """C1: the first sync of the head raced a Kyverno webhook outage, failed 5 times, and
    automated sync never retries that revision; the webhook is back, the objects from before
    still run, so the child stays OutOfSync/Healthy for good."""
    failed_sync(_child(p), WEBHOOK_DOWN)


def cached_manifest_error(p: Preview) -> None:
    """C3: the child asked for the kustomize OCI before CI pushed it; the tag exists now, but the
    repo-server replays its cached error for up to 60 min."""
    tags = copy.deepcopy(p.tags)
    oci_pull_error(p, reason="not found")
    p.tags = tags
    app = _child(p)
    cond = app["status"]["conditions"][0]
    cond["message"] = cond["message"].replace(
        "rpc error: code = Unknown desc = ",
        "rpc error: code = Unknown desc = Manifest generation error (cached): ")


def cosmetic_drift(p: Preview) -> None:
    """C4: ServerSideApply; the API server defaulted HTTPRoute backendRefs fields, so the child is
    OutOfSync forever although its sync to this revision succeeded and all is Healthy."""
    app = _child(p)
    app["status"]["sync"]["status"] = "OutOfSync"
    for r in app["status"]["resources"]:
        if r["kind"] == "HTTPRoute":
            r["status"] = "OutOfSync"


def route_progressing(p: Preview) -> None:
    """C5: the gateway never reported on the HTTPRoute; Argo CD (>= 3.3) keeps the child
    Progressing with 'Waiting for HTTPRoute status'."""
    p.obj("HTTPRoute", CATCHER)["status"] = {"parents": []}
    app = _child(p)
    app["status"]["health"] = {"status": "Progressing", "lastTransitionTime": clock.ago(minutes=20)}
    for r in app["status"]["resources"]:
        if r["kind"] == "HTTPRoute":
            r["health"] = {"status": "Progressing", "message": "Waiting for HTTPRoute status"}


def shared_resource(p: Preview) -> None:
    """C6: the kustomize OCI ships the Namespace that omni-pitcher's child also manages."""
    other = next(a for a in p.argo if a["kind"] == "Application"
                 and a["metadata"]["name"] not in (p.app, f"{p.app}-core-catcher"))
    app = _child(p)
    app["status"]["conditions"] = [{
        "type": "SharedResourceWarning", "lastTransitionTime": clock.ago(minutes=12),
        "message": f"Namespace/{p.namespace} is part of applications "
                   f"argocd/{app['metadata']['name']} and {other['metadata']['name']}"}]


def cluster_gone(p: Preview) -> None:
    """C7: the child's destination cluster was removed from Argo CD (homerun2-dev)."""
    app = _child(p)
    app["spec"]["destination"] = {"name": "homerun2-dev", "namespace": p.namespace}
    app["status"]["sync"]["status"] = "Unknown"
    app["status"]["health"] = {"status": "Unknown", "lastTransitionTime": clock.ago(minutes=9)}
    app["status"]["conditions"] = [{
        "type": "InvalidSpecError", "lastTransitionTime": clock.ago(minutes=9),
        "message": f"application destination spec for {app['metadata']['name']} is invalid: "
                   "unable to find destination server: there are no clusters with this name: "
                   "homerun2-dev"}]


def namespace_recreated(p: Preview, minutes: int = 6) -> None:
    """D2: label removed and re-added; the old namespace was still Terminating (an ESO finalizer
    holds it) when the new preview's first sync ran, which failed and locked (C1)."""
    ns_name = p.namespace
    fresh = healthy(p.number, p.sha, repo=p.repo, cluster=p.cluster)
    deleted = clock.ago(minutes=minutes)
    es = fresh.obj("ExternalSecret", "redis-stack-auth")
    es["metadata"].update({"finalizers": [ESO_FINALIZER], "deletionTimestamp": deleted,
                           "deletionGracePeriodSeconds": 0})
    ns = fresh.obj("Namespace", ns_name)
    ns["metadata"]["deletionTimestamp"] = deleted
    remaining = [(("external-secrets.io", "externalsecrets", ns_name, "redis-stack-auth"), es)]
    ns["status"] = {"phase": "Terminating", "conditions": namespace_conditions(remaining)}
    p.workload, p.logs, p.health = [ns, es], {}, None
    for app in p.argo:
        if app["kind"] != "Application" or app["metadata"]["name"] == p.app:
            continue
        app["status"]["health"] = {"status": "Missing",
                                   "lastTransitionTime": clock.ago(minutes=minutes)}
        app["status"]["resources"] = [dict(r, status="OutOfSync")
                                      for r in app["status"]["resources"]]
        failed_sync(app, f'one or more objects failed to apply, reason: configmaps "{CATCHER}" is '
                         f"forbidden: unable to create new content in namespace {ns_name} "
                         "because it is being terminated")


def merged_still_running(p: Preview) -> None:
    """A merged PR whose namespace still runs its Deployments, pods and routes: the parent was
    deleted without its resources finalizer, so Argo CD pruned nothing (list: orphan)."""
    abandoned_namespace(p)


VARIANTS = {
    "sync_lockout": sync_lockout,
    "cached_manifest_error": cached_manifest_error,
    "cosmetic_drift": cosmetic_drift,
    "route_progressing": route_progressing,
    "shared_resource": shared_resource,
    "cluster_gone": cluster_gone,
    "namespace_recreated": namespace_recreated,
    "merged_still_running": merged_still_running,
}
