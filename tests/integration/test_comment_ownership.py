"""Whose status comment is ours, and what it says after `doctor --fix`: an installation token
(`GET /user` refused) owns only comments provably its own (the workflow's github-actions[bot] in
its repository's workflow, or the author GitHub names in the answer to its own POST), never
another GitHub App's that carries the marker; the world refuses a PATCH or DELETE of someone
else's comment (403), so a run that tries fails. `doctor --fix --comment` posts the re-check."""

import re
import tempfile

from world import github_comments
from world import github_objects as gho
from world.preview import REPO
from world.testcase import SharedWorldTest

MARKER = "<!-- preview-status -->"
WORKFLOW_TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a"
MY_APP_TOKEN = "ghs_0a1b2c3d4e5f60718293a4b5c6d7e8f901234"
WORKFLOW_BOT = gho.user("github-actions[bot]", 41898282, bot=True)
MY_APP = gho.user("my-app[bot]", 52000001, bot=True)
OTHER_APP = gho.user("other-app[bot]", 52000002, bot=True)


class CommentOwnership(SharedWorldTest):
    @classmethod
    def populate(cls, w):
        w.github.add_token(WORKFLOW_TOKEN, WORKFLOW_BOT["login"], WORKFLOW_BOT["id"],
                           installation=True)
        w.github.add_token(MY_APP_TOKEN, MY_APP["login"], MY_APP["id"], installation=True)
        w.add("ci_failed", 64)
        w.add("ci_failed", 65)
        w.add("unlabelled", 66)
        repo = w.github.repo(REPO)
        # Another app's marked comment is the oldest on both PRs; then the writer's own.
        cls.made = {}
        for number, own in ((64, WORKFLOW_BOT), (65, MY_APP)):
            cls.made[number] = [
                gho.comment(REPO, number, author=author, body=f"{MARKER}\n{text}",
                            created=f"2026-01-0{seq}T00:00:00Z", seq=80 + seq)
                for seq, (author, text) in enumerate(
                    [(OTHER_APP, "another app's"), (own, "an earlier run")], 1)]
            repo.comments[number] = repo.comments.get(number, []) + cls.made[number]

    def marked(self, number):
        return {c["id"]: c for c in github_comments.comments(self.w.github, REPO, number)
                if c["body"].lstrip().startswith(MARKER)}

    def writes(self):
        return [(r.method, r.path) for r in self.w.requests("github")
                if r.method in ("POST", "PATCH", "DELETE")]

    def test_the_workflow_token_updates_its_own_never_another_apps(self):
        theirs, ours = self.made[64]
        with tempfile.TemporaryDirectory() as tmp:
            proc = self.w.run("comment", "64", env_overrides={
                "GH_TOKEN": WORKFLOW_TOKEN, "GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": REPO,
                "GITHUB_STEP_SUMMARY": f"{tmp}/summary", "GITHUB_OUTPUT": f"{tmp}/output"})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("Updated the status comment on #64", proc.stdout)
        self.assertEqual(self.writes(), [("PATCH", f"/repos/{REPO}/issues/comments/{ours['id']}")])
        marked = self.marked(64)
        self.assertEqual(marked[theirs["id"]]["body"], theirs["body"])
        self.assertIn("Preview #64", marked[ours["id"]]["body"])

    def test_an_app_token_of_unknown_name_posts_then_keeps_its_oldest(self):
        # Outside a workflow nothing names the app before it writes: the POST's answer does.
        theirs, ours = self.made[65]
        proc = self.w.run("comment", "65", env_overrides={
            "GH_TOKEN": MY_APP_TOKEN, "GITHUB_ACTIONS": None})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("Updated the status comment on #65", proc.stdout)
        self.assertIn("Removed 1 duplicate status comment", proc.stdout)
        writes = self.writes()
        self.assertEqual([m for m, _ in writes], ["POST", "PATCH", "DELETE"])
        self.assertEqual(writes[1][1], f"/repos/{REPO}/issues/comments/{ours['id']}")
        marked = self.marked(65)
        self.assertEqual(set(marked), {theirs["id"], ours["id"]})
        self.assertEqual(marked[theirs["id"]]["body"], theirs["body"])
        self.assertIn("Preview #65", marked[ours["id"]]["body"])

    def test_doctor_fix_comment_shows_the_judgement_after_the_fix(self):
        proc = self.w.run("doctor", "66", "--fix", "--yes", "--comment")
        self.assertIn("healed label", proc.stderr)
        (comment,) = self.marked(66).values()
        body = comment["body"]
        self.assertNotRegex(body, r"\*\*`label`\*\*")       # the failure --fix healed
        self.assertNotIn("not-requested", body)             # the phase before the label
        self.assertTrue(re.search(r"Preview #66: ", body), body[:200])
