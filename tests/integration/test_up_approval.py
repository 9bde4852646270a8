"""`preview up` on a PR whose workflow run waits for a maintainer's approval (action_required,
failure-modes A2): its progress line and its stop say so, as the ci check does, never that the
build failed."""

import unittest

from world.testcase import OwnWorldTest

N = 50


class UpAwaitingApproval(OwnWorldTest):
    def test_up_says_the_run_waits_for_approval(self):
        self.w.add("action_required", N)
        proc = self.w.run("up", str(N), "--timeout", "30s", "--interval", "0.5")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        text = proc.stdout + proc.stderr
        self.assertIn(f"Preview #{N}: CI check build-pr waits for a maintainer to approve it "
                      "(Actions tab → Approve and run)", text)
        self.assertIn("building            CI check build-pr waits for a maintainer to approve it\n",
                      text, "the progress line names the same cause")
        self.assertNotIn("CI check build-pr failed", text)
        self.assertNotIn("fix the code", text)


if __name__ == "__main__":
    unittest.main()
