"""GitHub REST object shapes (pull request, issue, label, comment, check run), as the API sends
them. URLs use https://api.github.com; the fake server rewrites them to its own address.
"""

from __future__ import annotations

from urllib.parse import quote

from . import clock

API = "https://api.github.com"
WEB = "https://github.com"

# Pull-request keys that only the single-PR endpoint returns, not the list endpoint.
SINGLE_PULL_ONLY = ("merged", "mergeable", "rebaseable", "mergeable_state", "merged_by",
                    "comments", "review_comments", "maintainer_can_modify", "commits",
                    "additions", "deletions", "changed_files")


def user(login: str, user_id: int | None = None, bot: bool = False) -> dict:
    user_id = user_id or clock.number("user", login, digits=8)
    return {
        "login": login, "id": user_id, "node_id": f"MDQ6VXNlcj{user_id}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{user_id}?v=4",
        "gravatar_id": "", "url": f"{API}/users/{quote(login)}",
        "html_url": f"{WEB}/{'apps/' + login.removesuffix('[bot]') if bot else login}",
        "type": "Bot" if bot else "User", "user_view_type": "public", "site_admin": False,
    }


def repository(full_name: str, repo_id: int, private: bool = False) -> dict:
    owner, name = full_name.split("/")
    return {
        "id": repo_id, "node_id": f"R_kgDO{repo_id}", "name": name, "full_name": full_name,
        "private": private, "owner": user(owner) | {"type": "Organization"},
        "html_url": f"{WEB}/{full_name}", "description": None, "fork": False,
        "url": f"{API}/repos/{full_name}", "pulls_url": f"{API}/repos/{full_name}/pulls{{/number}}",
        "created_at": "2024-11-02T09:14:51Z", "updated_at": clock.ago(hours=3),
        "pushed_at": clock.ago(minutes=30), "default_branch": "main",
        "visibility": "private" if private else "public",
    }


def label(full_name: str, name: str, color: str = "ededed", description: str | None = None,
          default: bool = False) -> dict:
    label_id = clock.number("label", full_name, name)
    return {"id": label_id, "node_id": f"LA_kwDO{label_id}",
            "url": f"{API}/repos/{full_name}/labels/{quote(name, safe='')}",
            "name": name, "color": color, "default": default, "description": description}


def pull_request(repo: dict, number: int, sha: str, *, title: str, author: dict,
                 labels: list[dict], state: str = "open", draft: bool = False,
                 merged: bool = False, created: str | None = None, updated: str | None = None,
                 head_ref: str | None = None, body: str = "") -> dict:
    full = repo["full_name"]
    base_url = f"{API}/repos/{full}"
    created = created or clock.ago(hours=2)
    closed_at = clock.ago(minutes=10) if state == "closed" else None
    head_ref = head_ref or f"feat/preview-{number}"
    pr_id = clock.number("pull", full, number)
    return {
        "url": f"{base_url}/pulls/{number}", "id": pr_id, "node_id": f"PR_kwDO{pr_id}",
        "html_url": f"{WEB}/{full}/pull/{number}",
        "diff_url": f"{WEB}/{full}/pull/{number}.diff",
        "patch_url": f"{WEB}/{full}/pull/{number}.patch",
        "issue_url": f"{base_url}/issues/{number}", "number": number, "state": state,
        "locked": False, "title": title, "user": author, "body": body or None,
        "created_at": created, "updated_at": updated or clock.ago(minutes=45),
        "closed_at": closed_at, "merged_at": closed_at if merged else None,
        "merge_commit_sha": clock.hexdigest("merge", full, number, sha),
        "assignee": None, "assignees": [], "requested_reviewers": [], "requested_teams": [],
        "labels": labels, "milestone": None, "draft": draft,
        "commits_url": f"{base_url}/pulls/{number}/commits",
        "review_comments_url": f"{base_url}/pulls/{number}/comments",
        "review_comment_url": f"{base_url}/pulls/comments{{/number}}",
        "comments_url": f"{base_url}/issues/{number}/comments",
        "statuses_url": f"{base_url}/statuses/{sha}",
        "head": {"label": f"{repo['owner']['login']}:{head_ref}", "ref": head_ref, "sha": sha,
                 "user": repo["owner"], "repo": repo},
        "base": {"label": f"{repo['owner']['login']}:main", "ref": "main",
                 "sha": clock.hexdigest("main", full), "user": repo["owner"], "repo": repo},
        "_links": {"self": {"href": f"{base_url}/pulls/{number}"},
                   "html": {"href": f"{WEB}/{full}/pull/{number}"},
                   "issue": {"href": f"{base_url}/issues/{number}"},
                   "comments": {"href": f"{base_url}/issues/{number}/comments"},
                   "statuses": {"href": f"{base_url}/statuses/{sha}"}},
        "author_association": "MEMBER", "auto_merge": None, "active_lock_reason": None,
        "merged": merged, "mergeable": None if state == "closed" else True,
        "rebaseable": None if state == "closed" else True,
        "mergeable_state": "unknown" if state == "closed" else "clean",
        "merged_by": author if merged else None, "comments": 0, "review_comments": 0,
        "maintainer_can_modify": False, "commits": 1, "additions": 42, "deletions": 7,
        "changed_files": 3,
    }


