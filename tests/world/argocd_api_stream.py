"""Argo CD's application stream, `GET /api/v1/stream/applications` (server/application
application.go `Watch`, served through grpc-gateway v1 and argoproj/pkg's stream forwarder):

- one `{"result":{"type":"ADDED|MODIFIED|DELETED","application":{...}}}` line per event,
  chunked, `Content-Type: application/json`, no keepalive; the server never ends it
- query `selector`, `name`, `appNamespace` (only with `name`), `resourceVersion`: events about
  Applications older than it are dropped; the current state is replayed as ADDED first when no
  resourceVersion is given or when the stream is by `name`
- a message identical to the one sent before for that Application is suppressed

Over the same store and WatchHub as the Argo CD cluster's Kubernetes view, so every change the
simulated controllers make is a MODIFIED event here too.

    w.argocd_api.stream.refuse = 403    # answer the stream 403/404/501 (RBAC, an old server, a
                                        # proxy that does not pass it); None serves it
    w.argocd_api.stream.opened          # streams served
"""

from __future__ import annotations

import json

from . import argo_objects as argo
from . import kube_types
from .https_server import Request, Response
from .kube_types import by_plural
from .selectors import SelectorError, matches_labels, parse_label_selector

APPLICATIONS = by_plural("argoproj.io", "applications")
LIFETIME = 3600   # the real server never ends a stream; the world's end with the server


_GRPC = {400: (3, "Bad Request"), 401: (16, "Unauthorized"), 403: (7, "Forbidden"),
         501: (12, "Not Implemented")}


def _stream_error(status: int, message: str) -> Response:
    """grpc-gateway's answer when the stream fails before its first message: the status, and
    the error as the stream's only chunk."""
    code, text = _GRPC.get(status, (2, "Internal Server Error"))
    return Response.json(status, {"error": {"grpc_code": code, "http_code": status,
                                            "message": message, "http_status": text}})


class ApplicationStream:
    def __init__(self, api) -> None:
        self.api = api
        self.refuse: int | None = None
        self.opened = 0

    def handle(self, req: Request) -> Response:
        if self.refuse == 404:
            return Response.text(404, "Not Found\n")   # a proxy or a server without the route
        if self.refuse is not None:
            return _stream_error(self.refuse, "permission denied" if self.refuse == 403 else
                                 "method Watch not implemented")
        try:
            selector = parse_label_selector(req.param("selector"))
        except SelectorError as err:
            return _stream_error(400, f"error parsing labels with selectors: {err}")
        name = req.param("name") or ""
        namespace = req.param("appNamespace") or argo.ARGO_NS
        try:
            min_version = int(req.param("resourceVersion") or 0)
        except ValueError:
            min_version = 0

        def permitted(app: dict) -> bool:
            meta = app["metadata"]
            if int(meta.get("resourceVersion") or 0) < min_version:
                return False
            if name and (meta["name"] != name or meta.get("namespace") != namespace):
                return False
            return matches_labels(selector, meta.get("labels"))

        hub = self.api.argo.watches

        def is_app(obj: dict) -> bool:
            rtype = kube_types.for_object(obj)
            return (rtype.group, rtype.plural) == ("argoproj.io", "applications")

        # Subscribed before the replay is listed, as Argo CD does: a change in between is sent
        # twice (the forwarder's duplicate check drops the second copy), never lost.
        live = hub.stream(None, is_app, lambda obj: obj, LIFETIME, False, "Application",
                          "argoproj.io/v1alpha1", self.api.argo.http._stopping)
        replay = []
        if not req.param("resourceVersion") or name:
            apps = self.api.argo.store.list(APPLICATIONS, None)
            replay = sorted((a for a in apps if permitted(a)),
                            key=lambda a: (a["metadata"].get("namespace", ""),
                                           a["metadata"]["name"]))
        self.opened += 1
        sent: dict[str, bytes] = {}

        def send(write, kind: str, app: dict) -> None:
            if not permitted(app):
                return
            line = json.dumps({"result": {"type": kind,
                                          "application": self.api._listed(app)}},
                              separators=(",", ":")).encode() + b"\n"
            key = app["metadata"]["name"]
            if sent.get(key) == line:
                return
            sent[key] = line
            write(line)

        def body(write) -> None:
            for app in replay:
                send(write, "ADDED", app)

            def relay(data: bytes) -> None:
                event = json.loads(data)
                if event.get("type") in ("ADDED", "MODIFIED", "DELETED"):
                    send(write, event["type"], event["object"])
            live(relay)

        return Response(200, b"", [("Content-Type", "application/json")], stream=body)
