"""The controllers behind `doctor --fix`'s safe fixes, and the kubelet's retries:

GatewayController  an annotation change on an HTTPRoute whose ResolvedRefs is False makes the
                   gateway re-evaluate it (Timings.route_bump); ResolvedRefs turns True when the
                   backend Service exists (apis.md §6: annotations do not bump generation, so
                   the new lastTransitionTime is what shows the re-evaluation).
EsoController      an annotation change (force-sync=<unix time>) on an ExternalSecret makes ESO
                   sync it (Timings.force_sync), unless refreshPolicy CreatedOnce already synced
                   it (apis.md §5); once every ExternalSecret of the namespace is Ready, the
                   crash-looping pods that needed them start cleanly (Timings.recover).
Kubelet            pods in ImagePullBackOff pull again once their image tag is pushed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import derive
from . import kube_objects as k
from .preview import EXTERNAL_SECRETS, Preview, catcher_log, secret_value
from .rollout import all_secrets_ready, image_present, resolve_route, start_pod, synced
from .scenarios import CATCHER
from .sim_common import (EXTERNALSECRETS, PODS, SECRETS, annotations, namespace_of,
                         pr_of_namespace, update)
from .workload_states import pod_crash_loop, waiting_reason

if TYPE_CHECKING:
    from .controllers import Controllers


def _annotation_change(event: str, old: dict | None, new: dict | None, kind: str) -> bool:
    return (event == "MODIFIED" and new is not None and new["kind"] == kind
            and annotations(old) != annotations(new))


class GatewayController:
    def __init__(self, hub: "Controllers"):
        self.hub = hub
        self.reevaluations = 0

    def on_event(self, event: str, old: dict | None, new: dict | None) -> None:
        if not _annotation_change(event, old, new, "HTTPRoute"):
            return
        resolved = [c.get("status") for p in new.get("status", {}).get("parents", [])
                    for c in p.get("conditions", []) if c.get("type") == "ResolvedRefs"]
        if "False" not in resolved:
            return
        ns, name = new["metadata"]["namespace"], new["metadata"]["name"]
        self.hub.schedule(self.hub.timings.route_bump, f"gateway re-evaluates {ns}/{name}",
                          lambda: self._reevaluate(ns, name), key=pr_of_namespace(ns))

    def _reevaluate(self, ns: str, name: str) -> None:
        self.reevaluations += 1
        resolve_route(self.hub, ns, name)
        if (number := pr_of_namespace(ns)) is not None:
            derive.follow(self.hub, number)
        self.hub.note(f"gateway: {ns}/{name} re-evaluated")


class EsoController:
    def __init__(self, hub: "Controllers"):
        self.hub = hub
        self.syncs = 0

    def on_event(self, event: str, old: dict | None, new: dict | None) -> None:
        if not _annotation_change(event, old, new, "ExternalSecret"):
            return
        ready = any(c.get("type") == "Ready" and c.get("status") == "True"
                    for c in new.get("status", {}).get("conditions", []))
        if new["spec"].get("refreshPolicy") == "CreatedOnce" and ready:
            return
        ns, name = new["metadata"]["namespace"], new["metadata"]["name"]
        self.hub.schedule(self.hub.timings.force_sync, f"eso syncs {ns}/{name}",
                          lambda: self.sync(ns, name), key=pr_of_namespace(ns))

    def sync(self, ns: str, name: str) -> None:
        self.syncs += 1
        number = pr_of_namespace(ns)
        failures = self.hub.failures(number) if number is not None else None
        ok = not (failures and failures.provider_down)
        store, now = self.hub.workload.store, self.hub.now()
        es = update(store, EXTERNALSECRETS, ns, name, lambda o: synced(o, now, ok=ok))
        if es is None:
            return
        self.hub.note(f"eso: {ns}/{name} " + ("synced" if ok else "still failing"))
        if not ok:
            return
        if failures is not None:
            failures.unsynced_secrets = tuple(s for s in failures.unsynced_secrets if s != name)
        target = es["spec"]["target"]["name"]
        if store.get(SECRETS, ns, target) is None:
            key = EXTERNAL_SECRETS.get(name, ("value", ""))[0]
            store.put(k.secret(ns, target, key, secret_value(name), now, es=es))
        if all_secrets_ready(store, ns):
            self.hub.schedule(self.hub.timings.recover, f"pods in {ns} restart",
                              lambda: self.recover(ns), key=number)

    def recover(self, ns: str) -> None:
        """The next restart of a crash-looping container finds its secrets: it comes up."""
        store, now = self.hub.workload.store, self.hub.now()
        for pod in store.list(PODS, ns):
            if waiting_reason(pod) != "CrashLoopBackOff":
                continue
            status = pod["status"]["containerStatuses"][0]
            started = status.get("lastState", {}).get("terminated", {}).get("startedAt", now)
            start_pod(self.hub, ns, pod, _good_logs(pod, ns, now),
                      restarts=status.get("restartCount", 0) + 1,
                      last_state=k.terminated(1, "Error", started, now))
            self.hub.note(f"kubelet: {ns}/{pod['metadata']['name']} recovered")
        if (number := pr_of_namespace(ns)) is not None:
            derive.follow(self.hub, number)


class Kubelet:
    def __init__(self, hub: "Controllers"):
        self.hub = hub

    def retry_pulls(self, number: int) -> None:
        ns = namespace_of(number)
        self.hub.schedule(self.hub.timings.recover, f"kubelet retries pulls in {ns}",
                          lambda: self._pull(ns, number), key=number)

    def _pull(self, ns: str, number: int) -> None:
        store, now = self.hub.workload.store, self.hub.now()
        for pod in store.list(PODS, ns):
            if waiting_reason(pod) not in ("ImagePullBackOff", "ErrImagePull") or \
                    not image_present(self.hub, pod):
                continue
            name = pod["metadata"]["name"]
            if all_secrets_ready(store, ns):
                start_pod(self.hub, ns, pod, _good_logs(pod, ns, now))
            else:
                update(store, PODS, ns, name, lambda o: pod_crash_loop(o, ns, now, now))
            self.hub.note(f"kubelet: {ns}/{name} pulled its image")
        derive.follow(self.hub, number)


def _good_logs(pod: dict, ns: str, now: str) -> dict[str, str]:
    """What a cleanly started container logs (the catcher's real start-up lines)."""
    logs = {}
    for c in pod["spec"]["containers"]:
        if c["name"] == CATCHER:
            tag = c["image"].rsplit(":", 1)[1]
            number = pr_of_namespace(ns) or 0
            logs[c["name"]] = catcher_log(Preview(number, tag.rsplit("-", 1)[1]), now)
        else:
            logs[c["name"]] = f'time={now} level=INFO msg="started" container={c["name"]}\n'
    return logs
