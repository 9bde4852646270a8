"""Simulated controllers: the world reacts to what `preview up/down/refresh/bump-route` and
`doctor --fix` change, the way Argo CD, ESO, the gateway, the kubelet and CI do.

    with World(controllers=True) as w:                  # wall clock, Timings() defaults
        w.github.repo(REPO).add_labels(50, ["preview"])
        ...PATCH the AppSet's refresh annotation (or let `preview up` do it)...
        w.controllers.run_until(lambda: w.app.health(50), timeout=5)

    World(controllers=Settings(clock=ManualClock(), timings=Timings.per_poll()))
        # deterministic: nothing moves until run_until/step/advance; advance(600_000) runs a
        # requeue poll in no time

Off by default (World(controllers=False)), so the static scenarios stay exactly as installed.

How it hangs together: the object stores and the Argo CD server's recorder tell the hub about
every change (store.watch) and every client poll (recorder.listen); the hub hands changes to
the controllers, which schedule what they will do on a JobQueue with Delays (sim_clock). With a
WallClock a driver thread runs due jobs (waking at least every 20 ms) and counts a client poll
only once the clients went quiet (Settings.quiet_ms), so a poll-counted stage never lands in
the middle of one snapshot; with a ManualClock the test drives. Controller work never runs
concurrently with itself (one work lock).
"""

from __future__ import annotations

import collections
import dataclasses
import re
import sys
import threading
import time
import traceback
from datetime import timedelta
from typing import TYPE_CHECKING, Callable

from . import clock
from .appset_controller import AppSetController
from .argo_sync_controller import ArgoSyncController
from .ci_controller import CiController
from .controller_settings import Failures, Settings, Timings
from .recorder import Recorded
from .repair_controllers import EsoController, GatewayController, Kubelet
from .sim_clock import Delay, JobQueue, as_delay

if TYPE_CHECKING:
    from .rollout import Rollout
    from .world import World

_TICK_S = 0.02          # the driver thread's longest sleep


