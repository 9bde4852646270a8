"""What the simulated controllers do and when: stage timings and per-PR failure injections.

    Settings()                                   # wall clock, default timings
    Settings(clock=ManualClock())                # tests step it: w.controllers.run_until(...)
    Settings(timings=Timings.per_poll())         # one client poll per stage: every phase seen
    w.controllers.timings.ready = after_ms(500)  # change one stage at run time
    w.controllers.inject(50, seed_failed=True)   # failures for one PR
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime

from .sim_clock import AT_ONCE, Delay, ManualClock, WallClock, after_ms, after_polls, as_delay


@dataclass
class Timings:
    """Each stage's delay after the stage before it (ints are milliseconds).

    Preview life, in order: refresh -> namespace -> secrets -> rollout -> containers -> ready,
    then routes and seed side by side (both from ready); teardown: teardown -> namespace_gone.
    The repairs (route_bump, force_sync, recover) and CI (ci_start, ci_complete) start from
    their trigger.
    """

    refresh: Delay = AT_ONCE              # refresh annotation seen -> GitHub polled
    requeue: Delay = after_ms(600_000)    # regular poll (requeueAfterSeconds) without refresh
    namespace: Delay = after_ms(80)       # parent created -> namespace, quota, ExternalSecrets
    secrets: Delay = after_ms(80)         # -> ExternalSecrets Ready, Secrets written
    rollout: Delay = after_ms(80)         # -> Deployments, StatefulSet, Services, routes, Job;
                                          #    pods Pending
    containers: Delay = after_ms(80)      # -> pods ContainerCreating
    ready: Delay = after_ms(80)           # -> pods Running/Ready (or ImagePullBackOff,
                                          #    CrashLoopBackOff), Applications Healthy
    routes: Delay = after_ms(80)          # ready -> HTTPRoutes Accepted/ResolvedRefs, URL
                                          #    answers
    seed: Delay = after_ms(80)            # ready -> seed Job Complete (or Failed)
    teardown: Delay = after_ms(80)        # parent deleted -> children and workloads gone,
                                          #    namespace Terminating
    namespace_gone: Delay = after_ms(80)  # -> finalizers released: namespace, parent gone
    route_bump: Delay = after_ms(50)      # route annotation changed -> ResolvedRefs re-evaluated
    force_sync: Delay = after_ms(50)      # ExternalSecret annotation changed -> synced
    recover: Delay = after_ms(80)         # secrets synced / image pushed -> pod Running/Ready
    ci_start: Delay = after_ms(80)        # push -> check runs in_progress
    ci_complete: Delay = after_ms(150)    # -> completed, registry tags pushed

    def __setattr__(self, name: str, value) -> None:
        # the generated __init__ assigns through here too, so ints become Delays everywhere
        super().__setattr__(name, as_delay(value))

    @classmethod
    def per_poll(cls, polls: int = 1, **overrides) -> "Timings":
        """Every preview stage (refresh included) waits for `polls` client polls: a follower
        sees each phase, whatever its interval. Repairs and CI keep their millisecond delays."""
        stages = ("refresh", "namespace", "secrets", "rollout", "containers", "ready", "routes",
                  "seed", "teardown", "namespace_gone")
        return cls(**{name: after_polls(polls) for name in stages}, **overrides)

    @classmethod
    def instant(cls, **overrides) -> "Timings":
        """Everything at once (requeue aside): for tests that only care about end states."""
        names = [f.name for f in dataclasses.fields(cls) if f.name != "requeue"]
        return cls(**{name: AT_ONCE for name in names}, **overrides)


@dataclass
class Failures:
    """Failure injections for one PR (w.controllers.inject(n, ...)). Registry state needs no
    flag: a missing image tag gives ImagePullBackOff, a missing kustomize tag ComparisonError."""

    ci_failed: bool = False               # build check fails for the head SHA, no image pushed
    artifact_missing: bool = False        # image tags removed now (-> ImagePullBackOff)
    comparison_error: str | None = None   # core-catcher child cannot render (this message)
    unsynced_secrets: tuple[str, ...] = ()  # ESO cannot sync these until force-synced
    provider_down: bool = False           # ...and force-sync does not help either
    route_unresolved: bool = False        # gateway says BackendNotFound until bumped
    seed_failed: bool = False             # seed Job hits its backoff limit
    stuck_namespace: bool = False         # teardown leaves a pod with a finalizer


@dataclass
class Settings:
    clock: ManualClock | WallClock = field(default_factory=WallClock)
    timings: Timings = field(default_factory=Timings)
    appset_stuck: bool = False            # ApplicationSet controller ignores everything
    poll_path: str = r"^/apis/argoproj\.io/v1alpha1/namespaces/[^/]+/applications$"
    # WallClock only: a poll counts once no server has answered anything for this long, so a
    # poll-counted stage lands between two snapshots of the binary, never inside one.
    quiet_ms: float = 50
    # Object timestamps (and GitHub's label events) are `epoch` plus the controllers' clock
    # instead of real time: with a ManualClock a preview comes up over realistic minutes in no
    # time. Put it far enough in the past that the run ends before the real now.
    epoch: datetime | None = None

    @classmethod
    def of(cls, value: "bool | Settings | dict") -> "Settings":
        if isinstance(value, Settings):
            return value
        if isinstance(value, dict):
            return cls(**value)
        return cls()


__all__ = ["Timings", "Failures", "Settings", "Delay", "after_ms", "after_polls", "AT_ONCE",
           "ManualClock", "WallClock"]
