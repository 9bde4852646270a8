"""For tests that change the world while the binary follows it: the binary in a thread, and a
bounded wait for something the world records. The bounds are backstops, never the expectation."""

from __future__ import annotations

import os
import subprocess
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


class Watching:
    """`$PREVIEW_BIN *args` that runs until stopped (`status --watch`), its stdout collected."""

    def __init__(self, world, *args: str):
        self.proc = subprocess.Popen([os.environ["PREVIEW_BIN"], *args], env=world.env(),
                                     cwd=world.dir, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                                     text=True)
        self._output: list[str] = []
        self._reader = threading.Thread(target=lambda: self._output.extend(self.proc.stdout))
        self._reader.start()

    def text(self) -> str:
        return "".join(self._output)

    def stop(self) -> str:
        """Ends it (SIGTERM; SIGKILL after the backstop) and returns all it printed."""
        self.proc.terminate()
        try:
            self.proc.wait(BACKSTOP)
        finally:
            self.proc.kill()
            self._reader.join(BACKSTOP)
        return self.text()
