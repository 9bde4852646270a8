"""The Argo CD API server (grpc-gateway `/api/v1`, JSON) over the Argo CD cluster's store: the
same Applications and ApplicationSets the world's Kubernetes view holds, as Argo CD 3.x serves
them (shared/reference/argocd-api.md):

- bearer tokens that look like JWTs; none -> 401 `no session information`, an expired one ->
  401 `invalid session: token has invalid claims: token is expired`
- `{"error","code","message"}` error bodies; 404/405/415 in plain text
- a non-GET without `Content-Type: application/json` -> 415 `Invalid content type`
- GET of a missing Application without `project` -> 403 `permission denied` (404 with it)
- List drops per-resource health from `status.resources`; Get fills it in from the live objects
- paths outside `/api/` answer the UI's index.html with 200 (a wrong root path "succeeds")
- the application stream (`/api/v1/stream/applications`, argocd_api_stream.py), `w.argocd_api.stream`

    w.argocd_api.url, w.argocd_api.token, w.argocd_api.expired_token
"""

from __future__ import annotations

import copy

from . import argo_objects as argo
from . import argocd_api_tree
from .argocd_api_actions import ApiActions
from .argocd_api_stream import ApplicationStream
from .https_server import HttpsServer, Request, Response, ServedOverHttps
from .kube_server import KubeServer
from .kube_types import by_plural
from .selectors import SelectorError, matches_labels, parse_label_selector
from .tls import Certificates

APPLICATIONS = by_plural("argoproj.io", "applications")
APPSETS = by_plural("argoproj.io", "applicationsets")
VERSION = "v3.1.8+becb020"
# Argo CD accepts a bearer value only if it has the three parts of a JWT.
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwcmV2aWV3LWRldiIsImlzcyI6ImFyZ29jZCJ9.c2lnLXZhbGlk"
EXPIRED_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwcmV2aWV3LWRldiIsImV4cCI6MX0.c2lnLW9sZA"
_GRPC = {401: 16, 403: 7, 404: 5, 400: 3, 500: 2}
_INDEX = "<!doctype html><html><head><title>Argo CD</title></head><body></body></html>"


def _error(status: int, message: str) -> Response:
    return Response.json(status, {"error": message, "code": _GRPC.get(status, 2),
                                  "message": message})


