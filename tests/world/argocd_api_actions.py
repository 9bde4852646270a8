"""What the Argo CD API server and the ApplicationSet controller's webhook do for `preview`'s
actions without Kubernetes (design §8, shared/reference/argocd-api.md §1.2, §4):

- `POST /api/v1/applications/{name}/sync` sets the Application's `operation` (the world's sync
  controller then runs it, as Argo CD's application controller does); a missing Application is
  403 `permission denied`, an operation already set 400 `another operation is already in
  progress`, a revision other than spec.source.targetRevision on an Application with automated
  sync 400 `Cannot sync to X: auto-sync currently set to Y`
- `GET /api/v1/applications/{name}?refresh=normal|hard` sets `argocd.argoproj.io/refresh` and
  answers once it is gone (the controller reconciled), or 500 `application refresh deadline
  exceeded` after `Grpc-Timeout` (bounded by `refresh_wait_s`)
- the ApplicationSet controller's `/api/webhook` (served here under WEBHOOK_PATH; the real one is
  the controller's own port) as go-playground/webhooks and applicationset/webhook read a GitHub
  event: `X-GitHub-Event`, `X-Hub-Signature-256` when `webhook_secret` is set, the allowed
  `pull_request` actions, repository owner/name against the generator; a match sets the
  ApplicationSet's refresh annotation (the world's ApplicationSet controller then polls)

    w.argocd_api.actions.webhook_secret = "s3cret"
    w.argocd_api.actions.webhook_url      # for argocd.appsetWebhook
    w.argocd_api.actions.events           # the events it took, parsed
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from . import argo_objects as argo
from .https_server import Request, Response
from .sim_common import APPLICATIONS, APPSETS, REFRESH_ANNOTATION, annotations, update

if TYPE_CHECKING:
    from .argocd_api_server import ArgocdApiServer

WEBHOOK_PATH = "/api/applicationset-webhook"
APP_REFRESH = "argocd.argoproj.io/refresh"
# applicationset/webhook/webhook.go githubAllowedPullRequestActions
ALLOWED_ACTIONS = ("opened", "closed", "synchronize", "labeled", "reopened", "unlabeled")


def _failed(status: int, why: str) -> Response:
    return Response.text(status, f"Webhook processing failed: {why}\n")


class ApiActions:
    def __init__(self, server: "ArgocdApiServer"):
        self.server = server
        self.webhook_secret: str | None = None   # webhook.github.secret; None: nothing verified
        self.events: list[dict] = []             # events that matched and refreshed the AppSet
        self.refresh_wait_s = 3.0                # the longest a refresh GET blocks here

    @property
    def webhook_url(self) -> str:
        return self.server.url + WEBHOOK_PATH

    # -- dispatch (from ArgocdApiServer.handle) -----------------------------------------------

    def before_auth(self, req: Request) -> Response | None:
        """The webhook: no bearer token, its own signature."""
        return self._webhook(req) if req.path == WEBHOOK_PATH else None

    def handle(self, req: Request, error) -> Response | None:
        segs = req.segments
        if segs[:3] != ["api", "v1", "applications"] or len(segs) < 4:
            return None
        if req.method == "POST" and len(segs) == 5 and segs[4] == "sync":
            return self._sync(req, segs[3], error)
        if req.method == "GET" and len(segs) == 4 and req.param("refresh"):
            return self._refresh(req, segs[3], error)
        return None

    # -- sync and refresh ---------------------------------------------------------------------

    def _namespace(self, req: Request, body: dict | None = None) -> str:
        return (body or {}).get("appNamespace") or req.param("appNamespace") or argo.ARGO_NS

    def _sync(self, req: Request, name: str, error) -> Response:
        try:
            body = req.json()
        except ValueError:
            return error(400, "invalid request body")
        store = self.server.argo.store
        ns = self._namespace(req, body)
        app = store.get(APPLICATIONS, ns, name)
        if app is None:
            return error(403, "permission denied")
        if app.get("operation"):
            return error(400, "another operation is already in progress")
        revision = body.get("revision") or ""
        target = app["spec"].get("source", {}).get("targetRevision", "")
        if revision and revision != (target or "HEAD") and \
                (app["spec"].get("syncPolicy") or {}).get("automated", {"enabled": False}) \
                .get("enabled", True) is not False and \
                not body.get("dryRun"):
            # server/application/application.go resolveRevision (FailedPrecondition: 400)
            return error(400, f"Cannot sync to {revision}: auto-sync currently set to {target}")
        operation = {"initiatedBy": {"username": req.identity},
                     "sync": {"revision": revision or
                              app["status"]["sync"].get("revision", ""),
                              "prune": bool(body.get("prune"))}}
        return Response.json(200, update(store, APPLICATIONS, ns, name,
                                         lambda obj: obj.__setitem__("operation", operation)))

    def _refresh(self, req: Request, name: str, error) -> Response:
        store = self.server.argo.store
        ns = self._namespace(req)
        kind = "hard" if req.param("refresh") == "hard" else "normal"

        def mark(obj: dict) -> None:
            obj["metadata"].setdefault("annotations", {})[APP_REFRESH] = kind
        if update(store, APPLICATIONS, ns, name, mark) is None:
            return error(403, "permission denied")
        deadline = time.monotonic() + min(self.refresh_wait_s, _grpc_timeout(req))
        while APP_REFRESH in annotations(store.get(APPLICATIONS, ns, name)):
            if time.monotonic() > deadline:
                return error(500, "application refresh deadline exceeded")
            time.sleep(0.02)
        req.query.pop("refresh", None)
        return self.server._get_app(req, name)   # package-internal: the same answer as a GET

    # -- the ApplicationSet controller's webhook ----------------------------------------------

    def _webhook(self, req: Request) -> Response:
        if req.method != "POST":
            return _failed(405, "invalid HTTP Method")
        event = req.headers.get("x-github-event")
        if not event:
            return Response.text(400, "Unknown webhook event\n")
        if event not in ("push", "pull_request", "ping"):
            return _failed(400, "event not defined to be parsed")
        if self.webhook_secret:
            signature = req.headers.get("x-hub-signature-256", "")
            if not signature:
                return _failed(400, "missing X-Hub-Signature-256 Header")
            want = hmac.new(self.webhook_secret.encode(), req.body, hashlib.sha256).hexdigest()
            if not hmac.compare_digest(signature.removeprefix("sha256="), want):
                return _failed(400, "HMAC verification failed")
        try:
            payload = json.loads(req.body)
        except ValueError as err:
            return _failed(400, str(err))
        if event == "pull_request" and payload.get("action") in ALLOWED_ACTIONS:
            self._refresh_matching(payload)
        return Response(200)

    def _refresh_matching(self, payload: dict) -> None:
        repo = payload.get("repository") or {}
        owner = (repo.get("owner") or {}).get("login", "")
        api_host = urlsplit(repo.get("url", "")).hostname or ""
        store = self.server.argo.store
        for appset in store.list(APPSETS, argo.ARGO_NS):
            if any(_matches(gen, owner, repo.get("name", ""), api_host)
                   for gen in _pull_request_generators(appset["spec"].get("generators", []))):
                self.events.append(payload)
                update(store, APPSETS, argo.ARGO_NS, appset["metadata"]["name"],
                       lambda obj: obj["metadata"].setdefault("annotations", {}).__setitem__(
                           REFRESH_ANNOTATION, "true"))


def _grpc_timeout(req: Request) -> float:
    value = req.headers.get("grpc-timeout", "")
    units = {"H": 3600, "M": 60, "S": 1, "m": 1e-3, "u": 1e-6, "n": 1e-9}
    if value[:-1].isdigit() and value[-1:] in units:
        return int(value[:-1]) * units[value[-1]]
    return float("inf")


def _pull_request_generators(generators: list[dict]):
    for gen in generators:
        if "pullRequest" in gen:
            yield gen["pullRequest"]
        for nested in ("matrix", "merge"):
            yield from _pull_request_generators(gen.get(nested, {}).get("generators", []))


def _matches(gen: dict, owner: str, name: str, api_host: str) -> bool:
    github = gen.get("github")
    if not github or github.get("owner", "").lower() != owner.lower() or \
            github.get("repo", "").lower() != name.lower():
        return False
    # The world's GitHub (on 127.0.0.1) stands in for the generator's default api.github.com.
    api = github.get("api") or "https://api.github.com/"
    return api_host in (urlsplit(api).hostname, "127.0.0.1")
