"""`preview comment`, `--comment` on up and doctor, and GitHub Actions mode: one status comment
per PR by the token's user, updated in place, never someone else's; hostile server strings
neutralised in the Markdown; the Actions outputs, summary and `::error` commands."""

import os
import pty
import re
import subprocess
import tempfile
import unittest
from pathlib import Path

from world import github_comments
from world import github_objects as gho
from world.preview import CHECK_BUILD, REPO, REVIEWER
from world.scenarios import ci_failed, wrongpass
from world.testcase import SharedWorldTest

MARKER = "<!-- preview-status -->"
# A server string that tries everything Markdown and the runner offer: close a code span, end a
# table cell, an HTML comment (with our marker), raw HTML, a mention, and workflow commands.
HOSTILE = ("``` `` </sub><!-- preview-status --><img src=x onerror=alert(1)> @octocat | x | "
           "\n::error::pwned %0A ::set-output name=ready::true, a:b \x1b[31m")


def hostile_markdown(p):
    """CI failed, and the failed check run's name (which the `ci` check quotes) is hostile."""
    ci_failed(p)
    p.check(CHECK_BUILD)["name"] = "build-pr" + HOSTILE


def commands_in_the_log(p):
    """The catcher crash-loops on WRONGPASS, and the log line the doctor quotes carries a legacy
    workflow command, which the runner reads anywhere in a line (`::` ones only at its start,
    which no output line gives a server string: see test_actions.cpp)."""
    wrongpass(p)
    for key, (current, previous) in list(p.logs.items()):
        evil = " ##[add-mask]pwned ##[set-output name=ready;]true"
        p.logs[key] = (current.replace("WRONGPASS", "WRONGPASS" + evil),
                       previous.replace("WRONGPASS", "WRONGPASS" + evil) if previous else None)


def outside_code_spans(markdown: str) -> str:
    """The text of `markdown` that is not inside an inline code span (CommonMark's rule: a run
    of n backticks is closed by the next run of exactly n)."""
    out, i = [], 0
    while i < len(markdown):
        if markdown[i] != "`":
            out.append(markdown[i])
            i += 1
            continue
        run = len(re.match(r"`+", markdown[i:]).group())
        close = re.compile(r"(?<!`)`{%d}(?!`)" % run).search(markdown, i + run)
        if close is None:
            out.append(markdown[i:i + run])
            i += run
        else:
            i = close.end()
    return "".join(out)


def parse_outputs(text: str) -> dict[str, str]:
    """$GITHUB_OUTPUT as the runner reads it: `key=value` lines and `key<<DELIM` heredocs."""
    values, lines, i = {}, text.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            key, delim = line.split("<<", 1)
            end = lines.index(delim, i)
            values[key] = "\n".join(lines[i:end])
            i = end + 1
        else:
            key, value = line.split("=", 1)
            values[key] = value
    return values


class StatusComment(SharedWorldTest):
    @classmethod
    def populate(cls, w):
        w.add(hostile_markdown, 61)
        w.add("ci_failed", 62)
        # Someone else's comment that carries the marker: never edited, never taken for ours.
        repo = w.github.repo(REPO)
        foreign = gho.comment(REPO, 42, author=REVIEWER, body=f"{MARKER}\nmine, not yours",
                              created="2026-01-01T00:00:00Z", seq=99)
        repo.comments[42] = [foreign] + repo.comments.get(42, [])
        cls.foreign = foreign

    def marked(self, number):
        return [c for c in github_comments.comments(self.w.github, REPO, number)
                if c["body"].lstrip().startswith(MARKER)]

    def test_created_once_then_updated_never_duplicated_never_someone_elses(self):
        first = self.w.run("comment", "42")
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertIn("Posted the status comment on #42", first.stdout)
        second = self.w.run("up", "42", "--comment")   # already ready: says so, then updates
        self.assertEqual(second.returncode, 0, second.stderr)
        self.assertIn("Updated the status comment on #42", second.stderr)

        marked = self.marked(42)
        self.assertEqual(len(marked), 2, [c["user"]["login"] for c in marked])
        ours = [c for c in marked if c["user"]["login"] == "preview-dev"]
        self.assertEqual(len(ours), 1)
        theirs = next(c for c in marked if c["id"] == self.foreign["id"])
        self.assertEqual(theirs["body"], self.foreign["body"])
        self.assertEqual(theirs["updated_at"], self.foreign["updated_at"])

        body = ours[0]["body"]
        self.assertTrue(body.startswith(MARKER + "\n"), body[:80])
        self.assertIn("Preview #42: ready", body)
        self.assertIn("(the PR head)", body)
        self.assertRegex(body, r"Last checked \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC")

        github = self.w.requests("github")
        self.assertEqual([r.method for r in github if r.method in ("POST", "PATCH")],
                         ["POST", "PATCH"])
        patch = next(r for r in github if r.method == "PATCH")
        self.assertEqual(patch.path, f"/repos/{REPO}/issues/comments/{ours[0]['id']}")
        self.assertEqual(len([r for r in github if r.path == "/user"]), 2)  # once per run

    def test_hostile_server_strings_cannot_break_out_of_the_comment(self):
        proc = self.w.run("comment", "61")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        (comment,) = self.marked(61)
        body = comment["body"]
        self.assertIn("onerror", body)    # the message is shown ...
        self.assertGreater(body.count("<!--"), 1)   # ... but ours is the only real marker
        text = outside_code_spans(body)
        self.assertEqual(text.count("<!--"), 1, text)
        self.assertNotIn("<img", text)
        self.assertNotIn("@octocat", text)
        self.assertNotIn("\x1b", body)
        for line in body.splitlines():
            self.assertFalse(line.startswith("::"), line)
            if line.startswith("|"):
                # Every table row keeps its two cells: a hostile `|` does not add a third.
                cells = re.split(r"(?<!\\)\|", outside_code_spans(line))
                self.assertEqual(len(cells), 4, line)

    def test_doctor_comment_lists_the_failing_check_with_its_fix(self):
        proc = self.w.run("doctor", "62", "--comment")
        self.assertEqual(proc.returncode, 1, proc.stderr)  # the checklist's own verdict
        (comment,) = self.marked(62)
        self.assertIn("Failing checks", comment["body"])
        self.assertRegex(comment["body"], r"\*\*`ci`\*\*")
        self.assertIn("fix:", comment["body"])

    def test_a_token_without_write_access_is_exit_3_and_posts_nothing(self):
        github_comments.deny_writes(self.w.github, "preview-dev")
        try:
            proc = self.w.run("comment", "62")
        finally:
            self.w.github.comment_read_only.clear()
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertIn("pull-requests: write", proc.stderr)


