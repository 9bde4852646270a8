"""Ctrl-C during `up` / `down` on a terminal: the live spinner line is ended (the prompt starts on
its own line), and the user is told that the label change stays and how to undo it."""

import os
import pty
import select
import signal
import subprocess
import time
import unittest

from world.testcase import OwnWorldTest

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
GENEROUS = 60  # seconds; only a backstop, the test waits for output, not for time


def read_until(fd: int, buffer: bytearray, predicate) -> None:
    """Reads the terminal until predicate(text) holds or the child closes it."""
    deadline = time.monotonic() + GENEROUS
    while not predicate(buffer.decode("utf-8", "replace")) and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the child closed its end
            return
        if not chunk:
            return
        buffer.extend(chunk)


class Interrupt(OwnWorldTest):
    def interrupt_while_following(self, *args: str):
        """Runs preview on a pseudo-terminal, sends SIGINT once the spinner shows, and returns
        (exit code, terminal text, stderr)."""
        binary = os.environ.get("PREVIEW_BIN")
        if not binary:
            self.skipTest("PREVIEW_BIN is not set (build the binary, run via ctest)")
        master, slave = pty.openpty()
        proc = subprocess.Popen([binary, *args], env=self.w.env(), cwd=self.w.dir,
                                stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE)
        os.close(slave)
        out = bytearray()
        try:
            read_until(master, out, lambda text: any(c in text for c in SPINNER))
            self.assertTrue(any(c in out.decode() for c in SPINNER), out.decode())
            proc.send_signal(signal.SIGINT)
            read_until(master, out, lambda text: False)  # to the end
            err = proc.stderr.read().decode()
            code = proc.wait(timeout=GENEROUS)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stderr.close()
            os.close(master)
        return code, out.decode("utf-8", "replace"), err

    def assert_live_line_ended(self, terminal: str):
        self.assertTrue(terminal.endswith("\n"), repr(terminal[-120:]))
        last = terminal.rsplit("\x1b[2K", 1)[-1]
        self.assertFalse(any(c in last for c in SPINNER), repr(last))

    def test_ctrl_c_during_up_ends_the_line_and_says_the_label_stays(self):
        code, terminal, err = self.interrupt_while_following("up", "5", "--interval", "0.5")
        self.assertEqual(code, 130, err)
        self.assert_live_line_ended(terminal)
        self.assertIn('label stays on #5', err)
        self.assertIn("preview down 5", err)
        self.assertIn("gh pr edit 5 --remove-label preview", err)

    def test_ctrl_c_during_down_says_the_teardown_goes_on(self):
        # Without the simulated controllers nothing is torn down: down follows until stopped.
        code, terminal, err = self.interrupt_while_following("down", "42", "--interval", "0.5")
        self.assertEqual(code, 130, err)
        self.assert_live_line_ended(terminal)
        self.assertIn("teardown goes on", err)
        self.assertIn("preview up 42", err)


if __name__ == "__main__":
    unittest.main()
