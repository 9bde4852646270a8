"""The simulated controllers' sense of time: delays, two clocks and a job queue.

A `Delay` says when something happens after it was set in motion: after `ms` milliseconds of
the controllers' clock AND after `polls` client polls (a poll = one LIST of Applications on the
Argo CD server, which every `preview` snapshot makes exactly once). Poll-counted delays let a
test see every phase in order whatever the binary's poll interval is.

Clocks: `WallClock(speed)` follows time.monotonic (a driver thread does the work, for runs of
the real binary); `ManualClock` moves only when a test steps it, so a test is deterministic and
can jump over a 10-minute requeue in no time.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Delay:
    ms: float = 0
    polls: int = 0

    def __str__(self) -> str:
        parts = ([f"{self.ms:g} ms"] if self.ms else []) + \
                ([f"{self.polls} poll{'s' * (self.polls != 1)}"] if self.polls else [])
        return " and ".join(parts) or "at once"


def after_ms(ms: float) -> Delay:
    return Delay(ms=ms)


def after_polls(polls: int, ms: float = 0) -> Delay:
    return Delay(ms=ms, polls=polls)


AT_ONCE = Delay()


def as_delay(value: "Delay | int | float") -> Delay:
    """Timings accept plain numbers as milliseconds."""
    return value if isinstance(value, Delay) else Delay(ms=value)


class ManualClock:
    """Virtual milliseconds that move only when the controllers are stepped."""

    manual = True

    def __init__(self) -> None:
        self._now = 0.0

    def now_ms(self) -> float:
        return self._now

    def advance_to(self, ms: float) -> None:
        self._now = max(self._now, ms)


class WallClock:
    """Real time since start, times `speed` (speed=100 makes a 600 s requeue take 6 s)."""

    manual = False

    def __init__(self, speed: float = 1.0) -> None:
        self.speed = speed
        self._t0 = time.monotonic()

    def now_ms(self) -> float:
        return (time.monotonic() - self._t0) * 1000.0 * self.speed

    def advance_to(self, ms: float) -> None:
        """Real time cannot be pushed; due jobs simply wait for it."""


@dataclass
class Job:
    due_ms: float
    due_polls: int
    seq: int
    label: str
    fn: Callable[[], None]
    key: object = None               # for cancel(key): e.g. a PR number

    def ready(self, now_ms: float, polls: int) -> bool:
        return self.due_ms <= now_ms and self.due_polls <= polls


@dataclass
class JobQueue:
    """Pending jobs; thread-safe. Ties run in the order they were scheduled."""

    _jobs: list[Job] = field(default_factory=list)
    _seq: itertools.count = field(default_factory=itertools.count)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, due_ms: float, due_polls: int, label: str, fn: Callable[[], None],
            key: object = None) -> Job:
        job = Job(due_ms, due_polls, next(self._seq), label, fn, key)
        with self._lock:
            self._jobs.append(job)
        return job

    def cancel(self, key: object) -> int:
        with self._lock:
            before = len(self._jobs)
            self._jobs = [j for j in self._jobs if j.key != key]
            return before - len(self._jobs)

    def pending(self, label_prefix: str = "") -> list[Job]:
        with self._lock:
            return sorted((j for j in self._jobs if j.label.startswith(label_prefix)),
                          key=lambda j: (j.due_ms, j.seq))

    def take(self, now_ms: float | None, polls: int) -> Job | None:
        """Remove and return the earliest job that may run: due by `now_ms` (None: any time,
        for jumping a manual clock) with its polls seen."""
        with self._lock:
            runnable = [j for j in self._jobs
                        if j.due_polls <= polls and (now_ms is None or j.due_ms <= now_ms)]
            if not runnable:
                return None
            job = min(runnable, key=lambda j: (j.due_ms, j.seq))
            self._jobs.remove(job)
            return job

    def next_due_ms(self, polls: int) -> float | None:
        with self._lock:
            due = [j.due_ms for j in self._jobs if j.due_polls <= polls]
            return min(due) if due else None
