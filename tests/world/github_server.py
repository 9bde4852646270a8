"""GitHub's REST API over HTTPS, for the endpoints `preview` uses, with GitHub's shapes:
Link-header pagination (next links on /repositories/{id}/ paths, as GitHub sends them),
rate-limit headers, request ids, and the error bodies {"message", "documentation_url",
"status"}.

Like GitHub, it does not check Accept / X-GitHub-Api-Version; it records them so tests can.
It does insist on a User-Agent, as GitHub does (403 without one).
"""

from __future__ import annotations

import json
import math
import secrets
import threading
import time
from urllib.parse import quote, urlencode

from . import github_comments
from . import github_etag, github_objects as gho
from .github_store import Repo
from .https_server import HttpsServer, ServedOverHttps, Request, Response
from .tls import Certificates

DOCS = "https://docs.github.com/rest"
DOC_GET_PULL = f"{DOCS}/pulls/pulls#get-a-pull-request"
DOC_LIST_PULLS = f"{DOCS}/pulls/pulls#list-pull-requests"
DOC_LIST_ISSUES = f"{DOCS}/issues/issues#list-repository-issues"
DOC_GET_ISSUE = f"{DOCS}/issues/issues#get-an-issue"
DOC_COMMENTS = f"{DOCS}/issues/comments#list-issue-comments"
DOC_EVENTS = f"{DOCS}/issues/events#list-issue-events"
DOC_CHECK_RUNS = f"{DOCS}/checks/runs#list-check-runs-for-a-git-reference"
DOC_ADD_LABELS = f"{DOCS}/issues/labels#add-labels-to-an-issue"
DOC_SET_LABELS = f"{DOCS}/issues/labels#set-labels-for-an-issue"
DOC_REMOVE_LABEL = f"{DOCS}/issues/labels#remove-a-label-from-an-issue"
DOC_REMOVE_ALL = f"{DOCS}/issues/labels#remove-all-labels-from-an-issue"
DOC_LIST_LABELS = f"{DOCS}/issues/labels#list-labels-for-an-issue"
DOC_RATE_LIMIT = f"{DOCS}/overview/rate-limits-for-the-rest-api"
DOC_USER = f"{DOCS}/users/users#get-the-authenticated-user"
NO_USER_AGENT = ("Request forbidden by administrative rules. Please make sure your request has "
                 "a User-Agent header (https://docs.github.com/en/rest/overview/"
                 "resources-in-the-rest-api#user-agent-required). Check "
                 "https://developer.github.com for other possible causes.\n")


class GitHubError(Exception):
    def __init__(self, code: int, message: str, doc: str = DOCS):
        super().__init__(message)
        self.code, self.message, self.doc = code, message, doc


def _error_body(code: int, message: str, doc: str) -> dict:
    return {"message": message, "documentation_url": doc, "status": str(code)}


