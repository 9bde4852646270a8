"""Watch streams for one fake Kubernetes API server, with the apiserver's semantics.

`GET <collection>?watch=1&resourceVersion=RV` answers 200 with newline-delimited JSON events:
every change after RV (ADDED, MODIFIED, DELETED, each with the object as it then was) from the
event log the store feeds, then live ones; BOOKMARK events (only the resourceVersion) when
`allowWatchBookmarks=true`; the stream ends after `timeoutSeconds`. An RV older than the log
reaches (`compact()`) gets an ERROR event with a 410 Expired Status, as after etcd compaction.
Without RV the watch starts now (no synthetic ADDED events; the clients here always list first).

    hub = w.workload.watches
    hub.refuse = True        # every watch answers 403 Forbidden (a proxy or RBAC that forbids it)
    hub.refuse_kinds = {"externalsecrets"}   # only these kinds' watches answer 403
    hub.mute = True          # streams answer 200 and then say nothing (a proxy that buffers
                             # them, or a server that loses events)
    hub.compact()            # every RV issued so far is too old: the next watch gets 410
    hub.drop(change)         # running streams are reset; `change()` happens after they were cut,
                             # so only a watch resumed from its RV can see it
    hub.opened / hub.events / hub.expired   # counters: streams served, events sent, 410s
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass

BOOKMARK_SECONDS = 0.5
DEFAULT_TIMEOUT = 60


@dataclass
class Change:
    rv: int
    type: str
    obj: dict


class WatchHub:
    def __init__(self, store) -> None:
        self._cond = threading.Condition()
        self._log: list[Change] = []
        self._floor = int(store.resource_version)   # the log knows nothing older
        self._rv = self._floor
        self._generation = 0
        self.refuse = False
        self.refuse_kinds: set[str] = set()   # plurals whose watches alone answer 403
        self.mute = False
        self.opened = 0
        self.events = 0
        self.expired = 0
        self._store = store
        store.watch_streams(self._on_change)

    # -- switches for tests -------------------------------------------------------------------

    def compact(self) -> None:
        with self._cond:
            self._log.clear()
            # Every resourceVersion issued so far is too old; a list from now on is not.
            with self._store._lock:
                self._store._rv += 1
                self._rv = self._floor = int(self._store.resource_version)

    def drop(self, change=None) -> None:
        with self._cond:
            self._generation += 1
            self._cond.notify_all()
        if change is not None:
            change()

    # -- store hook (under the store lock: only record) ----------------------------------------

    def _on_change(self, event: str, old: dict | None, new: dict | None) -> None:
        obj = new if new is not None else old
        rv = int(self._store.resource_version)
        obj["metadata"]["resourceVersion"] = str(rv)
        with self._cond:
            self._rv = max(self._rv, rv)
            self._log.append(Change(rv, event, obj))
            if len(self._log) > 5000:
                self._floor = self._log[1000].rv - 1
                del self._log[:1000]
            self._cond.notify_all()

    # -- serving ------------------------------------------------------------------------------

    def stream(self, since: str | None, matches, present, timeout: float, bookmarks: bool,
               kind: str, api_version: str, stopping: threading.Event):
        """The body writer of one watch: write(bytes) per event line; returns at the timeout,
        raises ConnectionResetError when dropped."""
        with self._cond:
            self.opened += 1
            generation = self._generation
            cursor = int(since) if since and since != "0" else self._rv
            expired = cursor < self._floor

        def line(obj: dict) -> bytes:
            return json.dumps(obj, separators=(",", ":")).encode() + b"\n"

        def write_all(write) -> None:
            nonlocal cursor
            if expired:
                self.expired += 1
                write(line({"type": "ERROR", "object": {
                    "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                    "message": f"too old resource version: {cursor} ({self._floor})",
                    "reason": "Expired", "code": 410}}))
                return
            end = time.monotonic() + timeout
            next_bookmark = time.monotonic() + BOOKMARK_SECONDS
            if self.mute:
                while not stopping.is_set() and time.monotonic() < end:
                    with self._cond:
                        if self._generation != generation:
                            raise ConnectionResetError("watch dropped")
                        self._cond.wait(0.05)
                return
            while not stopping.is_set():
                with self._cond:
                    if self._generation != generation:
                        raise ConnectionResetError("watch dropped")
                    pending = [c for c in self._log if c.rv > cursor]
                    if not pending:
                        self._cond.wait(0.05)
                        if self._generation != generation:
                            raise ConnectionResetError("watch dropped")
                        pending = [c for c in self._log if c.rv > cursor]
                    head = self._rv
                for change in pending:
                    cursor = change.rv
                    if matches(change.obj):
                        self.events += 1
                        write(line({"type": change.type, "object": present(change.obj)}))
                now = time.monotonic()
                if now >= end:
                    return
                if bookmarks and now >= next_bookmark:
                    next_bookmark = now + BOOKMARK_SECONDS
                    cursor = max(cursor, head)
                    write(line({"type": "BOOKMARK", "object": {
                        "kind": kind, "apiVersion": api_version,
                        "metadata": {"resourceVersion": str(cursor)}}}))

        return write_all


def timeout_of(req) -> float:
    try:
        return max(0.0, float(req.param("timeoutSeconds") or DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT
