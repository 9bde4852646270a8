"""The status comment as the README's GitHub Actions workflow makes it: with the workflow's
`github.token` (an installation token: `GET /user` is refused, comments are by
`github-actions[bot]`), two runs that post at once leave one comment, the comment names the
timeline's longest wait, and the workflow finds a fork's PR by its head commit."""

import os
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from world import github_comments
from world import github_objects as gho
from world.preview import REPO, REVIEWER
from world.testcase import SharedWorldTest

ROOT = Path(__file__).resolve().parents[2]
MARKER = "<!-- preview-status -->"
APP_TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a"
BOT = gho.user("github-actions[bot]", 41898282, bot=True)


class WorkflowToken(SharedWorldTest):
    @classmethod
    def populate(cls, w):
        w.github.add_token(APP_TOKEN, BOT["login"], BOT["id"], installation=True)
        w.add("ci_failed", 63)
        # PR 7: two runs raced before (two marked comments by the bot, oldest first), and a
        # person's comment carries the marker too.
        repo = w.github.repo(REPO)
        made = [gho.comment(REPO, 7, author=author, body=f"{MARKER}\n{text}",
                            created=f"2026-01-0{seq}T00:00:00Z", seq=70 + seq)
                for seq, (author, text) in enumerate(
                    [(BOT, "first run"), (REVIEWER, "a person's"), (BOT, "second run")], 1)]
        repo.comments[7] = repo.comments.get(7, []) + made
        cls.oldest, cls.persons, cls.newer = made

    def run_as_workflow(self, *args):
        # The README's workflow: in Actions, in the PR's repository, with its github.token.
        with tempfile.TemporaryDirectory() as tmp:
            return self.w.run(*args, env_overrides={
                "GH_TOKEN": APP_TOKEN, "GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": REPO,
                "GITHUB_STEP_SUMMARY": f"{tmp}/summary", "GITHUB_OUTPUT": f"{tmp}/output"})

    def marked(self, number):
        return [c for c in github_comments.comments(self.w.github, REPO, number)
                if c["body"].lstrip().startswith(MARKER)]

    def writes(self):
        return [(r.method, r.path) for r in self.w.requests("github")
                if r.method in ("POST", "PATCH", "DELETE")]

    def test_github_token_posts_as_the_bot_then_finds_it_again_with_the_longest_wait(self):
        first = self.run_as_workflow("comment", "42")
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertIn("Posted the status comment on #42", first.stdout)
        second = self.run_as_workflow("up", "42", "--comment")
        self.assertEqual(second.returncode, 0, second.stderr)
        self.assertIn("Updated the status comment on #42", second.stderr)
        (comment,) = self.marked(42)
        self.assertEqual((comment["user"]["login"], comment["user"]["type"]),
                         ("github-actions[bot]", "Bot"))
        self.assertEqual([m for m, _ in self.writes()], ["POST", "PATCH"])
        # The playground's PR 42 waited longest for its label (README, "Where did the minutes go").
        self.assertRegex(comment["body"],
                         r"\| Longest wait \| `CI finished → label added, 13m00s` \(to shorten: ")

    def test_duplicates_from_runs_that_raced_are_removed_never_a_persons(self):
        proc = self.run_as_workflow("comment", "7")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("Updated the status comment on #7", proc.stdout)
        self.assertIn("Removed 1 duplicate status comment", proc.stdout)
        marked = {c["id"]: c for c in self.marked(7)}
        self.assertEqual(set(marked), {self.oldest["id"], self.persons["id"]})
        self.assertIn("Preview #7", marked[self.oldest["id"]]["body"])
        self.assertEqual(marked[self.persons["id"]]["body"], self.persons["body"])
        self.assertEqual(self.writes(), [
            ("PATCH", f"/repos/{REPO}/issues/comments/{self.oldest['id']}"),
            ("DELETE", f"/repos/{REPO}/issues/comments/{self.newer['id']}")])

    def test_a_run_that_posts_at_the_same_moment_as_another_leaves_one_comment(self):
        # The other run's comment lands between this run's list and its POST.
        github_comments.race_next_post(self.w.github, BOT["login"], f"{MARKER}\nthe other run")
        proc = self.run_as_workflow("comment", "63")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        (kept,) = self.marked(63)
        self.assertIn("Preview #63", kept["body"])        # this run's state, in the older one
        methods = [m for m, _ in self.writes()]
        self.assertEqual(methods, ["POST", "PATCH", "DELETE"])
        self.assertEqual(self.writes()[1][1], f"/repos/{REPO}/issues/comments/{kept['id']}")


def readme_workflow() -> str:
    text = (ROOT / "README.md").read_text()
    at = text.index("A workflow that brings the preview up")
    match = re.search(r"```yaml\n(.*?)```", text[at:], re.S)
    assert match, "no yaml block after the workflow paragraph"
    return match.group(1)


def step(workflow: str, step_id: str) -> tuple[dict[str, str], str, str]:
    """(env, run script, if condition) of the step `- id: step_id`: just enough YAML for it."""
    lines = workflow.splitlines()
    start = next(i for i, ln in enumerate(lines) if re.match(rf"\s*- id: {step_id}\b", ln))
    indent = len(lines[start]) - len(lines[start].lstrip()) + 2
    body = []
    for ln in lines[start + 1:]:
        if ln.strip() and len(ln) - len(ln.lstrip()) < indent:
            break
        body.append(ln)
    env, run, cond, i = {}, "", "", 0
    while i < len(body):
        ln = body[i][indent:]
        i += 1
        if ln.startswith("if: "):
            cond = ln[4:].strip()
        elif ln == "env:":
            while i < len(body) and body[i][indent:].startswith("  "):
                key, value = body[i][indent:].strip().split(": ", 1)
                env[key] = re.sub(r"\s+#.*$", "", value)
                i += 1
        elif ln == "run: |":
            block = []
            while i < len(body) and (not body[i].strip() or body[i][indent:].startswith("  ")):
                block.append(body[i][indent + 2:])
                i += 1
            run = "\n".join(block) + "\n"
        elif ln.startswith("run: "):
            run = ln[5:] + "\n"
    return env, run, cond


def expression(value: str, context: dict) -> str:
    """`${{ a.b.c[0].d }}` substituted from `context` as Actions does (missing: '')."""
    def lookup(match):
        node = context
        for part in re.findall(r"[A-Za-z_-]+|\[\d+\]", match.group(1).strip()):
            if part.startswith("["):
                index = int(part[1:-1])
                node = node[index] if isinstance(node, list) and index < len(node) else None
            else:
                node = node.get(part) if isinstance(node, dict) else None
        return "" if node is None else str(node)
    return re.sub(r"\$\{\{(.*?)\}\}", lookup, value)


# A stand-in for `gh pr list`: the open PRs from $FAKE_PULLS, the one --jq filter the README
# uses evaluated as gh's jq would; anything else fails loudly.
FAKE_GH = r'''
import json, os, sys
args = sys.argv[1:]
with open(os.environ["FAKE_GH_CALLS"], "a") as calls:
    calls.write(json.dumps(args) + "\n")
def opt(name):
    return args[args.index(name) + 1]
assert args[:2] == ["pr", "list"] and opt("--state") == "open", args
assert opt("--repo") == os.environ["GITHUB_REPOSITORY"], args
assert set(opt("--json").split(",")) >= {"number", "headRefOid"}, args
assert opt("--jq") == "first(.[] | select(.headRefOid == env.SHA) | .number)", opt("--jq")
pulls = json.loads(os.environ["FAKE_PULLS"])
hit = [p["number"] for p in pulls if p["headRefOid"] == os.environ["SHA"]][:1]
print("\n".join(map(str, hit)))
'''


class ReadmeWorkflow(unittest.TestCase):
    def resolve(self, pull_requests, head_sha):
        env_spec, script, _ = step(readme_workflow(), "pr")
        event = {"github": {"token": "t", "event": {"workflow_run": {
            "pull_requests": pull_requests, "head_sha": head_sha}}}}
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            (tmp / "gh").write_text(f"#!{sys.executable}\n{FAKE_GH}")
            (tmp / "gh").chmod(0o755)
            env = {k: expression(v, event) for k, v in env_spec.items()}
            env.update(PATH=f"{tmp}:{os.environ.get('PATH', '/usr/bin:/bin')}",
                       GITHUB_REPOSITORY=REPO, GITHUB_OUTPUT=str(tmp / "output"),
                       FAKE_GH_CALLS=str(tmp / "calls"),
                       FAKE_PULLS='[{"number": 12, "headRefOid": "aaa"}, '
                                  '{"number": 31, "headRefOid": "f0f0"}]')
            proc = subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True,
                                  text=True, timeout=60, stdin=subprocess.DEVNULL)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            calls = (tmp / "calls").read_text().splitlines() if (tmp / "calls").exists() else []
            return (tmp / "output").read_text(), len(calls)

    def test_a_fork_pr_is_found_by_its_head_commit(self):
        self.assertEqual(self.resolve([], "f0f0"), ("number=31\n", 1))

    def test_a_pr_from_the_repository_itself_is_taken_from_the_event(self):
        self.assertEqual(self.resolve([{"number": 42}], "f0f0"), ("number=42\n", 0))

    def test_no_open_pr_with_that_head_skips_the_preview(self):
        self.assertEqual(self.resolve([], "0000"), ("number=\n", 1))
        env, script, cond = step(readme_workflow(), "preview")
        self.assertEqual(cond, "steps.pr.outputs.number != ''")
        self.assertEqual(env["PR"], "${{ steps.pr.outputs.number }}")
        self.assertIn('preview up "$PR" --comment', script)


if __name__ == "__main__":
    unittest.main()
