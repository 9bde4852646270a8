"""man/preview.1 renders without a single groff warning (what `man preview` shows)."""

import shutil
import subprocess
import unittest
from pathlib import Path

MAN_PAGE = Path(__file__).resolve().parents[2] / "man/preview.1"


class ManPage(unittest.TestCase):
    def test_renders_without_warnings(self):
        if shutil.which("groff") is None:
            self.skipTest("groff is not installed (tests/deps.sh installs groff-base)")
        # -ww: every warning; -z: no output, only the diagnostics.
        proc = subprocess.run(["groff", "-man", "-ww", "-z", str(MAN_PAGE)],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")

    def test_renders_on_a_terminal_without_warnings(self):
        # What `man preview` formats: a terminal device at the terminal's width, where a long
        # unbreakable word (a URL) gives "can't break line" / "cannot adjust line".
        if shutil.which("groff") is None:
            self.skipTest("groff is not installed (tests/deps.sh installs groff-base)")
        for width in (60, 72, 80, 100, 120, 160):
            for device in ("utf8", "ascii"):
                proc = subprocess.run(
                    ["groff", "-man", f"-T{device}", f"-rLL={width}n", "-ww", "-z",
                     str(MAN_PAGE)], capture_output=True, text=True, timeout=60)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                self.assertEqual(proc.stderr, "", f"-T{device}, {width} columns")

    def test_every_section_of_a_man_page(self):
        sections = [line.split(" ", 1)[1].strip('"') for line in MAN_PAGE.read_text().splitlines()
                    if line.startswith(".SH ")]
        self.assertEqual(sections, ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS",
                                    "GLOBAL OPTIONS", "ENVIRONMENT", "FILES", "PROFILE",
                                    "EXIT STATUS", "EXAMPLES", "SEE ALSO"])


if __name__ == "__main__":
    unittest.main()
