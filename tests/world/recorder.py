"""What each server received, so tests can assert what was (and was not) sent.

Every request is recorded, including the ones the server rejected (401/403/404) and the ones a
fault rule answered; a connection reset by a fault is recorded with status None.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import Any


class Headers(dict):
    """Request headers with case-insensitive lookup (keys are stored lower-case)."""

    def __init__(self, items=()):
        super().__init__()
        for key, value in (items.items() if isinstance(items, dict) else items):
            self[key] = value

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key.lower(), value)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)


@dataclass
class Recorded:
    """One request as the server saw it."""

    server: str                      # "argo", "workload", "github", "registry", "app"
    method: str
    path: str                        # percent-decoded path, no query
    query: dict[str, list[str]]      # parsed query string (parse_qs, blank values kept)
    headers: Headers
    body: bytes
    identity: str | None             # authenticated user / token owner; None if anonymous
    time: float                      # time.time() when the request was read
    status: int | None = None        # answer status; None when the connection was reset
    raw_path: str = ""               # the path exactly as sent (still percent-encoded)
    fault: str | None = None         # name of the fault action that answered, if any
    tags: dict[str, Any] = field(default_factory=dict)  # server-specific notes

    def param(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def __repr__(self) -> str:  # compact: tests print these on failure
        return f"<{self.server} {self.method} {self.raw_path or self.path} -> {self.status}>"


class Recorder:
    """A thread-safe, append-only list of Recorded requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[Recorded] = []
        self._listeners: list = []

    def listen(self, fn) -> None:
        """Call fn(recorded) for every request from now on (on the server's thread, after the
        answer is decided and before it is sent); the simulated controllers count polls so."""
        self._listeners.append(fn)

    def add(self, item: Recorded) -> None:
        with self._lock:
            self._items.append(item)
        for fn in list(self._listeners):
            fn(item)

    def requests(self, method: str | None = None, path_prefix: str | None = None) -> list[Recorded]:
        """Recorded requests in arrival order, optionally filtered by method and path prefix."""
        with self._lock:
            items = list(self._items)
        return [r for r in items
                if (method is None or r.method == method.upper())
                and (path_prefix is None or r.path.startswith(path_prefix))]

    def last(self, method: str | None = None, path_prefix: str | None = None) -> Recorded | None:
        found = self.requests(method, path_prefix)
        return found[-1] if found else None

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)