class ArgocdApiServer(ServedOverHttps):
    name = "argocd_api"

    def __init__(self, certs: Certificates, argo_cluster: KubeServer, workload: KubeServer):
        self.argo = argo_cluster
        self.workload = workload
        self.token = TOKEN
        self.expired_token = EXPIRED_TOKEN
        self.http = HttpsServer(self, certs)
        self.actions = ApiActions(self)    # sync, refresh and the ApplicationSet webhook
        self.stream = ApplicationStream(self)   # /api/v1/stream/applications
        self.patched: list[dict] = []   # resource patches taken: {app, kind, name, patch}

    # -- HTTP entry point ---------------------------------------------------------------------

    def handle(self, req: Request) -> Response:
        if (webhook := self.actions.before_auth(req)) is not None:
            return webhook
        if not req.path.startswith("/api/"):
            return Response.text(200, _INDEX, content_type="text/html; charset=utf-8")
        if req.method != "GET" and not req.headers.get("content-type", "").startswith(
                "application/json"):
            return Response.text(415, "Invalid content type\n")
        if req.path == "/api/version":
            return Response.json(200, {"Version": VERSION})
        bearer = req.headers.get("authorization", "")
        token = bearer[len("Bearer "):] if bearer.startswith("Bearer ") else ""
        if token.count(".") != 2:
            return _error(401, "no session information")
        if token == self.expired_token:
            return _error(401, "invalid session: token has invalid claims: token is expired")
        if token != self.token:
            return _error(401, "invalid session: token signature is invalid")
        req.identity = "preview-dev"
        segs = req.segments
        if (action := self.actions.handle(req, _error)) is not None:
            return action
        if (tree := argocd_api_tree.handle(self, req, segs, _error)) is not None:
            return tree
        if req.method == "GET" and segs == ["api", "v1", "stream", "applications"]:
            return self.stream.handle(req)
        if req.method == "GET" and segs[:3] == ["api", "v1", "applications"]:
            if len(segs) == 3:
                return self._list(req)
            if len(segs) == 4:
                return self._get_app(req, segs[3])
        if req.method == "GET" and segs[:3] == ["api", "v1", "applicationsets"] and len(segs) == 4:
            return self._get_appset(req, segs[3])
        if req.method == "GET" and segs == ["api", "v1", "applicationsets"]:
            items = self.argo.store.list(APPSETS, self._namespace(req, "appsetNamespace"))
            return Response.json(200, {"metadata": {}, "items": items})
        return Response.text(404, "Not Found\n")

    # -- Applications -------------------------------------------------------------------------

    def _namespace(self, req: Request, key: str) -> str:
        return req.param(key) or argo.ARGO_NS

    def _list(self, req: Request) -> Response:
        try:
            selector = parse_label_selector(req.param("selector"))
        except SelectorError as err:
            return _error(400, f"error parsing selector: {err}")
        name = req.param("name")
        projects = req.query.get("projects", [])
        items = []
        listed, version = self.argo.store.list_at(APPLICATIONS, self._namespace(req, "appNamespace"))
        for app in listed:
            if name and app["metadata"]["name"] != name:
                continue
            if projects and app["spec"].get("project") not in projects:
                continue
            if not matches_labels(selector, app["metadata"].get("labels")):
                continue
            items.append(self._listed(app))
        items.sort(key=lambda a: a["metadata"]["name"])
        return Response.json(200, {"metadata": {"resourceVersion": version}, "items": items})

    def _listed(self, app: dict) -> dict:
        """Argo CD 3.x keeps per-resource health out of the list (2.14-3.0 upgrade notes)."""
        out = copy.deepcopy(app)
        out.pop("apiVersion", None)
        out.pop("kind", None)
        for resource in out.get("status", {}).get("resources", []):
            resource.pop("health", None)
        return out

    def _get_app(self, req: Request, name: str) -> Response:
        app = self.argo.store.get(APPLICATIONS, self._namespace(req, "appNamespace"), name)
        if app is None:
            if req.param("project"):
                return _error(404, f'applications.argoproj.io "{name}" not found')
            return _error(403, "permission denied")   # missing and forbidden look alike
        if req.param("project") and app["spec"].get("project") != req.param("project"):
            return _error(404, f'applications.argoproj.io "{name}" not found')
        out = copy.deepcopy(app)
        for resource in out.get("status", {}).get("resources", []):
            health = self._health(resource)
            if health is None:
                resource.pop("health", None)
            else:
                resource["health"] = health
        return Response.json(200, out)

    def _health(self, resource: dict) -> dict | None:
        """The tree's health of one managed object, from the live object (Get fills it in)."""
        kind, name = resource.get("kind"), resource.get("name")
        if kind == "Application":
            return None   # no built-in health check for Applications since 1.8
        live = self.workload.store.find(kind, name, resource.get("namespace"))
        if live is None:
            return {"status": "Missing"}
        status = live.get("status", {})
        if kind in ("Deployment", "StatefulSet"):
            want = live.get("spec", {}).get("replicas", 1)
            ready = status.get("availableReplicas" if kind == "Deployment" else "readyReplicas", 0)
            return {"status": "Healthy"} if ready >= want else \
                {"status": "Progressing", "message": "Waiting for rollout to finish"}
        if kind == "HTTPRoute":
            for parent in status.get("parents", []):
                for cond in parent.get("conditions", []):
                    if cond.get("type") in ("Accepted", "ResolvedRefs") and \
                            cond.get("status") == "False":
                        return {"status": "Degraded", "message": cond.get("message", "")}
            return {"status": "Healthy", "message": "HTTPRoute is healthy"}
        if kind in ("Service", "Pod", "Job"):
            return {"status": "Healthy"}
        return None   # ConfigMap, Namespace, ...: no health check

    # -- ApplicationSets ----------------------------------------------------------------------

    def _get_appset(self, req: Request, name: str) -> Response:
        appset = self.argo.store.get(APPSETS, self._namespace(req, "appsetNamespace"), name)
        if appset is None:
            return _error(404, f'error getting ApplicationSet: applicationsets.argoproj.io '
                               f'"{name}" not found')
        return Response.json(200, appset)

    # -- files for the binary -----------------------------------------------------------------

    def cli_config(self, token: str | None = None) -> dict:
        """The argocd CLI config `argocd login` writes for this server."""
        return {"current-context": self.host, "prompts-enabled": False,
                "contexts": [{"name": self.host, "server": self.host, "user": self.host}],
                "servers": [{"server": self.host, "grpc-web-root-path": ""}],
                "users": [{"name": self.host, "auth-token": token or self.token}]}