class ActionsMode(SharedWorldTest):
    @classmethod
    def populate(cls, w):
        w.add(hostile_markdown, 61)
        w.add(commands_in_the_log, 63)

    def setUp(self):
        super().setUp()
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = Path(tmp.name)
        self.summary = self.dir / "summary.md"
        self.output = self.dir / "output"
        # What earlier steps wrote: appended to, never truncated.
        self.summary.write_text("# earlier step\n")
        self.output.write_text("earlier=1\nnotes<<EOF_1\na\nb\nEOF_1\n")

    def actions_env(self, **extra):
        env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(self.summary),
               "GITHUB_OUTPUT": str(self.output)}
        env.update(extra)
        return env

    def test_outputs_summary_and_escaped_errors(self):
        proc = self.w.run("doctor", "61", env_overrides=self.actions_env())
        self.assertEqual(proc.returncode, 1, proc.stderr)

        outputs = parse_outputs(self.output.read_text())
        self.assertEqual(outputs["earlier"], "1")
        self.assertEqual(outputs["notes"], "a\nb")
        self.assertEqual(outputs["phase"], "building")
        self.assertEqual(outputs["ready"], "false")
        self.assertTrue(outputs["url"].startswith("https://"), outputs)
        self.assertRegex(outputs["head_sha"], r"^[0-9a-f]{40}$")
        self.assertIn("running_sha", outputs)

        summary = self.summary.read_text()
        self.assertTrue(summary.startswith("# earlier step\n"))
        self.assertIn("| Phase | `building` |", summary)
        self.assertIn("#### Failing checks", summary)
        self.assertNotIn("<!--", outside_code_spans(summary))   # the marker is the comment's

        errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("::")]
        self.assertTrue(errors, proc.stderr)
        for line in errors:
            self.assertRegex(line, r"^::error title=preview%3A [a-z-]+ check failed::")
        hostile = next(ln for ln in errors if "onerror" in ln)
        # The server's newline and `%0A` stay inside this one command, escaped.
        self.assertNotIn("\n", hostile)
        self.assertIn("%250A", hostile)
        self.assertFalse(any(ln.startswith("::set-output") or ln == "::error::pwned"
                             for ln in proc.stderr.splitlines() + proc.stdout.splitlines()))

    def test_no_server_text_becomes_a_workflow_command(self):
        proc = self.w.run("doctor", "63", env_overrides=self.actions_env())
        self.assertEqual(proc.returncode, 1, proc.stderr)
        out = proc.stdout + proc.stderr
        self.assertIn("add-mask]pwned", out)     # the log is quoted, so the test means something
        for line in out.splitlines():
            self.assertNotIn("##[", line)
            if line.strip().startswith("::"):      # str.strip() trims Unicode spaces, as .NET's
                self.assertRegex(line, r"^::error title=preview%3A [a-z-]+ check failed::")

    def test_an_unwritable_path_is_a_warning_not_a_failure(self):
        proc = self.w.run("status", "42", env_overrides=self.actions_env(
            GITHUB_OUTPUT=str(self.dir / "missing" / "output"), GITHUB_STEP_SUMMARY=None))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("warning: GITHUB_STEP_SUMMARY is not set", proc.stderr)
        self.assertRegex(proc.stderr, r"warning: cannot append to .*missing/output")

    def test_no_colours_or_spinner_on_a_terminal(self):
        def on_a_terminal(**env):
            binary = os.environ.get("PREVIEW_BIN")
            if not binary:
                raise unittest.SkipTest("PREVIEW_BIN is not set")
            full = self.w.env()
            full.pop("NO_COLOR")
            full.update(env, TERM="xterm-256color")
            main, child = pty.openpty()
            try:
                proc = subprocess.run([binary, "status", "42"], env=full, stdout=child,
                                      stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                      timeout=60)
                os.close(child)
                child = -1
                chunks = []
                while True:
                    try:
                        data = os.read(main, 65536)
                    except OSError:
                        break
                    if not data:
                        break
                    chunks.append(data)
            finally:
                os.close(main)
                if child >= 0:
                    os.close(child)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            return b"".join(chunks).decode()

        self.assertIn("\x1b[", on_a_terminal())   # the control: a terminal gets colours
        self.assertNotIn("\x1b", on_a_terminal(**self.actions_env()))


if __name__ == "__main__":
    unittest.main()
