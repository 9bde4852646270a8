"""The Argo CD API's view of the workload cluster (shared/reference/argocd-api.md §1.2-1.3), over
the workload cluster's store:

- `GET /api/v1/applications/{app}/resource-tree`: the objects the Application manages (those
  carrying its `argocd.argoproj.io/tracking-id` annotation) and their children by
  ownerReferences, each with Argo CD's health and Pod `info`; a managed object missing from the
  cluster is a node with health Missing and no uid. Kyverno-generated objects (the
  ExternalSecrets, the quota, the seed Job) and the Namespace are in no tree.
- `GET .../resource?namespace=&resourceName=&version=&kind=&group=`: `{"manifest": "<JSON>"}` of
  a live object of that tree; anything else is 400 `... not found as part of application ...`.
- `GET .../events?resourceNamespace=&resourceName=&resourceUID=`: that object's EventList
  (name, uid and namespace must match a node of the tree; 400 otherwise).
- `GET .../logs?namespace=&podName=&container=&previous=&tailLines=&follow=false`: NDJSON
  `{"result":{...}}` lines ending with `last: true`; Kubernetes' refusal (no previous container)
  arrives as a content line with an empty podName, as Argo CD passes it on.

    handle(server, req, segs) -> Response | None   (None: not one of these paths)
"""

from __future__ import annotations

import json

from .argo_objects import ARGO_NS
from .https_server import Request, Response
from .kube_objects import TRACKING
from .kube_types import CATALOG, by_kind, by_plural
from .patch import merge_patch
from .sim_common import update

APPLICATIONS = by_plural("argoproj.io", "applications")
EVENTS = by_plural("", "events")
_HIDDEN = {"Secret", "Event"}     # never in a tree the tool reads; Secrets are masked anyway


def _group_version(obj: dict) -> tuple[str, str]:
    api = obj.get("apiVersion", "v1")
    return tuple(api.split("/", 1)) if "/" in api else ("", api)


def _live_objects(store, namespace: str) -> list[dict]:
    out = []
    for rtype in CATALOG:
        if rtype.namespaced and rtype.kind not in _HIDDEN:
            out += store.list(rtype, namespace)
    return out


def _ready(obj: dict) -> tuple[bool, str]:
    for cond in obj.get("status", {}).get("conditions", []):
        if cond.get("type") == "Ready":
            return cond.get("status") == "True", cond.get("message", "")
    return False, ""


def _pod_health(pod: dict) -> dict:
    """gitops-engine health_pod.go, the parts the world's pods exercise."""
    status = pod.get("status", {})
    statuses = status.get("containerStatuses", [])
    if pod["spec"].get("restartPolicy", "Always") == "Always":
        for c in statuses:
            waiting = c.get("state", {}).get("waiting")
            reason = (waiting or {}).get("reason", "")
            if waiting and (reason.startswith("Err") or reason.endswith("Error")
                            or reason.endswith("BackOff")):
                return {"status": "Degraded", "message": waiting.get("message", "")}
    phase = status.get("phase")
    if phase == "Succeeded":
        return {"status": "Healthy", "message": status.get("message", "")}
    if phase == "Failed":
        return {"status": "Degraded", "message": status.get("message", "")}
    if phase == "Running" and statuses and all(c.get("ready") for c in statuses):
        return {"status": "Healthy"}
    return {"status": "Progressing", "message": status.get("message", "")}


def _health(obj: dict) -> dict | None:
    kind, status = obj["kind"], obj.get("status", {})
    if kind == "Pod":
        return _pod_health(obj)
    if kind in ("Deployment", "StatefulSet", "ReplicaSet"):
        want = obj.get("spec", {}).get("replicas", 1)
        ready = status.get("availableReplicas" if kind == "Deployment" else "readyReplicas", 0)
        updated = status.get("updatedReplicas", ready) if kind == "Deployment" else ready
        return {"status": "Healthy"} if ready >= want and updated >= want else \
            {"status": "Progressing", "message": "Waiting for rollout to finish"}
    if kind == "Job":
        for cond in status.get("conditions", []):
            if cond.get("type") == "Failed" and cond.get("status") == "True":
                return {"status": "Degraded", "message": cond.get("message", "")}
            if cond.get("type") == "Complete" and cond.get("status") == "True":
                return {"status": "Healthy"}
        return {"status": "Progressing"}
    if kind == "ExternalSecret":
        ready, message = _ready(obj)
        return {"status": "Healthy", "message": message} if ready else \
            {"status": "Degraded" if message else "Progressing",
             "message": message or "Waiting for ExternalSecret"}
    if kind == "HTTPRoute":
        parents = status.get("parents", [])
        if not parents:
            return {"status": "Progressing", "message": "Waiting for HTTPRoute status"}
        for parent in parents:
            for cond in parent.get("conditions", []):
                if cond.get("type") in ("Accepted", "ResolvedRefs") and \
                        cond.get("status") == "False":
                    name = parent.get("parentRef", {}).get("name", "")
                    return {"status": "Degraded",
                            "message": f"Parent {name}: {cond.get('message', '')}"}
        return {"status": "Healthy", "message": "HTTPRoute is healthy"}
    if kind == "Service":
        return {"status": "Healthy"}
    return None   # ConfigMap, ServiceAccount, ResourceQuota, ...: no health check


