"""Fault injection: rules that make a server misbehave the way real networks and proxies do.

A rule matches a method and a path regex (searched in the decoded path) and fires a limited
number of times (`times`), with a probability drawn from a seeded RNG (`probability`), or
always. The first live matching rule wins. Actions:

    respond(...)        answer with any status/body/headers instead of the real handler
    retry_later(...)    429 (or 503) with Retry-After
    kube_status(...)    an apiserver Status failure (429 + retryAfterSeconds by default)
    server_error(...)   500/502/503 with a small JSON body
    html_error_page()   a proxy's text/html error page (what a misrouted request gets)
    truncated_json()    a 200 whose JSON body is cut off mid-object (Content-Length matches)
    wrong_content_type() a 200 whose JSON body is labelled text/html
    huge_body(mb)       a valid JSON body of many megabytes
    delay(ms)           wait, then answer normally (use more than the client timeout)
    reset()             close the TCP connection without answering
    cut_off()           send headers and part of the body, then reset

`Faults.latency_ms` adds a fixed latency to every request (for benchmarks).
"""

from __future__ import annotations

import json
import random
import re
import threading
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Action:
    kind: str                                  # "respond" | "delay" | "reset" | "cut_off"
    name: str                                  # for the recorder
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay_ms: int = 0
    send_fraction: float = 1.0                 # cut_off: share of the body sent before reset


def respond(status: int, body: bytes | str | dict | list = b"",
            content_type: str = "application/json",
            headers: dict[str, str] | None = None, name: str = "respond") -> Action:
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode()
    all_headers = {"Content-Type": content_type, **(headers or {})}
    return Action("respond", name, status, body, tuple(all_headers.items()))


def retry_later(status: int = 429, retry_after: int = 1, body: bytes | str | dict = b"") -> Action:
    if not body:
        body = {"message": "Too Many Requests"}
    return respond(status, body, headers={"Retry-After": str(retry_after)}, name="retry_later")


def kube_status(code: int = 429, reason: str = "TooManyRequests",
                message: str = "the server has received too many requests and has asked us to "
                               "try again later", retry_after: int | None = 1) -> Action:
    """An apiserver-style metav1.Status failure (e.g. 429 with retryAfterSeconds, 503, 500)."""
    body: dict = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                  "message": message, "reason": reason, "code": code}
    headers = {}
    if retry_after is not None:
        body["details"] = {"retryAfterSeconds": retry_after}
        headers["Retry-After"] = str(retry_after)
    return respond(code, body, headers=headers, name=f"kube_status_{code}")


def server_error(status: int = 500) -> Action:
    return respond(status, {"message": "internal error injected by the test world"},
                   name=f"server_error_{status}")


def html_error_page(status: int = 502) -> Action:
    page = (f"<html>\r\n<head><title>{status} Bad Gateway</title></head>\r\n<body>\r\n"
            f"<center><h1>{status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
            "</body>\r\n</html>\r\n")
    return respond(status, page, content_type="text/html", name="html_error_page")


def truncated_json(status: int = 200) -> Action:
    return respond(status, b'{"kind":"List","apiVersion":"v1","items":[{"metadata":{"name":"x',
                   name="truncated_json")


def wrong_content_type(status: int = 200) -> Action:
    return respond(status, b'{"kind":"List","apiVersion":"v1","items":[]}',
                   content_type="text/html; charset=utf-8", name="wrong_content_type")


def huge_body(megabytes: int = 32) -> Action:
    filler = b"x" * (megabytes * 1024 * 1024)
    return respond(200, b'{"padding":"' + filler + b'"}', name="huge_body")


def delay(ms: int) -> Action:
    return Action("delay", "delay", delay_ms=ms)


def reset() -> Action:
    return Action("reset", "reset")


def cut_off(status: int = 200, body: bytes = b'{"kind":"List","items":[' + b" " * 4096 + b"]}",
            send_fraction: float = 0.5) -> Action:
    """Headers promise `len(body)` bytes; only a fraction is sent before the reset."""
    return Action("cut_off", "cut_off", status, body, (("Content-Type", "application/json"),),
                  send_fraction=send_fraction)


@dataclass
class Rule:
    action: Action
    method: str | None = None
    path: str = ".*"
    times: int | None = None          # None = unlimited
    probability: float | None = None  # None = always
    hits: int = 0
    _pattern: re.Pattern = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._pattern = re.compile(self.path)

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times


class Faults:
    """The fault rules of one server."""

    def __init__(self, seed: int = 1234) -> None:
        self._lock = threading.Lock()
        self._rules: list[Rule] = []
        self._rng = random.Random(seed)
        self.latency_ms = 0

    def add(self, action: Action, method: str | None = None, path: str = ".*",
            times: int | None = None, probability: float | None = None) -> Rule:
        rule = Rule(action, method.upper() if method else None, path, times, probability)
        with self._lock:
            self._rules.append(rule)
        return rule

    def clear(self) -> None:
        """Drop every rule (latency_ms stays as set)."""
        with self._lock:
            self._rules.clear()

    def pick(self, method: str, path: str) -> Action | None:
        """The action for this request, counting the hit; None when no rule fires."""
        with self._lock:
            for rule in self._rules:
                if rule.exhausted or (rule.method and rule.method != method):
                    continue
                if not rule._pattern.search(path):
                    continue
                if rule.probability is not None and self._rng.random() >= rule.probability:
                    continue
                rule.hits += 1
                return rule.action
        return None