class Controllers:
    def __init__(self, world: "World", settings: Settings | None = None):
        self.world = world
        self.settings = settings or Settings()
        self.clock = self.settings.clock
        self.queue = JobQueue()
        self.log: list[str] = []                       # "[  123 ms] what happened"
        self.rollouts: dict[int, "Rollout"] = {}       # PRs the AppSet generated
        self.client_polls = 0                          # client LISTs of Applications
        self._settled_polls = 0                        # ...as of the clients' last quiet moment
        self._last_answer = time.monotonic()
        self.errors: list[str] = []                    # exceptions in controller code
        self._failures: dict[int, Failures] = {}
        self._events: collections.deque = collections.deque()
        self._cond = threading.Condition()
        self._work = threading.RLock()
        self._poll_path = re.compile(self.settings.poll_path)
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._hooked = False
        self.appset = AppSetController(self, stuck=self.settings.appset_stuck)
        self.gateway = GatewayController(self)
        self.eso = EsoController(self)
        self.kubelet = Kubelet(self)
        self.ci = CiController(self)
        self.argo_sync = ArgoSyncController(self)
        self._handlers = [self.appset.on_event, self.gateway.on_event, self.eso.on_event,
                          self.argo_sync.on_event]

    # -- the world's pieces -------------------------------------------------------------------

    argo = property(lambda self: self.world.argo)
    workload = property(lambda self: self.world.workload)
    github = property(lambda self: self.world.github)
    registry = property(lambda self: self.world.registry)
    app = property(lambda self: self.world.app)

    @property
    def timings(self) -> Timings:
        return self.settings.timings

    @property
    def refresh_polls(self) -> int:
        """GitHub polls the refresh annotation caused."""
        return self.appset.polls_by_reason["refresh"]

    @property
    def requeue_polls(self) -> int:
        return self.appset.polls_by_reason["requeue"]

    @property
    def github_polls(self) -> int:
        """Every reconcile of the AppSet, whatever caused it."""
        return self.appset.polls

    def now(self) -> str:
        """Timestamps in objects are real time (the binary compares them with its clock), or
        Settings.epoch plus the controllers' clock."""
        if self.settings.epoch is not None:
            return clock.stamp(self.settings.epoch + timedelta(milliseconds=self.clock.now_ms()))
        return clock.stamp(clock.now())

    def now_ms(self) -> float:
        return self.clock.now_ms()

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> "Controllers":
        if not self._hooked:
            stores = {id(s.store): s.store for s in (self.argo, self.workload)}
            for store in stores.values():
                store.watch(self._on_store)
            for server in self.world._unique_servers():
                server.recorder.listen(self._on_request)
            self._hooked = True
        if self.settings.epoch is not None:
            self.github.set_clock(self.now)
        with self._work:
            self.appset.start()
        if not self.clock.manual and self._thread is None:
            self._stopping.clear()
            self._thread = threading.Thread(target=self._drive, name="world-controllers",
                                            daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        with self._cond:
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    # -- configuration ------------------------------------------------------------------------

    def failures(self, number: int) -> Failures:
        return self._failures.setdefault(number, Failures())

    def inject(self, number: int, **failures) -> Failures:
        """Set failure injections for PR `number` (names of Failures' fields). ci_failed and
        artifact_missing change GitHub/the registry for the current head at once."""
        f = self.failures(number)
        names = {fld.name for fld in dataclasses.fields(Failures)}
        for name, value in failures.items():
            if name not in names:
                raise TypeError(f"unknown failure {name!r}; one of {sorted(names)}")
            setattr(f, name, tuple(value) if name == "unsynced_secrets" else value)
        if failures.get("ci_failed"):
            self.ci.fail_head(number)
        if failures.get("artifact_missing"):
            from .preview import IMAGE_REPO, REPO
            pr = self.github.repo(REPO).pull(number)
            if pr is not None:
                self.registry.remove_tag(IMAGE_REPO, f"pr-{number}-{pr['head']['sha']}",
                                         f"pr-{number}")
        return f

    def forget(self, number: int) -> None:
        """Drop what is in flight for PR `number` (World.install replaced its objects)."""
        for key in (number, ("down", number), ("ci", number)):
            self.queue.cancel(key)
        self.rollouts.pop(number, None)

    # -- for the controllers ------------------------------------------------------------------

    def schedule(self, delay: Delay | int | float, label: str, fn: Callable[[], None],
                 key: object = None) -> None:
        delay = as_delay(delay)
        with self._cond:
            polls = self.client_polls
            self._cond.notify_all()
        self.queue.add(self.clock.now_ms() + delay.ms, polls + delay.polls, label, fn, key)

    def cancel(self, key: object) -> int:
        return self.queue.cancel(key)

    def note(self, message: str) -> None:
        self.log.append(f"[{self.clock.now_ms():7.0f} ms] {message}")

    # -- hooks (called on server threads, under the store lock: only queue) --------------------

    def _on_store(self, event: str, old: dict | None, new: dict | None) -> None:
        with self._cond:
            self._events.append((event, old, new))
            self._cond.notify_all()

    def _on_request(self, rec: Recorded) -> None:
        with self._cond:
            self._last_answer = time.monotonic()
            if rec.server == self.argo.name and rec.method == "GET" and rec.status == 200 \
                    and self._poll_path.search(rec.path):
                self.client_polls += 1
                self._cond.notify_all()

    def _polls_seen(self) -> int:
        """Polls that poll-counted jobs may count: with a ManualClock all of them (the test
        calls in between snapshots); with a WallClock only once the clients went quiet."""
        with self._cond:
            if self.clock.manual or \
                    time.monotonic() - self._last_answer >= self.settings.quiet_ms / 1000:
                self._settled_polls = self.client_polls
            return self._settled_polls

    # -- driving ------------------------------------------------------------------------------

    def _dispatch_events(self) -> bool:
        with self._cond:
            events = list(self._events)
            self._events.clear()
        for event in events:
            for handler in self._handlers:
                self._guarded(f"handling {event[0]}", lambda h=handler: h(*event))
        return bool(events)

    def _run(self, job) -> None:
        self._guarded(job.label, job.fn)
        self._dispatch_events()

    def _guarded(self, what: str, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception:      # a bug in the world: keep the controllers alive, say it loudly
            trace = traceback.format_exc()
            self.errors.append(f"{what}: {trace}")
            self.note(f"ERROR in {what}")
            sys.stderr.write(f"test world controllers: error in {what}\n{trace}")

    def _pump(self) -> int:
        """Run everything due now; returns how many jobs ran."""
        ran = 0
        with self._work:
            while True:
                self._dispatch_events()
                job = self.queue.take(self.clock.now_ms(), self._polls_seen())
                if job is None:
                    return ran
                self._run(job)
                ran += 1

    def _drive(self) -> None:
        while not self._stopping.is_set():
            self._pump()
            due = self.queue.next_due_ms(self._polls_seen())
            wait = _TICK_S if due is None else \
                min(_TICK_S, max(0.0, (due - self.clock.now_ms()) / 1000 / self.clock.speed))
            with self._cond:
                if not self._events and not self._stopping.is_set():
                    self._cond.wait(wait)

    def step(self) -> str | None:
        """Run the next job (a ManualClock jumps to its time); returns its label, or None when
        nothing can run (what is left waits for client polls, or nothing is pending)."""
        with self._work:
            self._dispatch_events()
            job = self.queue.take(self.clock.now_ms(), self._polls_seen())
            if job is None and self.clock.manual:
                job = self.queue.take(None, self._polls_seen())
            if job is None:
                return None
            self.clock.advance_to(job.due_ms)
            self._run(job)
            return job.label

    def advance(self, ms: float) -> int:
        """ManualClock: move time forward by `ms`, running what falls due; returns jobs run."""
        if not self.clock.manual:
            raise RuntimeError("advance() needs Settings(clock=ManualClock())")
        target, ran = self.clock.now_ms() + ms, 0
        with self._work:
            while True:
                self._dispatch_events()
                job = self.queue.take(target, self._polls_seen())
                if job is None:
                    break
                self.clock.advance_to(job.due_ms)
                self._run(job)
                ran += 1
            self.clock.advance_to(target)
        return ran

    def settle(self, horizon_ms: float = 60_000) -> int:
        """ManualClock: run everything due within `horizon_ms` (the 10-minute requeue stays
        out by default); returns jobs run."""
        return self.advance(horizon_ms)

    def run_until(self, predicate: Callable[[], object], timeout: float = 5.0,
                  what: str | None = None):
        """Wait until predicate() is truthy and return its value; TimeoutError after `timeout`
        wall seconds. With a ManualClock the controllers are stepped (time jumps to each next
        job); with a WallClock the driver thread does the work and this only polls."""
        deadline = time.monotonic() + timeout
        while True:
            if self.clock.manual:
                with self._work:
                    self._dispatch_events()
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                recent = "\n  ".join(self.log[-12:])
                raise TimeoutError(f"{what or 'condition'} not reached in {timeout} s; "
                                   f"controller log:\n  {recent}")
            if not (self.clock.manual and self.step() is not None):
                time.sleep(self._pause())

    def _pause(self) -> float:
        """run_until's sleep: short, unless a job waits for the clients to go quiet (then a
        predicate that calls the servers in a tight loop would hold it back forever)."""
        if self.clock.manual:
            return 0.005
        polls = self.client_polls
        waiting = any(self._settled_polls < j.due_polls <= polls for j in self.queue.pending())
        return self.settings.quiet_ms / 1000 * 1.5 if waiting else 0.005

    def pending(self) -> list[str]:
        """Labels of the jobs waiting, earliest first (for debugging a test)."""
        return [f"{j.label} @{j.due_ms:.0f} ms/{j.due_polls} polls" for j in self.queue.pending()]
