"""`preview open <pr>`: the browser opener runs without a shell, with the URL as one argument;
without a display the URL is printed, like `gh pr view --web`."""

import os
import stat
import tempfile
import unittest
from pathlib import Path

from world.testcase import SharedWorldTest

OPENER = """#!/bin/sh
# Records its arguments, one per line, as a browser opener would receive them.
for arg in "$@"; do printf '%s\\n' "$arg"; done > "$OPENED"
"""


class Open(SharedWorldTest):
    def setUp(self):
        super().setUp()
        self.tmp = tempfile.TemporaryDirectory()
        self.bin = Path(self.tmp.name)
        opener = self.bin / "xdg-open"
        opener.write_text(OPENER)
        opener.chmod(opener.stat().st_mode | stat.S_IXUSR)
        self.opened = self.bin / "opened"

    def tearDown(self):
        self.tmp.cleanup()

    def env(self, **display):
        env = {"PATH": f"{self.bin}:{os.environ.get('PATH', '/usr/bin:/bin')}",
               "OPENED": str(self.opened), "DISPLAY": None, "WAYLAND_DISPLAY": None}
        env.update(display)
        return env

    def test_with_a_display_runs_xdg_open_with_the_url(self):
        proc = self.w.run("open", "42", env_overrides=self.env(DISPLAY=":0"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertTrue(self.opened.exists(), "xdg-open was not run")
        args = self.opened.read_text().splitlines()
        self.assertEqual(len(args), 1, args)
        self.assertIn("/pr-42", args[0])
        self.assertTrue(args[0].startswith("https://"), args)
        self.assertIn("in your browser", proc.stderr)
        self.assertEqual(proc.stdout, "")

    def test_wayland_counts_as_a_display(self):
        proc = self.w.run("open", "#42", env_overrides=self.env(WAYLAND_DISPLAY="wayland-0"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertTrue(self.opened.exists(), "xdg-open was not run")

    def test_without_a_display_prints_the_url_and_runs_nothing(self):
        proc = self.w.run("open", "42", env_overrides=self.env())
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertFalse(self.opened.exists(), "xdg-open ran without a display")
        self.assertRegex(proc.stdout, r"^https://\S+/pr-42\S*\n$")

    def test_sends_no_request(self):
        before = len(self.w.requests())
        proc = self.w.run("open", "42", env_overrides=self.env())
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(len(self.w.requests()), before)

    def test_a_bad_pr_reference_is_a_usage_error(self):
        proc = self.w.run("open", "abc", env_overrides=self.env(DISPLAY=":0"))
        self.assertEqual(proc.returncode, 2)
        self.assertFalse(self.opened.exists())


if __name__ == "__main__":
    unittest.main()
