"""Names, resource types and store helpers the simulated controllers share."""

from __future__ import annotations

import copy
import re
from typing import Callable

from . import argo_objects as argo
from .kube_types import by_plural
from .store import ObjectStore

APPSETS = by_plural("argoproj.io", "applicationsets")
APPLICATIONS = by_plural("argoproj.io", "applications")
NAMESPACES = by_plural("", "namespaces")
PODS = by_plural("", "pods")
SERVICES = by_plural("", "services")
SECRETS = by_plural("", "secrets")
EVENTS = by_plural("", "events")
DEPLOYMENTS = by_plural("apps", "deployments")
REPLICASETS = by_plural("apps", "replicasets")
STATEFULSETS = by_plural("apps", "statefulsets")
JOBS = by_plural("batch", "jobs")
EXTERNALSECRETS = by_plural("external-secrets.io", "externalsecrets")
HTTPROUTES = by_plural("gateway.networking.k8s.io", "httproutes")

REFRESH_ANNOTATION = "argocd.argoproj.io/application-set-refresh"
ESO_FINALIZER = "externalsecrets.external-secrets.io/externalsecret-cleanup"
_PREFIX = "homerun2-core-catcher-pr-"
_NAMESPACE = re.compile(rf"^{_PREFIX}(\d+)$")


def app_name(number: int) -> str:
    return f"{_PREFIX}{number}"


def namespace_of(number: int) -> str:
    return f"{_PREFIX}{number}"


def pr_of_namespace(namespace: str | None) -> int | None:
    match = _NAMESPACE.match(namespace or "")
    return int(match[1]) if match else None


def annotations(obj: dict | None) -> dict:
    return dict(((obj or {}).get("metadata") or {}).get("annotations") or {})


def update(store: ObjectStore, rtype, namespace: str | None, name: str,
           edit: Callable[[dict], object]) -> dict | None:
    """Read, edit, write back (as a controller's status update); None if the object is gone.
    Nothing is written when the edit changed nothing, so resourceVersions stay calm."""
    current = store.get(rtype, namespace, name)
    if current is None:
        return None
    edited = copy.deepcopy(current)
    edit(edited)
    if edited == current:
        return current
    try:
        return store.replace(rtype, namespace, name, edited)
    except KeyError:            # deleted between read and write
        return None


def children_of(store: ObjectStore, number: int) -> list[dict]:
    """The child Applications of PR `number` (label pr=N, not the parent)."""
    return [a for a in store.list(APPLICATIONS, argo.ARGO_NS)
            if a["metadata"].get("labels", {}).get(argo.PR_LABEL) == str(number)
            and a["metadata"]["name"] != app_name(number)]


def set_condition(conditions: list[dict], new: dict) -> list[dict]:
    """metav1 SetStatusCondition: lastTransitionTime moves only when the status changes."""
    out = []
    replaced = False
    for cond in conditions:
        if cond["type"] == new["type"]:
            merged = dict(new)
            if cond.get("status") == new["status"]:
                merged["lastTransitionTime"] = cond.get("lastTransitionTime",
                                                        new["lastTransitionTime"])
            out.append(merged)
            replaced = True
        else:
            out.append(cond)
    if not replaced:
        out.append(new)
    return out
