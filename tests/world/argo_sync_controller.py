"""Argo CD's application controller for what `doctor --fix` asks of a child Application:

- a requested `operation` (merge patch, design §4) runs one sync of its revision, clears
  `operation` and records `operationState`; the sync fails again, with the same SyncError
  shape, while `blocked` names the Application (its root cause is still there);
- a hard refresh (`argocd.argoproj.io/refresh=hard`) re-renders: a cached `Manifest generation
  error` clears when the kustomize OCI tag it names is in the registry now; the annotation goes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import argo_objects as argo
from .preview import KUSTOMIZE_REPO
from .sim_common import APPLICATIONS, annotations, update

if TYPE_CHECKING:
    from .controllers import Controllers

HARD_REFRESH = "argocd.argoproj.io/refresh"
_TAG = re.compile(r"-kustomize:([\w.-]+)")


class ArgoSyncController:
    def __init__(self, hub: "Controllers"):
        self.hub = hub
        self.blocked: dict[str, str] = {}     # Application -> the message its sync fails with
        self.syncs = 0
        self.refreshes = 0

    def on_event(self, event: str, old: dict | None, new: dict | None) -> None:
        if event != "MODIFIED" or new is None or new["kind"] != "Application":
            return
        name = new["metadata"]["name"]
        if new.get("operation") and new.get("operation") != (old or {}).get("operation"):
            self.hub.schedule(0, f"argo syncs {name}", lambda: self.sync(name))
        elif annotations(new).get(HARD_REFRESH) and not annotations(old).get(HARD_REFRESH):
            self.hub.schedule(0, f"argo hard-refreshes {name}", lambda: self.refresh(name))

    def sync(self, name: str) -> None:
        app = self.hub.argo.store.get(APPLICATIONS, argo.ARGO_NS, name)
        if app is None or not app.get("operation"):
            return
        self.syncs += 1
        operation, now = app["operation"], self.hub.now()
        revision = operation.get("sync", {}).get("revision") or app["status"]["sync"]["revision"]
        failure = self.blocked.get(name)

        def edit(obj: dict) -> None:
            obj.pop("operation", None)
            status = obj["status"]
            status["operationState"] = {
                "operation": operation, "phase": "Failed" if failure else "Succeeded",
                "message": failure or "successfully synced (all tasks run)",
                "syncResult": {"revision": revision, "resources": []},
                "startedAt": now, "finishedAt": now}
            conditions = [c for c in status.get("conditions", []) if c.get("type") != "SyncError"]
            if failure:
                conditions.append({"type": "SyncError", "lastTransitionTime": now,
                                   "message": f"Failed sync attempt to {revision}: {failure}"})
            else:
                status["sync"].update(status="Synced", revision=revision)
                status["resources"] = [dict(r, status="Synced")
                                       for r in status.get("resources", [])]
            status["conditions"] = conditions
            if not conditions:
                status.pop("conditions")
        update(self.hub.argo.store, APPLICATIONS, argo.ARGO_NS, name, edit)
        self.hub.note(f"argo: sync of {name} to {revision} "
                      + ("failed" if failure else "succeeded"))

    def refresh(self, name: str) -> None:
        self.refreshes += 1
        tags = self.hub.registry.tags(KUSTOMIZE_REPO)

        def edit(obj: dict) -> None:
            obj["metadata"].get("annotations", {}).pop(HARD_REFRESH, None)
            status = obj["status"]
            kept = []
            for cond in status.get("conditions", []):
                tag = _TAG.search(cond.get("message", ""))
                if cond.get("type") == "ComparisonError" and tag and tag.group(1) in tags:
                    status["sync"]["status"] = "Synced"
                    continue
                kept.append(cond)
            status["conditions"] = kept
            if not kept:
                status.pop("conditions")
        update(self.hub.argo.store, APPLICATIONS, argo.ARGO_NS, name, edit)
        self.hub.note(f"argo: hard refresh of {name}")
