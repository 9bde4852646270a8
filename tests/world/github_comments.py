"""Issue comments that can be written, as GitHub enforces them: `POST .../issues/{n}/comments`
creates a comment by the token's user (an installation token's: its app's bot user, type Bot);
`PATCH` and `DELETE .../issues/comments/{id}` edit or remove one, and only its author may
(anyone else gets 403, and the comment stays as it was). A login in `read_only` (see
`deny_writes`) is refused all three, as a token without write access is:

    github_comments.deny_writes(w.github, "preview-dev")   # 403 on POST, PATCH and DELETE
    github_comments.comments(w.github, "org/repo", 42)     # what is stored now
    github_comments.race_next_post(w.github, "github-actions[bot]", "<!-- m -->\nrival")
        # a concurrent run: its comment lands just before this login's next POST

Listing stays in github_server (Link pagination like every other list)."""

from __future__ import annotations

import copy
import itertools

from . import clock
from . import github_objects as gho

DOC_CREATE = "https://docs.github.com/rest/issues/comments#create-an-issue-comment"
DOC_UPDATE = "https://docs.github.com/rest/issues/comments#update-an-issue-comment"
DOC_DELETE = "https://docs.github.com/rest/issues/comments#delete-an-issue-comment"
_ids = itertools.count(3_100_000_001)


def deny_writes(server, login: str) -> None:
    server.__dict__.setdefault("comment_read_only", set()).add(login)


def race_next_post(server, login: str, body: str) -> None:
    server.__dict__.setdefault("comment_races", {})[login] = body


def comments(server, full_name: str, number: int) -> list[dict]:
    return server.repo(full_name).comments_of(number)


def route(server, req, repo, rest: list[str]):
    """(code, body, headers) for a comment write, or None when `req` is something else."""
    from .github_server import GitHubError   # github_server imports this module
    is_create = len(rest) == 3 and rest[0] == "issues" and rest[2] == "comments" \
        and req.method == "POST"
    is_update = len(rest) == 3 and rest[:2] == ["issues", "comments"] and req.method == "PATCH"
    is_delete = len(rest) == 3 and rest[:2] == ["issues", "comments"] and req.method == "DELETE"
    if not (is_create or is_update or is_delete):
        return None
    doc = DOC_CREATE if is_create else DOC_DELETE if is_delete else DOC_UPDATE
    if req.identity is None:
        raise GitHubError(401, "Requires authentication", doc)
    if req.identity in server.__dict__.get("comment_read_only", set()):
        raise GitHubError(403, "Resource not accessible by personal access token", doc)
    if is_delete:
        return _delete(repo, req, rest, doc)
    try:
        text = req.json().get("body") if req.body else None
    except (ValueError, AttributeError):
        raise GitHubError(400, "Problems parsing JSON", doc) from None
    if not isinstance(text, str) or not text:
        raise GitHubError(422, "Invalid request.\n\n\"body\" wasn't supplied.", doc)
    with repo._lock:
        if is_create:
            number = int(rest[1]) if rest[1].isdigit() else -1
            if not repo.exists(number):
                raise GitHubError(404, "Not Found", doc)
            author = gho.user(req.identity, server.tokens_by_login(req.identity),
                              bot=req.identity in getattr(server, "installations", ()))
            rival = server.__dict__.get("comment_races", {}).pop(req.identity, None)
            if rival is not None:
                _store(repo, number, author, rival)
            return 201, copy.deepcopy(_store(repo, number, author, text)), []
        target = next((c for cs in repo.comments.values() for c in cs
                       if rest[2].isdigit() and c["id"] == int(rest[2])), None)
        if target is None:
            raise GitHubError(404, "Not Found", doc)
        if target["user"]["login"].lower() != req.identity.lower():
            raise GitHubError(403, "You must be the author of this comment to edit it.", doc)
        target["body"] = text
        target["updated_at"] = clock.stamp(clock.now())
        return 200, copy.deepcopy(target), []


def _store(repo, number: int, author: dict, text: str) -> dict:
    made = gho.comment(repo.full_name, number, author=author, body=text,
                       created=clock.stamp(clock.now()))
    made["id"] = next(_ids)
    made["html_url"] = made["html_url"].rsplit("-", 1)[0] + f"-{made['id']}"
    repo.comments.setdefault(number, []).append(made)
    return made


def _delete(repo, req, rest: list[str], doc: str):
    from .github_server import GitHubError
    with repo._lock:
        for cs in repo.comments.values():
            for i, c in enumerate(cs):
                if rest[2].isdigit() and c["id"] == int(rest[2]):
                    if c["user"]["login"].lower() != req.identity.lower():
                        raise GitHubError(403, "You must be the author of this comment to "
                                          "delete it.", doc)
                    del cs[i]
                    return 204, None, []
    raise GitHubError(404, "Not Found", doc)