class GitHubServer(ServedOverHttps):
    name = "github"

    def __init__(self, certs: Certificates, *, allow_anonymous: bool = False,
                 require_user_agent: bool = True, repository_links: bool = True):
        self.allow_anonymous = allow_anonymous
        self.require_user_agent = require_user_agent
        self.repository_links = repository_links    # next links on /repositories/{id}/ paths
        self.tokens: dict[str, tuple[str, int]] = {}  # token -> (login, user id)
        self.installations: set[str] = set()  # logins of installation (GitHub App) tokens
        self.repos: dict[str, Repo] = {}
        self.rate_limit = 5000
        self.rate_limit_exhausted: int | None = None  # 403 or 429 while exhausted
        self._used: dict[str, int] = {}
        self._reset_at = int(time.time()) + 3600
        self._lock = threading.Lock()
        self.http = HttpsServer(self, certs)

    # -- setup and lifecycle ------------------------------------------------------------------

    def add_token(self, token: str, login: str = "preview-dev", user_id: int = 1, *,
                  installation: bool = False) -> None:
        """`installation`: a GitHub App installation token, as a workflow's `github.token`
        (login `github-actions[bot]`, id 41898282): `GET /user` answers 403 and what it
        writes is authored by the app's bot user."""
        self.tokens[token] = (login, user_id)
        if installation:
            self.installations.add(login)

    def add_repo(self, full_name: str, repo_id: int, private: bool = False) -> Repo:
        repo = Repo(full_name, repo_id, private)
        if getattr(self, "_now", None) is not None:
            repo.now = self._now
        self.repos[full_name.lower()] = repo
        return repo

    def set_clock(self, now) -> None:
        """Stamps for label events and updated_at (the controllers' clock when it has an
        epoch); for every repository, present and future."""
        self._now = now
        for repo in self.repos.values():
            repo.now = now

    def repo(self, full_name: str) -> Repo:
        return self.repos[full_name.lower()]

    def exhaust_rate_limit(self, status: int = 403) -> None:
        """Primary rate limit used up: every request answers `status` with remaining 0."""
        self.rate_limit_exhausted = status

    def restore_rate_limit(self) -> None:
        self.rate_limit_exhausted = None
        with self._lock:
            self._used.clear()

    # -- HTTP entry point ---------------------------------------------------------------------

    def handle(self, req: Request) -> Response:
        request_id = ":".join(secrets.token_hex(n).upper() for n in (2, 3, 4, 4)) + ":" + \
            secrets.token_hex(4).upper()
        if self.require_user_agent and not req.headers.get("user-agent"):
            return Response.text(403, NO_USER_AGENT,
                                 headers=[("x-github-request-id", request_id)])
        try:
            who = self._authenticate(req)
            limit, used = self._count(who, req)
            headers = self._headers(request_id, limit, used)
            if self.rate_limit_exhausted or used > limit:
                raise GitHubError(self.rate_limit_exhausted or 403,
                                  self._rate_message(who, request_id), DOC_RATE_LIMIT)
            code, body, extra = self._route(req)
        except GitHubError as err:
            who = req.identity
            headers = self._headers(request_id, *self._peek(who))
            code, body, extra = err.code, _error_body(err.code, err.message, err.doc), []
        if code == 204:
            return Response(204, b"", headers + extra)
        text = json.dumps(body, separators=(",", ":")).replace(gho.API, self.url)
        return github_etag.conditional(req, Response(
            code, text.encode(),
            [("Content-Type", "application/json; charset=utf-8"), *headers, *extra]),
            lambda: self._refund(req.identity))

    def _refund(self, login: str | None) -> None:
        with self._lock:
            bucket = login or "anonymous"
            self._used[bucket] = max(0, self._used.get(bucket, 0) - 1)

    def _authenticate(self, req: Request) -> tuple[str, int] | None:
        header = req.headers.get("authorization")
        if not header:
            if not self.allow_anonymous:
                raise GitHubError(401, "Requires authentication")
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() not in ("bearer", "token") or token.strip() not in self.tokens:
            raise GitHubError(401, "Bad credentials")
        login, user_id = self.tokens[token.strip()]
        req.identity = login
        return login, user_id

    def _count(self, who: tuple[str, int] | None, req: Request) -> tuple[int, int]:
        bucket = who[0] if who else "anonymous"
        limit = self.rate_limit if who else 60
        with self._lock:
            if req.segments != ["rate_limit"]:          # /rate_limit is free, as on GitHub
                self._used[bucket] = self._used.get(bucket, 0) + 1
            used = self._used.get(bucket, 0)
        if self.rate_limit_exhausted:
            used = limit
        return limit, used

    def _peek(self, login: str | None) -> tuple[int, int]:
        limit = self.rate_limit if login else 60
        with self._lock:
            used = self._used.get(login or "anonymous", 0)
        return limit, (limit if self.rate_limit_exhausted else used)

    def _headers(self, request_id: str, limit: int, used: int) -> list[tuple[str, str]]:
        return [("x-github-api-version-selected", "2022-11-28"),
                ("x-github-media-type", "github.v3; format=json"),
                ("x-github-request-id", request_id),
                ("x-ratelimit-limit", str(limit)),
                ("x-ratelimit-remaining", str(max(0, limit - used))),
                ("x-ratelimit-reset", str(self._reset_at)),
                ("x-ratelimit-used", str(min(used, limit))),
                ("x-ratelimit-resource", "core")]

    def _rate_message(self, who: tuple[str, int] | None, request_id: str) -> str:
        when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
        support = (f" If you reach out to GitHub Support for help, please include the request "
                   f"ID {request_id} and timestamp {when}.")
        if who:
            return f"API rate limit exceeded for user ID {who[1]}.{support}"
        return ("API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated "
                "requests get a higher rate limit. Check out the documentation for more "
                f"details.){support}")

    # -- routing ------------------------------------------------------------------------------

    def _route(self, req: Request) -> tuple[int, object, list]:
        segs = req.segments
        if segs == ["rate_limit"]:
            return 200, self._rate_limit_body(req.identity), []
        if segs == ["user"] and req.method == "GET":
            if req.identity is None:
                raise GitHubError(401, "Requires authentication")
            if req.identity in self.installations:
                raise GitHubError(403, "Resource not accessible by integration", DOC_USER)
            return 200, gho.user(req.identity, self.tokens_by_login(req.identity)), []
        repo, rest = self._repo_and_rest(segs)
        method = req.method
        if not rest and method == "GET":
            return 200, repo.data, []
        if rest == ["pulls"] and method == "GET":
            return self._list_pulls(req, repo)
        if len(rest) == 2 and rest[0] == "pulls" and method == "GET":
            pr = repo.pull(_number(rest[1], DOC_GET_PULL))
            if pr is None:
                raise GitHubError(404, "Not Found", DOC_GET_PULL)
            return 200, pr, []
        if rest == ["issues"] and method == "GET":
            return self._list_issues(req, repo)
        if len(rest) == 2 and rest[0] == "issues" and method == "GET":
            number = _number(rest[1], DOC_GET_ISSUE)
            view = next((v for v in repo.issue_views() if v["number"] == number), None)
            if view is None:
                raise GitHubError(404, "Not Found", DOC_GET_ISSUE)
            return 200, view, []
        if len(rest) == 3 and rest[0] == "issues" and rest[2] == "comments" and method == "GET":
            number = _number(rest[1], DOC_COMMENTS)
            if not repo.exists(number):
                raise GitHubError(404, "Not Found", DOC_COMMENTS)
            return self._page(req, repo, rest, repo.comments_of(number))
        if (written := github_comments.route(self, req, repo, rest)) is not None:
            return written
        if len(rest) == 3 and rest[0] == "issues" and rest[2] == "events" and method == "GET":
            number = _number(rest[1], DOC_EVENTS)
            if not repo.exists(number):
                raise GitHubError(404, "Not Found", DOC_EVENTS)
            return self._page(req, repo, rest, repo.events_of(number))
        if len(rest) in (3, 4) and rest[0] == "issues" and rest[2] == "labels":
            return self._labels(req, repo, rest)
        if len(rest) == 3 and rest[0] == "commits" and rest[2] == "check-runs" and method == "GET":
            return self._check_runs(req, repo, rest)
        raise GitHubError(404, "Not Found")

    def tokens_by_login(self, login: str) -> int | None:
        return next((uid for (lg, uid) in self.tokens.values() if lg == login), None)

    def _repo_and_rest(self, segs: list[str]) -> tuple[Repo, list[str]]:
        if len(segs) >= 3 and segs[0] == "repos":
            repo = self.repos.get(f"{segs[1]}/{segs[2]}".lower())
            rest = segs[3:]
        elif len(segs) >= 2 and segs[0] == "repositories" and segs[1].isdigit():
            repo = next((r for r in self.repos.values() if r.id == int(segs[1])), None)
            rest = segs[2:]
        else:
            raise GitHubError(404, "Not Found")
        if repo is None:
            raise GitHubError(404, "Not Found", DOCS)
        return repo, rest

    def _rate_limit_body(self, login: str | None) -> dict:
        limit, used = self._peek(login)
        core = {"limit": limit, "used": used, "remaining": max(0, limit - used),
                "reset": self._reset_at}
        return {"resources": {"core": core}, "rate": core}

    # -- endpoints ----------------------------------------------------------------------------

    def _list_pulls(self, req: Request, repo: Repo) -> tuple[int, object, list]:
        state = req.param("state", "open")
        pulls = [repo.pull(n) for n in sorted(repo.pulls, reverse=True)]
        pulls = [p for p in pulls if state == "all" or p["state"] == state]
        if head := req.param("head"):
            pulls = [p for p in pulls if p["head"]["label"] == head]
        if base := req.param("base"):
            pulls = [p for p in pulls if p["base"]["ref"] == base]
        if req.param("direction") == "asc":
            pulls.reverse()
        for pr in pulls:
            for key in gho.SINGLE_PULL_ONLY:
                pr.pop(key, None)
        return self._page(req, repo, ["pulls"], pulls)

    def _list_issues(self, req: Request, repo: Repo) -> tuple[int, object, list]:
        state = req.param("state", "open")
        wanted = [lb.strip().lower() for lb in (req.param("labels") or "").split(",") if lb.strip()]
        views = [v for v in repo.issue_views()
                 if (state == "all" or v["state"] == state)
                 and all(w in {lb["name"].lower() for lb in v["labels"]} for w in wanted)]
        views.sort(key=lambda v: v["number"], reverse=req.param("direction") != "asc")
        return self._page(req, repo, ["issues"], views)

    def _check_runs(self, req: Request, repo: Repo, rest: list[str]) -> tuple[int, object, list]:
        runs = repo.runs_for(rest[1])
        if runs is None:
            raise GitHubError(422, f"No commit found for SHA: {rest[1]}", DOC_CHECK_RUNS)
        if name := req.param("check_name"):
            runs = [r for r in runs if r["name"] == name]
        if status := req.param("status"):
            runs = [r for r in runs if r["status"] == status]
        if req.param("filter", "latest") == "latest":   # newest run per name
            latest: dict[str, dict] = {}
            for run in sorted(runs, key=lambda r: r["started_at"]):
                latest[run["name"]] = run
            runs = list(latest.values())
        code, page, links = self._page(req, repo, rest, runs)
        return code, {"total_count": len(runs), "check_runs": page}, links

    def _labels(self, req: Request, repo: Repo, rest: list[str]) -> tuple[int, object, list]:
        method = req.method
        doc = {"GET": DOC_LIST_LABELS, "POST": DOC_ADD_LABELS, "PUT": DOC_SET_LABELS,
               "DELETE": DOC_REMOVE_LABEL if len(rest) == 4 else DOC_REMOVE_ALL}.get(method, DOCS)
        number = _number(rest[1], doc)
        if not repo.exists(number):
            raise GitHubError(404, "Not Found", doc)
        if len(rest) == 4:
            if method != "DELETE":
                raise GitHubError(404, "Not Found")
            remaining = repo.remove_label(number, rest[3])
            if remaining is None:
                raise GitHubError(404, "Label does not exist", doc)
            return 200, remaining, []
        if method == "GET":
            return self._page(req, repo, rest, repo.labels_of(number))
        if method == "DELETE":
            repo.set_labels(number, [])
            return 204, None, []
        if method in ("POST", "PUT"):
            names = _label_names(req, doc)
            labels = repo.add_labels(number, names) if method == "POST" \
                else repo.set_labels(number, names)
            return 200, labels, []
        raise GitHubError(404, "Not Found")

    def _page(self, req: Request, repo: Repo, rest: list[str],
              items: list) -> tuple[int, list, list]:
        """One page of `items` and GitHub's Link header for the others."""
        per_page = min(max(_int(req.param("per_page"), 30), 1), 100)
        page = max(_int(req.param("page"), 1), 1)
        last = max(1, math.ceil(len(items) / per_page))
        chunk = items[(page - 1) * per_page: page * per_page]
        if last == 1 and page == 1:
            return 200, chunk, []
        path = (f"/repositories/{repo.id}/" if self.repository_links
                else f"/repos/{repo.full_name}/") + "/".join(quote(s, safe="") for s in rest)

        def link(to: int, rel: str) -> str:
            query = [(k, v) for k, vs in req.query.items() if k != "page" for v in vs]
            return f'<{self.url}{path}?{urlencode(query + [("page", to)])}>; rel="{rel}"'

        rels = []
        if page > 1:
            rels.append(link(min(page - 1, last), "prev"))
        if page < last:
            rels += [link(page + 1, "next"), link(last, "last")]
        if page > 1:
            rels.append(link(1, "first"))
        return 200, chunk, [("Link", ", ".join(rels))]


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def _number(text: str, doc: str) -> int:
    if not text.isdigit():
        raise GitHubError(404, "Not Found", doc)
    return int(text)


def _label_names(req: Request, doc: str) -> list[str]:
    """The body forms GitHub accepts: {"labels": [...]}, [...], a string, or label objects."""
    try:
        body = req.json() if req.body else None
    except ValueError:
        raise GitHubError(400, "Problems parsing JSON", doc) from None
    if isinstance(body, dict):
        body = body.get("labels")
    if isinstance(body, str):
        body = [body]
    if not isinstance(body, list):
        raise GitHubError(422, "Invalid request.\n\nNo subschema in \"anyOf\" matched.", doc)
    names = []
    for entry in body:
        name = entry.get("name") if isinstance(entry, dict) else entry
        if not isinstance(name, str) or not name:
            raise GitHubError(422, "Invalid request.\n\nNo subschema in \"anyOf\" matched.", doc)
        names.append(name)
    return names
