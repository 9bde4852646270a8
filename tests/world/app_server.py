"""The preview URL host: https://127.0.0.1:<port>/pr-<n>/health, as core-catcher answers it.

Each PR's health behaviour is configurable: "healthy" (200 with core-catcher's real body),
an HTTP status the gateway returns instead (503 `no healthy upstream` from Envoy, 500 for a
route whose backend does not resolve), or "drop" (reset the connection). A PR without a route
gets the gateway's empty 404.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from . import clock
from .https_server import HttpsServer, ServedOverHttps, Request, ResetConnection, Response
from .smoke_app import SmokeApp
from .tls import Certificates

_PATH = re.compile(r"^/pr-(\d+)(/.*)?$")
# The real preview hosts (cc-pr-12.<domain>, omni-pr-12.<domain>, ...), reached through the proxy.
_HOST = re.compile(r"^[a-z0-9-]*pr-(\d+)\.homerun2-dev\.sthings-vsphere\.labul\.sva\.de(:\d+)?$")
_GATEWAY_TEXT = {503: "no healthy upstream", 500: "", 502: "upstream connect error or "
                 "disconnect/reset before headers. reset reason: connection termination"}


@dataclass
class Health:
    mode: str | int = "healthy"      # "healthy" | "drop" | an HTTP status
    version: str = ""
    commit: str = ""
    date: str = ""
    body: str | None = None          # the gateway's text for a status mode (default: Envoy's)


class AppServer(ServedOverHttps):
    name = "app"

    def __init__(self, certs: Certificates):
        self._lock = threading.Lock()
        self._health: dict[int, Health] = {}
        self.http = HttpsServer(self, certs)
        self.smoke = SmokeApp()          # the pitcher and catcher behind each PR's URL

    def set_health(self, number: int, health: Health | None) -> None:
        """None removes the route (the gateway then answers 404)."""
        with self._lock:
            if health is None:
                self._health.pop(number, None)
            else:
                self._health[number] = health

    def health(self, number: int) -> Health | None:
        with self._lock:
            return self._health.get(number)

    def handle(self, req: Request) -> Response:
        by_host = _HOST.match(req.headers.get("Host", ""))
        match = _PATH.match(f"/pr-{by_host[1]}{req.path}" if by_host else req.path)
        health = self.health(int(match[1])) if match else None
        if health is None:
            return Response(404, b"", [("Content-Type", "text/plain")])
        if health.mode == "drop":
            raise ResetConnection()
        if health.mode != "healthy":
            code = int(health.mode)
            text = _GATEWAY_TEXT.get(code, "") if health.body is None else health.body
            return Response.text(code, text, content_type="text/plain")
        if (answer := self.smoke.handle(int(match[1]), match[2] or "", req)) is not None:
            return answer
        if match[2] in ("/health", "/health/"):
            return Response.json(200, {"status": "healthy", "time": clock.stamp(clock.now()),
                                       "version": health.version, "commit": health.commit,
                                       "date": health.date})
        if match[2] in (None, "/"):
            return Response.text(200, "<!doctype html><title>homerun2 core-catcher</title>",
                                 content_type="text/html; charset=utf-8")
        return Response.text(404, "404 page not found\n")
