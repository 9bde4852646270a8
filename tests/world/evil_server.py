"""A server on another origin that keeps whatever credentials reach it.

It listens on https://localhost:P: another host and port than every other world server (their
URLs say 127.0.0.1), with a certificate the world CA signed for it, so a client that sends it a
request gets through TLS and the request is recorded with its headers. It answers 401 to
everything, so a token flow that would retry with credentials does so:

    w.evil.authorizations()   # every Authorization header it received (None = anonymous)
    w.evil.requests()         # the Recorded requests
"""

from __future__ import annotations

from .https_server import HttpsServer, Request, Response, ServedOverHttps
from .tls import Certificates


class EvilServer(ServedOverHttps):
    name = "evil"

    def __init__(self, certs: Certificates):
        self.http = HttpsServer(self, certs)

    @property
    def host(self) -> str:
        return f"localhost:{self.port}"

    @property
    def url(self) -> str:
        return f"https://localhost:{self.port}"

    def handle(self, req: Request) -> Response:
        return Response.json(401, {"message": "Bad credentials"},
                             [("WWW-Authenticate", 'Basic realm="evil"')])

    def requests(self):
        return self.recorder.requests()

    def authorizations(self) -> list[str | None]:
        return [r.headers.get("Authorization") for r in self.recorder.requests()]
