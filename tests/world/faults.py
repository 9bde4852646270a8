"""Fault injection: rules that make a server misbehave the way real networks and proxies do.

A rule matches a method and a path regex (searched in the decoded path) and fires a limited
number of times (`times`), with a probability drawn from a seeded RNG (`probability`), or
always. `streak` caps how often in a row it fires for one method and path: with streak=2 the
third attempt at the same request gets through, so a client's retries are sure to cure it (a
transient fault, as opposed to an outage). The first live matching rule wins. Actions:

    respond(...)        answer with any status/body/headers instead of the real handler
    retry_later(...)    429 (or 503) with Retry-After (delta-seconds or an HTTP-date)
    kube_status(...)    an apiserver Status failure (429 + retryAfterSeconds by default)
    server_error(...)   500/502/503 with a small JSON body
    html_error_page()   a proxy's text/html error page (what a misrouted request gets)
    html_login_page()   a 200 text/html sign-in page (an authenticating proxy in the way)
    truncated_json()    a 200 whose JSON body is cut off mid-object (Content-Length matches)
    wrong_content_type() a 200 whose JSON body is labelled text/html
    not_json()          a 200 text/plain body that is not JSON at all
    relabel(ct)         the real answer, but with another Content-Type
    huge_body(mb)       a valid JSON body of many megabytes
    deep_json(depth)    a valid JSON body nesting `depth` arrays
    endless_list()      a list page with a fresh `continue` token every time (never ends)
    echo_credentials()  an error whose body quotes the request's Authorization header back
    delay(ms)           wait, then answer normally (use more than the client timeout)
    stall(ms)           send headers and part of the body, then go quiet for ms, then reset
    reset()             close the TCP connection without answering
    cut_off()           send headers and part of the body, then reset
    one_of(a, b, ...)   one of the actions, drawn from the server's seeded RNG
    transient()         one_of 500, 502, 503 or a reset: what a retry should cure

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
    kind: str          # "respond" | "delay" | "reset" | "cut_off" | "stall" | "echo" | "relabel"
                       # | "choice"
    name: str                                  # for the recorder
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay_ms: int = 0
    send_fraction: float = 1.0                 # cut_off: share of the body sent before reset
    choices: tuple["Action", ...] = ()         # choice: the alternatives


def respond(status: int, body: bytes | str | dict | list = b"",
            content_type: str = "application/json",
            headers: dict[str, str] | None = None, name: str = "respond") -> Action:
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode()
    all_headers = {"Content-Type": content_type, **(headers or {})}
    return Action("respond", name, status, body, tuple(all_headers.items()))


def retry_later(status: int = 429, retry_after: int | str = 1,
                body: bytes | str | dict = b"") -> Action:
    """`retry_after` is delta-seconds, or a string sent as is (an HTTP-date)."""
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


def html_login_page() -> Action:
    """What an authenticating corporate proxy answers instead of the API: 200 and a form."""
    page = ("<!DOCTYPE html>\n<html><head><title>Sign in - Corporate Access</title></head>\n"
            "<body><form method=\"post\" action=\"/login\"><input name=\"user\">"
            "<input name=\"password\" type=\"password\"></form></body></html>\n")
    return respond(200, page, content_type="text/html; charset=utf-8", name="html_login_page")


def truncated_json(status: int = 200) -> Action:
    return respond(status, b'{"kind":"List","apiVersion":"v1","items":[{"metadata":{"name":"x',
                   name="truncated_json")


def wrong_content_type(status: int = 200) -> Action:
    return respond(status, b'{"kind":"List","apiVersion":"v1","items":[]}',
                   content_type="text/html; charset=utf-8", name="wrong_content_type")


def not_json(status: int = 200, body: str = "OK\n",
             content_type: str = "text/plain; charset=utf-8") -> Action:
    return respond(status, body, content_type=content_type, name="not_json")


def relabel(content_type: str = "text/plain; charset=utf-8") -> Action:
    """The handler's real answer, with its Content-Type replaced."""
    return Action("relabel", "relabel", headers=(("Content-Type", content_type),))


