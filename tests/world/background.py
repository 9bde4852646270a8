"""For tests that change the world while the binary follows it: the binary in a thread, and a
bounded wait for something the world records. The bounds are backstops, never the expectation."""

from __future__ import annotations

import threading
import time

BACKSTOP = 60


def wait_for(predicate, what: str, timeout: float = BACKSTOP):
    """The predicate's first truthy value."""
    end = time.monotonic() + timeout
    while not (value := predicate()):
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)
    return value


class Background:
    """`run(*args, **kwargs)` (e.g. `w.run`, which blocks) in a thread."""

    def __init__(self, run, *args, **kwargs):
        self.result = None
        self.thread = threading.Thread(
            target=lambda: setattr(self, "result", run(*args, **kwargs)))
        self.thread.start()

    def join(self):
        self.thread.join(BACKSTOP + 5)
        return self.result
