"""The omni-pitcher / core-catcher pair behind the preview URL, for `preview smoke`.

Served by AppServer under each PR's prefix: `POST /pr-N/pitch` answers as omni-pitcher v1.11.1
does (homerun2.md §4: Bearer token, JSON body with title and message, its real error bodies), and
`GET /pr-N/export?format=json` answers as core-catcher's export (a JSON array, newest first).
A message becomes visible in the export only once the consumer has read it: `lag` more export
polls after the pitch (driven by the client's polls, never by wall time).

    w.smoke.mode[12] = "redis_down"     # 503 Failed to enqueue message
    w.smoke.mode[12] = "consumer_down"  # 200 from the pitcher, never in the export
    w.smoke.lag = 2                     # visible on the third export poll after the pitch
    w.smoke.pitches                     # [(number, headers, body)] as received
"""

from __future__ import annotations

import json
import threading

from . import clock
from .https_server import Request, Response

TOKEN = "world-omni-pitcher-token-7f3a9c"     # the preview's AUTH_TOKEN (its Secret's value)


def _error(status: int, message: str) -> Response:
    return Response.json(status, {"status": "error", "message": message})


class SmokeApp:
    def __init__(self):
        self._lock = threading.Lock()
        self.mode: dict[int, str] = {}          # "healthy" (default) | redis_down | consumer_down
        self.lag = 1
        self.pitches: list[tuple[int, dict, bytes]] = []
        self._stored: dict[int, list[dict]] = {}
        self._pending: dict[int, list[list]] = {}   # [polls left, message]

    def handle(self, number: int, rest: str, req: Request) -> Response | None:
        """The answer for /pr-N<rest>, or None when it is not the pitcher's or the catcher's."""
        if rest == "/pitch":
            return self._pitch(number, req)
        if rest == "/export":
            return self._export(number, req)
        return None

    def _pitch(self, number: int, req: Request) -> Response:
        with self._lock:
            self.pitches.append((number, dict(req.headers), req.body))
        if req.method != "POST":
            return Response.text(405, "Method not allowed\n")
        auth = req.headers.get("Authorization")
        if not auth:
            return _error(401, "Missing authorization header")
        scheme, _, token = auth.partition(" ")
        if scheme != "Bearer" or not token:
            return _error(401, "Invalid authorization header format")
        if token != TOKEN:
            return _error(401, "Invalid token")
        try:
            body = json.loads(req.body)
        except ValueError:
            return _error(400, "Invalid JSON payload")
        if not isinstance(body, dict) or not body.get("title"):
            return _error(400, "Title is required")
        if not body.get("message"):
            return _error(400, "Message is required")
        mode = self.mode.get(number, "healthy")
        if mode == "redis_down":
            return _error(503, "Failed to enqueue message")
        object_id = clock.hexdigest("pitch", number, len(self.pitches))[:12]
        message = {"objectID": object_id, "title": body["title"], "message": body["message"],
                   "severity": body.get("severity", "info"),
                   "author": body.get("author", "unknown"),
                   "timestamp": body.get("timestamp", clock.stamp(clock.now())),
                   "system": body.get("system", "homerun2-omni-pitcher")}
        if mode != "consumer_down":
            with self._lock:
                self._pending.setdefault(number, []).append([self.lag, message])
        return Response.json(200, {"objectId": object_id, "streamId": f"{object_id}-0",
                                   "status": "success",
                                   "message": "Message successfully enqueued"})

    def _export(self, number: int, req: Request) -> Response:
        if req.method != "GET":
            return Response.text(405, "Method not allowed\n")
        with self._lock:
            still = []
            for entry in self._pending.get(number, []):
                if entry[0] <= 0:
                    self._stored.setdefault(number, []).insert(0, entry[1])
                else:
                    entry[0] -= 1
                    still.append(entry)
            self._pending[number] = still
            messages = list(self._stored.get(number, []))
        if req.param("format", "json") == "csv":
            lines = ["objectID,title,severity"] + [
                f"{m['objectID']},{m['title']},{m['severity']}" for m in messages]
            return Response.text(200, "\n".join(lines) + "\n", content_type="text/csv")
        return Response.json(200, messages)