def _pod_info(pod: dict) -> list[dict]:
    status = pod.get("status", {})
    statuses = status.get("containerStatuses", [])
    reason = status.get("reason") or status.get("phase", "")
    if status.get("phase") == "Succeeded":
        reason = "Completed"
    for c in statuses:
        state = c.get("state", {})
        if "waiting" in state and state["waiting"].get("reason"):
            reason = state["waiting"]["reason"]
    info = [{"name": "Status Reason", "value": reason},
            {"name": "Containers", "value": f"{sum(1 for c in statuses if c.get('ready'))}/"
                                            f"{len(pod['spec'].get('containers', []))}"}]
    restarts = sum(c.get("restartCount", 0) for c in statuses)
    if restarts:
        info.append({"name": "Restart Count", "value": str(restarts)})
    return info


def _node(obj: dict) -> dict:
    group, version = _group_version(obj)
    meta = obj["metadata"]
    node = {"version": version, "kind": obj["kind"], "namespace": meta.get("namespace", ""),
            "name": meta["name"], "uid": meta["uid"],
            "resourceVersion": meta.get("resourceVersion", "1"),
            "createdAt": meta.get("creationTimestamp", "")}
    if group:
        node["group"] = group
    refs = []
    for ref in meta.get("ownerReferences", []):
        ref_group = ref["apiVersion"].split("/", 1)[0] if "/" in ref["apiVersion"] else ""
        refs.append({"group": ref_group, "kind": ref["kind"], "namespace": node["namespace"],
                     "name": ref["name"], "uid": ref["uid"]})
    if refs:
        node["parentRefs"] = refs
    health = _health(obj)
    if health is not None:
        node["health"] = health
    if obj["kind"] == "Pod":
        node["info"] = _pod_info(obj)
        node["images"] = [c["image"] for c in obj["spec"].get("initContainers", []) +
                          obj["spec"].get("containers", [])]
    return node


def tree_of(server, app: dict) -> dict:
    """The ApplicationTree of `app`: its tracked objects, their children, and Missing nodes."""
    name = app["metadata"]["name"]
    namespace = app["spec"].get("destination", {}).get("namespace", "")
    # Without a destination namespace, Argo CD applies each manifest where it says: look anywhere.
    live = _live_objects(server.workload.store, namespace or None) if namespace != ARGO_NS else []
    tracked = [o for o in live if o["metadata"].get("annotations", {}).get(TRACKING, "")
               .startswith(name + ":")]
    nodes, uids = [], set()
    frontier = tracked
    while frontier:     # children by ownerReferences, breadth first
        for obj in frontier:
            uids.add(obj["metadata"]["uid"])
            nodes.append(_node(obj))
        frontier = [o for o in live if o["metadata"]["uid"] not in uids and any(
            ref.get("uid") in uids for ref in o["metadata"].get("ownerReferences", []))]
    present = {(n["kind"], n["name"]) for n in nodes}
    for res in app.get("status", {}).get("resources", []):
        if (not namespace or res.get("namespace") == namespace) and \
                (res["kind"], res["name"]) not in present:
            node = {"version": res.get("version", "v1"), "kind": res["kind"],
                    "namespace": res.get("namespace", namespace), "name": res["name"], "health": {"status": "Missing"}}
            if res.get("group"):
                node["group"] = res["group"]
            nodes.append(node)
    return {"nodes": nodes, "hosts": []}


def _app(server, req: Request, name: str):
    return server.argo.store.get(APPLICATIONS, req.param("appNamespace") or ARGO_NS, name)


def _in_tree(server, app: dict, kind: str, group: str, namespace: str, name: str) -> dict | None:
    for node in tree_of(server, app)["nodes"]:
        if (node["kind"], node.get("group", ""), node["namespace"], node["name"]) == \
                (kind, group, namespace, name) and node.get("uid"):
            return node
    return None


