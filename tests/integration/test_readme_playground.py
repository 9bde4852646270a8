"""The README's by-hand playground section works exactly as written, `down` included: its code
block is run as a bash script (only /tmp/pg and build/dev/preview are pointed at this build)."""

import os
import re
import subprocess
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GENEROUS = 600  # seconds; a backstop only: down and up finish when the controllers have acted


def readme_block() -> str:
    text = (ROOT / "README.md").read_text()
    at = text.index("To try the tool by hand against the test world")
    match = re.search(r"```\n(.*?)```", text[at:], re.S)
    assert match, "no code block after the by-hand section"
    return match.group(1)


class ReadmePlayground(unittest.TestCase):
    def test_the_block_runs_as_written(self):
        binary = os.environ.get("PREVIEW_BIN")
        if not binary:
            self.skipTest("PREVIEW_BIN is not set (build the binary, run via ctest)")
        block = readme_block()
        self.assertIn("--controllers", block)
        self.assertIn("preview down 42", block)
        with tempfile.TemporaryDirectory() as tmp:
            pg = Path(tmp) / "pg"
            script = block.replace("/tmp/pg", str(pg)).replace("build/dev/preview", binary)
            # Each command line reports its exit code, and the playground never outlives us.
            lines = []
            for line in script.splitlines():
                lines.append(line)
                if "preview" in line and not line.rstrip().endswith("&"):
                    lines.append(f'echo "exit $? :: {line.replace(binary, "preview")}"')
            runner = "set -m\ntrap 'kill %1 2>/dev/null' EXIT\n" + "\n".join(lines) + "\nwait\n"
            proc = subprocess.run(["bash", "-c", runner], cwd=ROOT, capture_output=True, text=True,
                                  timeout=GENEROUS, stdin=subprocess.DEVNULL,
                                  env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                                       "HOME": tmp})
            codes = dict((cmd, int(code)) for code, cmd in
                         re.findall(r"^exit (\d+) :: (.*)$", proc.stdout, re.M))
            report = proc.stdout[-3000:] + proc.stderr[-3000:]
            self.assertEqual(codes.get("preview status 7 -v"), 0, report)
            self.assertEqual(codes.get("preview doctor 7"), 1, report)  # PR 7 is the broken one
            self.assertEqual(codes.get("preview down 42"), 0, report)
            self.assertIn("Preview #42 is gone", proc.stdout, report)
            self.assertEqual(codes.get("preview up 42"), 0, report)
            self.assertIn("Preview #42 is ready", proc.stdout, report)
            env_sh = (pg / "env.sh").read_text() if (pg / "env.sh").exists() else ""
            self.assertNotIn("NO_COLOR", env_sh, "colours must be seen in the playground")


if __name__ == "__main__":
    unittest.main()
