"""GitHub Actions for the preview's PRs: a push gives the PR a new head whose check runs go
queued -> in_progress (Timings.ci_start) -> completed (Timings.ci_complete); a green build
pushes the image tags `pr-N-SHA` and `pr-N`, the kustomize job the kustomize tag, and the
kubelet then retries pods that waited for the image.

Failures.ci_failed makes the build check fail (no image; the kustomize job stays green, as in
scenarios.ci_failed).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from . import clock
from . import github_objects as gho
from .preview import CHECK_BUILD, CHECKS, IMAGE_REPO, KUSTOMIZE_REPO, REPO

if TYPE_CHECKING:
    from .controllers import Controllers


class CiController:
    def __init__(self, hub: "Controllers"):
        self.hub = hub
        self._pushes: Counter[int] = Counter()

    def _repo(self):
        return self.hub.github.repo(REPO)

    def push(self, number: int, sha: str | None = None) -> str:
        """A new commit on PR `number`'s branch; returns its SHA. CI starts for it."""
        repo = self._repo()
        pr = repo.pull(number)
        if pr is None:
            raise KeyError(f"PR {number} is not in {REPO}")
        self._pushes[number] += 1
        sha = sha or clock.hexdigest("push", number, self._pushes[number])
        now = self.hub.now()
        pr.pop("comments", None)                   # derived by the store on every read
        pr["head"]["sha"] = sha
        pr["updated_at"] = now
        pr["statuses_url"] = pr["statuses_url"].rsplit("/", 1)[0] + f"/{sha}"
        repo.put_pull(pr)
        runs = [gho.check_run(REPO, sha, name, status="queued", started=now,
                              pull_numbers=(number,)) for name in CHECKS]
        repo.set_check_runs(sha, runs)
        self.hub.note(f"ci: pr-{number} pushed {sha[:8]}, checks queued")
        self.hub.schedule(self.hub.timings.ci_start, f"ci pr-{number} in_progress",
                          lambda: self._progress(number, sha), key=("ci", number))
        return sha

    def _progress(self, number: int, sha: str) -> None:
        now = self.hub.now()
        self._edit_runs(sha, lambda run: run.update(status="in_progress", started_at=now))
        self.hub.schedule(self.hub.timings.ci_complete, f"ci pr-{number} completed",
                          lambda: self._complete(number, sha), key=("ci", number))

    def _complete(self, number: int, sha: str) -> None:
        now, failed = self.hub.now(), self.hub.failures(number).ci_failed

        def finish(run: dict) -> None:
            bad = failed and run["name"] == CHECK_BUILD
            run.update(status="completed", conclusion="failure" if bad else "success",
                       completed_at=now)
            if bad:
                run["output"] = dict(run["output"], title="Build failed",
                                     summary="Process completed with exit code 1.")
        self._edit_runs(sha, finish)
        tag = f"pr-{number}-{sha}"
        if not failed:
            self.hub.registry.add_tag(IMAGE_REPO, tag, f"pr-{number}")
        self.hub.registry.add_tag(KUSTOMIZE_REPO, tag)
        self.hub.note(f"ci: pr-{number} {sha[:8]} " + ("build failed" if failed else "green"))
        self.hub.kubelet.retry_pulls(number)

    def fail_head(self, number: int) -> None:
        """The build of the PR's current head failed: check red, no image tags."""
        repo = self._repo()
        pr = repo.pull(number)
        if pr is None:
            return
        sha = pr["head"]["sha"]

        def fail(run: dict) -> None:
            if run["name"] == CHECK_BUILD:
                run.update(status="completed", conclusion="failure",
                           completed_at=run.get("completed_at") or self.hub.now(),
                           output=dict(run["output"], title="Build failed",
                                       summary="Process completed with exit code 1."))
        self._edit_runs(sha, fail)
        self.hub.registry.remove_tag(IMAGE_REPO, f"pr-{number}-{sha}", f"pr-{number}")

    def _edit_runs(self, sha: str, edit) -> None:
        repo = self._repo()
        runs = repo.runs_for(sha) or []
        for run in runs:
            edit(run)
        repo.set_check_runs(sha, runs)