def handle(server, req: Request, segs: list[str], error) -> Response | None:
    if len(segs) != 5 or segs[:3] != ["api", "v1", "applications"]:
        return None
    if req.method == "POST" and segs[4] == "resource":
        return _patch_resource(server, req, segs[3], error)
    if req.method != "GET":
        return None
    what = segs[4]
    if what not in ("resource-tree", "resource", "events", "logs"):
        return None
    app = _app(server, req, segs[3])
    if app is None:
        return error(403, "permission denied")      # missing and forbidden look alike
    if what == "resource-tree":
        return Response.json(200, tree_of(server, app))
    if what == "resource":
        kind, group = req.param("kind", ""), req.param("group", "")
        namespace, name = req.param("namespace", ""), req.param("resourceName", "")
        if not req.param("version") or not kind:
            return error(400, "version and kind are required")
        node = _in_tree(server, app, kind, group, namespace, name)
        rtype = by_kind(group, kind)
        live = server.workload.store.get(rtype, namespace, name) if node and rtype else None
        if live is None:
            return error(400, f"{kind} {group} {name} not found as part of application "
                              f"{segs[3]}")
        return Response.json(200, {"manifest": json.dumps(live)})
    if what == "logs":
        return _logs(server, req, app)
    return _events(server, req, app, segs[3], error)


def _events(server, req: Request, app: dict, app_name: str, error) -> Response:
    """ListResourceEvents (server/application/application.go): with neither name nor uid, the
    Application's own events (none in this world); else uid, name and namespace must match a
    node of the tree (400 otherwise), and the answer is the destination's EventList for one
    `involvedObject` field selector, any type. As the gRPC gateway passes it on: no kind or
    apiVersion on the list or its items, and `items: null` when there are none (an empty
    repeated field comes back from protobuf as nil)."""
    namespace, name = req.param("resourceNamespace", ""), req.param("resourceName", "")
    uid = req.param("resourceUID", "")
    if not name and not uid:
        return Response.json(200, {"metadata": {}, "items": None})
    if not any(n.get("uid") == uid and n["name"] == name and n["namespace"] == namespace
               for n in tree_of(server, app)["nodes"]):
        return error(400, f"{name} not found as part of application {app_name}")
    items = []
    for event in server.workload.store.list(EVENTS, namespace):
        involved = event.get("involvedObject", {})
        if (involved.get("name"), involved.get("uid"), involved.get("namespace")) == \
                (name, uid, namespace):
            item = {k: v for k, v in event.items() if k not in ("kind", "apiVersion")}
            items.append(item)
    return Response.json(200, {"metadata": {"resourceVersion": "1"}, "items": items or None})


def _patch_resource(server, req: Request, app_name: str, error) -> Response:
    """PatchResource (server/application/application.go): only an object of the Application's
    tree; the body is the patch as a JSON string; the answer the patched live object."""
    app = _app(server, req, app_name)
    if app is None:
        return error(403, "permission denied")
    kind, group = req.param("kind", ""), req.param("group", "")
    namespace, name = req.param("namespace", ""), req.param("resourceName", "")
    if not req.param("version") or not kind:
        return error(400, "version and kind are required")
    if req.param("patchType") != "application/merge-patch+json":
        return error(400, f"unsupported patch type {req.param('patchType')!r} in this world")
    try:
        patch = json.loads(req.json())
    except (TypeError, ValueError):
        return error(400, "the body must be the patch as a JSON string")
    rtype = by_kind(group, kind)
    if _in_tree(server, app, kind, group, namespace, name) is None or rtype is None or \
            server.workload.store.get(rtype, namespace, name) is None:
        return error(400, f"{kind} {group} {name} not found as part of application {app_name}")
    server.patched.append({"app": app_name, "kind": kind, "name": name, "patch": patch})
    def apply(obj: dict) -> None:
        merged = merge_patch(obj, patch)
        obj.clear()
        obj.update(merged)

    live = update(server.workload.store, rtype, namespace, name, apply)
    return Response.json(200, {"manifest": json.dumps(live)})


def _log_line(content: str, pod: str, last: bool = False) -> str:
    stamp = "0001-01-01T00:00:00Z" if not pod else "2026-01-01T00:00:00Z"
    return json.dumps({"result": {"content": content, "timeStamp": stamp, "last": last,
                                  "timeStampStr": stamp, "podName": pod}}) + "\n"


def _logs(server, req: Request, app: dict) -> Response:
    namespace, pod, container = (req.param("namespace", ""), req.param("podName", ""),
                                 req.param("container", ""))
    if _in_tree(server, app, "Pod", "", namespace, pod) is None:
        return Response.text(200, _log_line("", "", last=True),
                             content_type="application/json")
    log = server.workload.store.get_log(namespace, pod, container)
    text = log.previous if req.param("previous") == "true" else log.current
    if text is None:
        body = _log_line(f'previous terminated container "{container}" in pod "{pod}" not '
                         "found", "")
    else:
        lines = text.splitlines()
        tail = int(req.param("tailLines") or 0)
        body = "".join(_log_line(line, pod) for line in (lines[-tail:] if tail else lines))
    return Response.text(200, body + _log_line("", "", last=True),
                         content_type="application/json")
