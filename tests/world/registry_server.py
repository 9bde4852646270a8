"""An OCI distribution registry over HTTPS with ghcr.io's token flow.

    GET /v2/ or /v2/<name>/manifests/<ref> without a valid bearer
        -> 401 + WWW-Authenticate: Bearer realm="https://127.0.0.1:P/token",service=...,scope=...
    GET /token?service=...&scope=repository:<name>:pull
        -> {"token": "..."}; anonymous for public repositories, HTTP Basic (user + PAT) for
           private ones; a Bearer header here is a 401, as on ghcr.io
    HEAD/GET /v2/<name>/manifests/<tag|digest> with the token
        -> 200 + Docker-Content-Digest + OCI index media type, or 404 MANIFEST_UNKNOWN
    GET /v2/<name>/tags/list
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import secrets
import threading
from dataclasses import dataclass, field

from .https_server import HttpsServer, ServedOverHttps, Request, Response
from .tls import Certificates

INDEX_TYPE = "application/vnd.oci.image.index.v1+json"
MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json"
_PATH = re.compile(r"^/v2/(?P<name>.+)/(?P<kind>manifests|tags)/(?P<ref>[^/]+)$")


@dataclass
class Repository:
    public: bool = True
    tags: set[str] = field(default_factory=set)


def _errors(code: str, message: str) -> dict:
    return {"errors": [{"code": code, "message": message, "detail": None}]}


def manifest_body(name: str, tag: str) -> bytes:
    """A small, stable OCI image index for name:tag (its sha256 is the digest)."""
    def platform_manifest(arch: str) -> dict:
        digest = hashlib.sha256(f"{name}:{tag}:{arch}".encode()).hexdigest()
        return {"mediaType": MANIFEST_TYPE, "digest": f"sha256:{digest}", "size": 1042,
                "platform": {"architecture": arch, "os": "linux"}}

    index = {"schemaVersion": 2, "mediaType": INDEX_TYPE,
             "manifests": [platform_manifest("amd64"), platform_manifest("arm64")]}
    return json.dumps(index, separators=(",", ":")).encode()


class RegistryServer(ServedOverHttps):
    name = "registry"

    def __init__(self, certs: Certificates):
        self.repositories: dict[str, Repository] = {}
        self.credentials: dict[str, str] = {}       # user -> password (PAT)
        self._tokens: dict[str, set[str]] = {}      # token -> repositories it may pull
        self._lock = threading.Lock()
        self.realm: str | None = None                # token realm to announce; None = our own
        self.http = HttpsServer(self, certs)

    # -- setup and lifecycle ------------------------------------------------------------------

    def repository(self, name: str) -> Repository:
        with self._lock:
            return self.repositories.setdefault(name, Repository())

    def add_tag(self, name: str, *tags: str) -> None:
        repo = self.repository(name)
        with self._lock:
            repo.tags.update(tags)

    def remove_tag(self, name: str, *tags: str) -> None:
        repo = self.repository(name)
        with self._lock:
            repo.tags.difference_update(tags)

    def tags(self, name: str) -> set[str]:
        with self._lock:
            repo = self.repositories.get(name)
            return set(repo.tags) if repo else set()

    def set_private(self, name: str, private: bool = True) -> None:
        self.repository(name).public = not private

    def add_credentials(self, user: str, password: str) -> None:
        self.credentials[user] = password

    def digest(self, name: str, tag: str) -> str:
        return "sha256:" + hashlib.sha256(manifest_body(name, tag)).hexdigest()

    # -- HTTP ---------------------------------------------------------------------------------

    def handle(self, req: Request) -> Response:
        path = req.path
        if path == "/token" and req.method == "GET":
            return self._token(req)
        if path in ("/v2", "/v2/"):
            if self._bearer(req) is None:
                return self._challenge(None)
            return Response.json(200, {})
        match = _PATH.match(path)
        if not match or req.method not in ("GET", "HEAD"):
            return Response.json(404, _errors("NOT_FOUND", "not found"))
        name, kind, ref = match["name"], match["kind"], match["ref"]
        allowed = self._bearer(req)
        if allowed is None or name not in allowed:
            return self._challenge(name)
        known = name in self.repositories
        tags = self.tags(name)
        if kind == "tags":
            if not known or ref != "list":
                return Response.json(404, _errors("NAME_UNKNOWN", "repository name not known "
                                                                  "to registry"))
            return Response.json(200, {"name": name, "tags": sorted(tags)})
        tag = self._resolve(name, tags, ref)
        if tag is None:
            body = b"" if req.method == "HEAD" else json.dumps(
                _errors("MANIFEST_UNKNOWN", "manifest unknown")).encode()
            return Response(404, body, [("Content-Type", "application/json")])
        body = manifest_body(name, tag)
        return Response(200, body, [("Content-Type", INDEX_TYPE),
                                    ("Docker-Content-Digest", self.digest(name, tag)),
                                    ("Docker-Distribution-API-Version", "registry/2.0")])

    def _resolve(self, name: str, tags: set[str], ref: str) -> str | None:
        if ref.startswith("sha256:"):
            return next((t for t in tags if self.digest(name, t) == ref), None)
        return ref if ref in tags else None

    def _challenge(self, name: str | None) -> Response:
        value = f'Bearer realm="{self.realm or self.url + "/token"}",service="{self.host}"'
        if name:
            value += f',scope="repository:{name}:pull"'
        return Response.json(401, _errors("UNAUTHORIZED", "authentication required"),
                             [("WWW-Authenticate", value),
                              ("Docker-Distribution-API-Version", "registry/2.0")])

    def _bearer(self, req: Request) -> set[str] | None:
        scheme, _, token = (req.headers.get("authorization") or "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        with self._lock:
            return self._tokens.get(token.strip())

    def _token(self, req: Request) -> Response:
        scheme, _, credentials = (req.headers.get("authorization") or "").partition(" ")
        user = None
        if scheme:
            if scheme.lower() != "basic":
                return Response.json(401, _errors("UNAUTHORIZED", "authentication required"))
            try:
                user, _, password = base64.b64decode(credentials).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                user, password = None, None
            if user is None or self.credentials.get(user) != password:
                return Response.json(401, _errors("UNAUTHORIZED", "authentication required"))
            req.identity = user
        granted = set()
        for scope in req.query.get("scope", []):
            kind, _, rest = scope.partition(":")
            name, _, actions = rest.rpartition(":")
            repo = self.repositories.get(name)
            if kind != "repository" or "pull" not in actions.split(","):
                continue
            if repo is None or (not repo.public and user is None):
                return Response.json(403, _errors("DENIED",
                                                  "requested access to the resource is denied"))
            granted.add(name)
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._tokens[token] = granted
        return Response.json(200, {"token": token})
