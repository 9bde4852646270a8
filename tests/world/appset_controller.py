"""The ApplicationSet controller with its PullRequest generator (apis.md §4.3, §4.4).

It reconciles ("polls" GitHub) when the `application-set-refresh` annotation appears (then
deletes it, at the end of the reconcile), when any other annotation of the AppSet changes
(Argo CD 3.x requeues on annotation changes), when an Application it owns is deleted, and
every `requeue` after its last reconcile. A poll makes the parent Applications match the open
PRs that carry all the generator's labels: missing ones are generated (rollout.Rollout), ones
whose PR went away are deleted (rollout.teardown).

GitHub is read straight from the world's store, not over HTTP: the controller's requests would
otherwise show up among the binary's recorded requests and rate-limit counts.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from . import argo_objects as argo
from .preview import LABEL
from .rollout import Rollout, parent_tag, roll, teardown
from .sim_common import APPLICATIONS, APPSETS, REFRESH_ANNOTATION, annotations, update

if TYPE_CHECKING:
    from .controllers import Controllers

REQUEUE_KEY = "appset-requeue"


class AppSetController:
    def __init__(self, hub: "Controllers", stuck: bool = False):
        self.hub = hub
        self._stuck = stuck
        self.polls_by_reason: Counter[str] = Counter()
        self._pending: set[str] = set()

    # -- switches and counters ----------------------------------------------------------------

    @property
    def stuck(self) -> bool:
        """A stuck controller does nothing at all: no polls, the annotation stays."""
        return self._stuck

    @stuck.setter
    def stuck(self, value: bool) -> None:
        self._stuck = value
        if not value and REFRESH_ANNOTATION in annotations(self._appset()):
            self.poll_soon("refresh")

    @property
    def polls(self) -> int:
        return sum(self.polls_by_reason.values())

    # -- triggers -----------------------------------------------------------------------------

    def start(self) -> None:
        self._requeue()
        if REFRESH_ANNOTATION in annotations(self._appset()):
            self.poll_soon("refresh")

    def on_event(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is None or new["kind"] != "ApplicationSet" or \
                new["metadata"]["name"] != argo.APPSET or self._stuck:
            return
        before, after = annotations(old), annotations(new)
        if REFRESH_ANNOTATION in after and REFRESH_ANNOTATION not in before:
            self.poll_soon("refresh")     # (our own status writes keep it: no second poll)
        elif event == "MODIFIED" and _without_refresh(before) != _without_refresh(after):
            self.poll_soon("annotation")

    def poll_soon(self, reason: str) -> None:
        if reason in self._pending:
            return
        self._pending.add(reason)
        delay = self.hub.timings.refresh if reason == "refresh" else 0

        def run() -> None:
            self._pending.discard(reason)
            self.poll(reason)
        self.hub.schedule(delay, f"appset poll ({reason})", run)

    def _requeue(self) -> None:
        self.hub.cancel(REQUEUE_KEY)
        self.hub.schedule(self.hub.timings.requeue, "appset poll (requeue)",
                          lambda: self.poll("requeue"), key=REQUEUE_KEY)

    # -- the reconcile ------------------------------------------------------------------------

    def poll(self, reason: str) -> None:
        if self._stuck:
            if reason == "requeue":
                self._requeue()
            return
        appset = self._appset()
        if appset is None:
            return
        self.polls_by_reason[reason] += 1
        wanted = self._wanted(appset)
        store = self.hub.argo.store
        existing = {}
        for app in store.list(APPLICATIONS, argo.ARGO_NS):
            labels = app["metadata"].get("labels", {})
            if labels.get(argo.COMPONENT_LABEL) == "core-catcher" and \
                    labels.get(argo.PR_LABEL, "").isdigit():
                existing[int(labels[argo.PR_LABEL])] = app
        created, deleted, rolled = [], [], []
        for number, sha in sorted(wanted.items()):
            if number not in existing:
                rollout = Rollout(self.hub, number, sha)
                self.hub.rollouts[number] = rollout
                rollout.start()
                created.append(number)
            elif parent_tag(self.hub, number) not in (None, f"pr-{number}-{sha}"):
                roll(self.hub, number, sha)      # the PR head moved: new values for its parent
                rolled.append(number)
        for number, app in sorted(existing.items()):
            if number not in wanted and not app["metadata"].get("deletionTimestamp"):
                teardown(self.hub, number)
                deleted.append(number)
        self.hub.world._refresh_appset_resources()   # package-internal helper
        # The controller deletes the refresh annotation at the end of its reconcile.
        update(store, APPSETS, argo.ARGO_NS, argo.APPSET, _drop_refresh)
        self.hub.note(f"appset poll ({reason}): {len(wanted)} labelled open PRs"
                      + (f", generated {created}" if created else "")
                      + (f", deleted {deleted}" if deleted else "")
                      + (f", rolled {rolled}" if rolled else ""))
        self._requeue()

    def _appset(self) -> dict | None:
        return self.hub.argo.store.get(APPSETS, argo.ARGO_NS, argo.APPSET)

    def _wanted(self, appset: dict) -> dict[int, str]:
        """Open PRs carrying every generator label (exact, case-sensitive): number -> head SHA."""
        owner, name, labels = "stuttgart-things", "homerun2-core-catcher", [LABEL]
        for gen in _generators(appset["spec"].get("generators", [])):
            github = gen.get("pullRequest", {}).get("github")
            if github:
                owner, name = github.get("owner", owner), github.get("repo", name)
                labels = github.get("labels", labels)
        repo = self.hub.github.repos.get(f"{owner}/{name}".lower())
        if repo is None:
            return {}
        wanted = {}
        for number in list(repo.pulls):
            pr = repo.pull(number)
            if pr is None or pr["state"] != "open":
                continue
            names = {lb["name"] for lb in pr["labels"]}
            if all(label in names for label in labels):
                wanted[number] = pr["head"]["sha"]
        return wanted


def _generators(generators: list[dict]):
    for gen in generators:
        yield gen
        yield from _generators(gen.get("matrix", {}).get("generators", []))
        yield from _generators(gen.get("merge", {}).get("generators", []))


def _without_refresh(values: dict) -> dict:
    return {k: v for k, v in values.items() if k != REFRESH_ANNOTATION}


def _drop_refresh(appset: dict) -> None:
    meta = appset["metadata"]
    meta.get("annotations", {}).pop(REFRESH_ANNOTATION, None)
    if not meta.get("annotations"):
        meta.pop("annotations", None)      # the apiserver does not keep empty maps