def issue(repo: dict, number: int, *, title: str, author: dict, labels: list[dict],
          state: str = "open", created: str | None = None) -> dict:
    full = repo["full_name"]
    issue_id = clock.number("issue", full, number)
    return {
        "url": f"{API}/repos/{full}/issues/{number}", "repository_url": f"{API}/repos/{full}",
        "labels_url": f"{API}/repos/{full}/issues/{number}/labels{{/name}}",
        "comments_url": f"{API}/repos/{full}/issues/{number}/comments",
        "events_url": f"{API}/repos/{full}/issues/{number}/events",
        "html_url": f"{WEB}/{full}/issues/{number}", "id": issue_id,
        "node_id": f"I_kwDO{issue_id}", "number": number, "title": title, "user": author,
        "labels": labels, "state": state, "locked": False, "assignee": None, "assignees": [],
        "milestone": None, "comments": 0, "created_at": created or clock.ago(hours=30),
        "updated_at": clock.ago(hours=5),
        "closed_at": clock.ago(hours=5) if state == "closed" else None,
        "author_association": "MEMBER", "active_lock_reason": None, "body": None,
        "state_reason": "completed" if state == "closed" else None,
        "timeline_url": f"{API}/repos/{full}/issues/{number}/timeline",
        "performed_via_github_app": None,
    }


def issue_view_of_pull(pr: dict, comment_count: int) -> dict:
    """A pull request as the issues endpoints show it: an issue with a `pull_request` key."""
    full = pr["base"]["repo"]["full_name"]
    view = issue(pr["base"]["repo"], pr["number"], title=pr["title"], author=pr["user"],
                 labels=pr["labels"], state=pr["state"], created=pr["created_at"])
    view.update({"id": pr["id"], "html_url": pr["html_url"], "comments": comment_count,
                 "updated_at": pr["updated_at"], "closed_at": pr["closed_at"],
                 "draft": pr["draft"], "body": pr["body"],
                 "state_reason": None if pr["state"] == "open" else
                 ("completed" if pr["merged_at"] else None),
                 "pull_request": {"url": f"{API}/repos/{full}/pulls/{pr['number']}",
                                  "html_url": pr["html_url"], "diff_url": pr["diff_url"],
                                  "patch_url": pr["patch_url"], "merged_at": pr["merged_at"]}})
    return view


def comment(full_name: str, number: int, *, author: dict, body: str, created: str,
            seq: int = 0) -> dict:
    comment_id = clock.number("comment", full_name, number, seq)
    return {
        "url": f"{API}/repos/{full_name}/issues/comments/{comment_id}",
        "html_url": f"{WEB}/{full_name}/pull/{number}#issuecomment-{comment_id}",
        "issue_url": f"{API}/repos/{full_name}/issues/{number}", "id": comment_id,
        "node_id": f"IC_kwDO{comment_id}", "user": author, "created_at": created,
        "updated_at": created, "author_association": "MEMBER" if author["type"] == "User"
        else "NONE", "body": body,
        "reactions": {"url": f"{API}/repos/{full_name}/issues/comments/{comment_id}/reactions",
                      "total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "hooray": 0,
                      "confused": 0, "heart": 0, "rocket": 0, "eyes": 0},
        "performed_via_github_app": None,
    }


def check_run(full_name: str, sha: str, name: str, *, status: str = "completed",
              conclusion: str | None = "success", started: str | None = None,
              completed: str | None = None, pull_numbers: tuple[int, ...] = ()) -> dict:
    run_id = clock.number("check", full_name, sha, name, status, conclusion)
    started = started or clock.ago(minutes=50)
    if status == "completed":
        completed = completed or clock.ago(minutes=44)
    else:
        completed, conclusion = None, None
    return {
        "id": run_id, "name": name, "node_id": f"CR_kwDO{run_id}", "head_sha": sha,
        "external_id": clock.hexdigest("ext", run_id, length=32),
        "url": f"{API}/repos/{full_name}/check-runs/{run_id}",
        "html_url": f"{WEB}/{full_name}/actions/runs/{run_id // 7}/job/{run_id}",
        "details_url": f"{WEB}/{full_name}/actions/runs/{run_id // 7}/job/{run_id}",
        "status": status, "conclusion": conclusion, "started_at": started,
        "completed_at": completed,
        "output": {"title": None, "summary": None, "text": None, "annotations_count": 0,
                   "annotations_url": f"{API}/repos/{full_name}/check-runs/{run_id}/annotations"},
        "check_suite": {"id": clock.number("suite", full_name, sha, name)},
        "app": {"id": 15368, "slug": "github-actions", "node_id": "MDM6QXBwMTUzNjg=",
                "owner": user("github", 9919) | {"type": "Organization"},
                "name": "GitHub Actions", "description": "Automate your workflow from idea to "
                "production", "external_url": "https://help.github.com/en/actions",
                "html_url": "https://github.com/apps/github-actions",
                "created_at": "2018-07-30T09:30:17Z", "updated_at": "2024-04-10T20:33:16Z",
                "permissions": {}, "events": []},
        "pull_requests": [{"url": f"{API}/repos/{full_name}/pulls/{n}", "id":
                           clock.number("pull", full_name, n), "number": n,
                           "head": {"ref": f"feat/preview-{n}", "sha": sha},
                           "base": {"ref": "main", "sha": clock.hexdigest("main", full_name)}}
                          for n in pull_numbers],
    }


def issue_event(full_name: str, number: int, event: str, label_name: str, *, actor: str,
                created: str, seq: int, color: str = "ededed") -> dict:
    """One entry of `GET /repos/{o}/{r}/issues/{n}/events` (a `labeled`/`unlabeled` event)."""
    event_id = clock.number("issue-event", full_name, number, seq)
    return {"id": event_id, "node_id": f"LE_lADO{event_id}",
            "url": f"{API}/repos/{full_name}/issues/events/{event_id}",
            "actor": user(actor), "event": event, "commit_id": None, "commit_url": None,
            "created_at": created, "label": {"name": label_name, "color": color},
            "performed_via_github_app": None}