def echo_credentials(status: int = 401, style: str = "github") -> Action:
    """An error answer that quotes the request's Authorization header (and the decoded Basic
    credentials) back, as careless proxies and debug endpoints do. `style`: "github" (GitHub's
    message JSON), "kube" (a metav1.Status), "html" (a page whose title holds it) or "text"."""
    templates = {
        "github": ("application/json; charset=utf-8",
                   '{"message":"Bad credentials: {authorization}",'
                   '"documentation_url":"https://docs.github.com/rest","status":"' +
                   str(status) + '"}'),
        "kube": ("application/json",
                 '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",' +
                 ('"message":"Unauthorized: {authorization} was rejected","reason":"Unauthorized"'
                  if status == 401 else
                  '"message":"forbidden: credentials {authorization} may not read this",'
                  '"reason":"Forbidden"') + ',"code":' + str(status) + '}'),
        "html": ("text/html", "<html><head><title>Denied {authorization}</title></head>"
                              "<body>Denied: {authorization}</body></html>"),
        "text": ("text/plain", "access denied for {authorization}\n"),
    }
    content_type, template = templates[style]
    return Action("echo", f"echo_credentials_{style}", status, template.encode(),
                  (("Content-Type", content_type),))


def huge_body(megabytes: int = 32) -> Action:
    filler = b"x" * (megabytes * 1024 * 1024)
    return respond(200, b'{"padding":"' + filler + b'"}', name="huge_body")


def endless_list(kind: str = "PodList") -> Action:
    """A 200 list page whose metadata.continue is new every time: a list that never ends."""
    return Action("endless", "endless_list", 200,
                  json.dumps({"kind": kind, "apiVersion": "v1", "items": [],
                              "metadata": {"continue": "{n}"}}).encode(),
                  (("Content-Type", "application/json"),))


def deep_json(depth: int = 100_000) -> Action:
    """A 200 whose JSON body nests `depth` arrays (a few bytes each, gigabytes once parsed)."""
    return respond(200, b"[" * depth + b"]" * depth, name="deep_json")


def delay(ms: int) -> Action:
    return Action("delay", "delay", delay_ms=ms)


def stall(ms: int, status: int = 200) -> Action:
    """Headers and half of a JSON body, then silence for `ms` (more than the client timeout),
    then a reset: a server that hangs mid-answer."""
    body = b'{"kind":"List","apiVersion":"v1","items":[' + b" " * 1024 + b"]}"
    return Action("stall", "stall", status, body, (("Content-Type", "application/json"),),
                  delay_ms=ms, send_fraction=0.5)


def reset() -> Action:
    return Action("reset", "reset")


def one_of(*actions: Action) -> Action:
    """Each time the rule fires, one of `actions`, drawn from the server's seeded RNG."""
    return Action("choice", "one_of", choices=tuple(actions))


def transient() -> Action:
    """A failure a client's retry should cure: 500, 502, 503 or a dropped connection."""
    return one_of(server_error(500), server_error(502), server_error(503), reset())


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
    streak: int | None = None         # most hits in a row for one method + path; None = no cap
    hits: int = 0
    _streaks: dict = field(default_factory=dict, init=False, repr=False)
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
        self._cleared = threading.Event()
        self.latency_ms = 0

    def add(self, action: Action, method: str | None = None, path: str = ".*",
            times: int | None = None, probability: float | None = None,
            streak: int | None = None) -> Rule:
        rule = Rule(action, method.upper() if method else None, path, times, probability, streak)
        with self._lock:
            self._rules.append(rule)
        return rule

    def seed(self, seed: int) -> None:
        """Restart the RNG that `probability` and one_of() draw from."""
        with self._lock:
            self._rng = random.Random(seed)

    @property
    def hits(self) -> int:
        """How often any rule fired."""
        with self._lock:
            return sum(rule.hits for rule in self._rules)

    def clear(self) -> None:
        """Drop every rule (latency_ms stays as set). Delays and stalls still in progress end
        at once with a reset, so a slow answer cannot land in the next test."""
        with self._lock:
            self._rules.clear()
            self._cleared.set()
            self._cleared = threading.Event()

    @property
    def cleared(self) -> threading.Event:
        """Set when the rules in force now are cleared."""
        with self._lock:
            return self._cleared

    def pick(self, method: str, path: str) -> Action | None:
        """The action for this request, counting the hit; None when no rule fires."""
        with self._lock:
            for rule in self._rules:
                if rule.exhausted or (rule.method and rule.method != method):
                    continue
                if not rule._pattern.search(path):
                    continue
                key = (method, path)
                if rule.streak is not None and rule._streaks.get(key, 0) >= rule.streak:
                    rule._streaks[key] = 0          # this attempt gets through
                    continue
                if rule.probability is not None and self._rng.random() >= rule.probability:
                    rule._streaks[key] = 0
                    continue
                rule._streaks[key] = rule._streaks.get(key, 0) + 1
                rule.hits += 1
                action = rule.action
                while action.kind == "choice":
                    action = self._rng.choice(action.choices)
                return action
        return None
