"""The state of the fake GitHub: repositories with pull requests, issues, labels, comments and
check runs, and the label mutations the API offers (with GitHub's case-insensitive names)."""

from __future__ import annotations

import copy
import threading
from typing import Callable

from . import clock
from . import github_objects as gho


class Repo:
    def __init__(self, full_name: str, repo_id: int, private: bool = False):
        self.full_name = full_name
        self.id = repo_id
        self.data = gho.repository(full_name, repo_id, private)
        self._lock = threading.RLock()
        self._labels: dict[str, dict] = {}            # catalog, keyed by lower-case name
        self.pulls: dict[int, dict] = {}
        self.issues: dict[int, dict] = {}             # plain issues (not PRs)
        self.comments: dict[int, list[dict]] = {}
        self.check_runs: dict[str, list[dict]] = {}   # by head SHA
        self.events: dict[int, list[dict]] = {}       # issue events (label changes), oldest first
        self.now: Callable[[], str] = lambda: clock.stamp(clock.now())   # event/updated stamps

    # -- setup --------------------------------------------------------------------------------

    def label(self, name: str, color: str = "ededed", description: str | None = None) -> dict:
        """The catalog label with this name (any case), created if unknown."""
        with self._lock:
            key = name.lower()
            if key not in self._labels:
                self._labels[key] = gho.label(self.full_name, name, color, description)
            return copy.deepcopy(self._labels[key])

    def put_pull(self, pr: dict) -> None:
        with self._lock:
            pr = copy.deepcopy(pr)
            pr["labels"] = [self.label(lb["name"], lb["color"], lb.get("description"))
                            for lb in pr["labels"]]
            self.pulls[pr["number"]] = pr
            self.issues.pop(pr["number"], None)

    def put_issue(self, issue: dict) -> None:
        with self._lock:
            self.issues[issue["number"]] = copy.deepcopy(issue)

    def remove(self, number: int) -> None:
        with self._lock:
            self.pulls.pop(number, None)
            self.issues.pop(number, None)
            self.comments.pop(number, None)
            self.events.pop(number, None)

    def set_comments(self, number: int, comments: list[dict]) -> None:
        with self._lock:
            self.comments[number] = copy.deepcopy(comments)

    def set_events(self, number: int, events: list[dict]) -> None:
        with self._lock:
            self.events[number] = copy.deepcopy(events)

    def add_event(self, number: int, event: str, label_name: str, *, actor: str = "preview-dev",
                  created: str | None = None) -> dict:
        """Appends a label event (also a hand-made hostile one: any name, any `created`)."""
        with self._lock:
            events = self.events.setdefault(number, [])
            item = gho.issue_event(self.full_name, number, event, label_name, actor=actor,
                                   created=created or self.now(), seq=len(events))
            events.append(item)
            return copy.deepcopy(item)

    def events_of(self, number: int) -> list[dict]:
        with self._lock:
            return copy.deepcopy(self.events.get(number, []))

    def set_check_runs(self, sha: str, runs: list[dict]) -> None:
        with self._lock:
            self.check_runs[sha] = copy.deepcopy(runs)

    # -- reading ------------------------------------------------------------------------------

    def pull(self, number: int) -> dict | None:
        with self._lock:
            pr = self.pulls.get(number)
            if pr is None:
                return None
            pr = copy.deepcopy(pr)
            pr["comments"] = len(self.comments.get(number, []))
            return pr

    def issue_views(self) -> list[dict]:
        """Issues and pull requests together, as /issues lists them."""
        with self._lock:
            views = [gho.issue_view_of_pull(pr, len(self.comments.get(n, [])))
                     for n, pr in self.pulls.items()]
            views += [copy.deepcopy(i) | {"comments": len(self.comments.get(n, []))}
                      for n, i in self.issues.items()]
            return views

    def comments_of(self, number: int) -> list[dict]:
        with self._lock:
            return copy.deepcopy(self.comments.get(number, []))

    def runs_for(self, ref: str) -> list[dict] | None:
        """Check runs for a SHA or a branch name; None if the commit is unknown."""
        with self._lock:
            sha = next((pr["head"]["sha"] for pr in self.pulls.values()
                        if pr["head"]["ref"] == ref), ref)
            known = sha in self.check_runs or any(pr["head"]["sha"] == sha
                                                  for pr in self.pulls.values())
            return copy.deepcopy(self.check_runs.get(sha, [])) if known else None

    def exists(self, number: int) -> bool:
        with self._lock:
            return number in self.pulls or number in self.issues

    # -- label mutations (POST/PUT/DELETE .../issues/{n}/labels) ------------------------------

    def _item(self, number: int) -> dict:
        return self.pulls[number] if number in self.pulls else self.issues[number]

    def labels_of(self, number: int) -> list[dict]:
        with self._lock:
            return copy.deepcopy(self._item(number)["labels"])

    def add_labels(self, number: int, names: list[str]) -> list[dict]:
        with self._lock:
            item = self._item(number)
            if not names:  # documented: an empty array removes all labels
                item["labels"] = []
            present = {lb["name"].lower() for lb in item["labels"]}
            for name in names:
                if name.lower() not in present:
                    item["labels"].append(self.label(name))
                    present.add(name.lower())
                    self.add_event(number, "labeled", self.label(name)["name"])
            item["updated_at"] = self.now()
            return copy.deepcopy(item["labels"])

    def set_labels(self, number: int, names: list[str]) -> list[dict]:
        with self._lock:
            self._item(number)["labels"] = []
            return self.add_labels(number, names) if names else []

    def remove_label(self, number: int, name: str) -> list[dict] | None:
        """Remaining labels, or None when the label is not on the issue."""
        with self._lock:
            item = self._item(number)
            kept = [lb for lb in item["labels"] if lb["name"].lower() != name.lower()]
            if len(kept) == len(item["labels"]):
                return None
            for gone in item["labels"]:
                if gone not in kept:
                    self.add_event(number, "unlabeled", gone["name"])
            item["labels"] = kept
            item["updated_at"] = self.now()
            return copy.deepcopy(kept)
