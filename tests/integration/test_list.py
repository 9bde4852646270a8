"""`preview list` and the completion helper `preview __complete` against the test world."""

import json
import math
import time
import unittest

from world import faults
from world.testcase import OwnWorldTest, SharedWorldTest
from world.world import World

APPS_PER_PREVIEW = 5      # the parent and four children (world/argo_objects.py)


class ListThePlayground(SharedWorldTest):
    """The playground: PR 42 healthy, PR 7 broken, and one of each orphan (PRs 3, 5, 9)."""

    ORPHANS = True

    def list_json(self, *args):
        proc = self.w.run("list", "-o", "json", *args)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return json.loads(proc.stdout)

    def test_every_preview_and_every_orphan(self):
        doc = self.list_json()
        self.assertEqual(doc["repo"], "stuttgart-things/homerun2-core-catcher")
        self.assertEqual(doc["label"], "preview")
        by_number = {p["number"]: p for p in doc["previews"]}
        self.assertEqual(list(by_number), [42, 9, 7, 5, 3])   # newest first
        self.assertEqual(by_number[42]["phase"], "ready")
        self.assertEqual(by_number[42]["orphans"], [])
        self.assertEqual(len(by_number[42]["sha"]), 40)
        self.assertEqual(by_number[42]["namespace"]["name"], "homerun2-core-catcher-pr-42")
        self.assertEqual(by_number[42]["applications"][0]["name"], "homerun2-core-catcher-pr-42")
        self.assertEqual(len(by_number[42]["applications"]), APPS_PER_PREVIEW)
        self.assertIn("title", by_number[42]["pr"])
        self.assertIn("/pr-42", by_number[42]["url"])
        kinds = {n: [o["kind"] for o in p["orphans"]] for n, p in by_number.items()}
        self.assertEqual(kinds[3], ["namespace-without-pr"])
        self.assertIsNone(by_number[3]["pr"])
        self.assertEqual(kinds[5], ["pr-without-application"])
        self.assertEqual(by_number[5]["phase"], "waiting-for-argocd")
        self.assertEqual(kinds[9], ["application-without-namespace"])
        self.assertEqual(by_number[9]["phase"], "degraded")
        self.assertEqual(kinds[7], [])
        self.assertEqual(doc["orphans"], 3)
        self.assertEqual(doc["errors"], [])

    def test_four_requests_and_no_secrets(self):
        # Three lists, plus the pods of PR 7's namespace because its Application is not Healthy:
        # the pods tell degraded from deploying, as in `status`.
        self.list_json()
        github = self.w.requests("github")
        self.assertEqual(len(github), 1, github)
        self.assertTrue(github[0].path.endswith("/pulls"), github[0].path)   # heads, too
        self.assertEqual(github[0].param("state"), "open")
        apps = self.w.requests("argo", path_prefix="/apis/argoproj.io")
        self.assertEqual(len(apps), 1, apps)
        self.assertEqual(apps[0].param("labelSelector"), "homerun2.stuttgart-things.com/pr")
        namespaces = [r for r in self.w.requests("workload") if r.path == "/api/v1/namespaces"]
        self.assertEqual(len(namespaces), 1, namespaces)
        self.assertIn("as=PartialObjectMetadataList", namespaces[0].headers.get("accept", ""))
        pods = [r.path for r in self.w.requests("workload") if r.path.endswith("/pods")]
        self.assertEqual(pods, ["/api/v1/namespaces/homerun2-core-catcher-pr-7/pods"])
        self.assertEqual(len(self.w.requests()), 4)
        self.assertFalse([r for r in self.w.requests() if "/secrets" in r.path])

    def test_table_names_the_orphans_and_their_cause(self):
        proc = self.w.run("list")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertTrue(lines[0].split()[:8] ==
                        ["PR", "TITLE", "AUTHOR", "HEAD", "RUNS", "PHASE", "AGE", "URL"], lines[0])
        self.assertIn("Orphans (3)", proc.stdout)
        self.assertRegex(proc.stdout, r"#3 namespace-without-pr: namespace "
                                      r"homerun2-core-catcher-pr-3 exists")
        self.assertRegex(proc.stdout, r"#5 pr-without-application: .*preview refresh")
        self.assertRegex(proc.stdout, r"#9 application-without-namespace: Application "
                                      r"homerun2-core-catcher-pr-9 exists")
        self.assertNotIn("\x1b[", proc.stdout)   # NO_COLOR, and not a terminal

    def test_yaml_is_the_same_document(self):
        proc = self.w.run("list", "-o", "yaml")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('repo: "stuttgart-things/homerun2-core-catcher"', proc.stdout)
        self.assertIn('kind: "namespace-without-pr"', proc.stdout)

    def test_github_down_keeps_the_cluster_view_and_claims_no_orphans(self):
        self.w.github.exhaust_rate_limit(403)
        try:
            proc = self.w.run("list", "-o", "json")
        finally:
            self.w.github.restore_rate_limit()
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn(proc.returncode, (3, 4), proc.stderr)
        doc = json.loads(proc.stdout)
        self.assertEqual([e["source"] for e in doc["errors"]], ["pulls"])
        self.assertIn("rate limit", proc.stderr.lower())
        by_number = {p["number"]: p for p in doc["previews"]}
        self.assertIn(3, by_number)                          # the namespace is still shown...
        self.assertEqual(by_number[3]["orphans"], [])        # ...but not called an orphan
        self.assertNotIn(5, by_number)                       # only GitHub knew of PR 5

    def test_forbidden_namespaces_is_a_permission_error(self):
        self.w.workload.faults.add(faults.kube_status(403, "Forbidden",
                                                      'namespaces is forbidden: User "dev" cannot '
                                                      'list resource "namespaces" in API group "" '
                                                      'at the cluster scope'),
                                   "GET", r"^/api/v1/namespaces$")
        proc = self.w.run("list", "-o", "json")
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertIn("namespaces", proc.stderr)
        doc = json.loads(proc.stdout)
        self.assertEqual([e["source"] for e in doc["errors"]], ["namespaces"])
        kinds = {p["number"]: [o["kind"] for o in p["orphans"]] for p in doc["previews"]}
        self.assertEqual(kinds[9], [])          # cannot tell whether its namespace exists
        self.assertEqual(kinds[5], ["pr-without-application"])


class ListAtScale(unittest.TestCase):
    """300 more labelled PRs: requests grow with pages (100 PRs, 500 objects), not with PRs."""

    EXTRA = 300

    @classmethod
    def setUpClass(cls):
        cls.w = World(pulls=cls.EXTRA).start()

    @classmethod
    def tearDownClass(cls):
        cls.w.stop()

    def test_pagination_and_request_count(self):
        self.w.clear_requests()
        proc = self.w.run("list", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        doc = json.loads(proc.stdout)
        previews = self.EXTRA + 2                              # plus PRs 42 and 7
        self.assertEqual(len(doc["previews"]), previews)
        self.assertEqual(doc["orphans"], 0, [p for p in doc["previews"] if p["orphans"]][:3])
        self.assertEqual({p["phase"] for p in doc["previews"] if p["number"] >= 1000}, {"ready"})
        github = self.w.requests("github")
        self.assertEqual(len(github), math.ceil(previews / 100), github)
        apps = self.w.requests("argo", path_prefix="/apis/argoproj.io")
        self.assertEqual(len(apps), math.ceil(previews * APPS_PER_PREVIEW / 500))
        namespaces = [r for r in self.w.requests("workload") if r.path == "/api/v1/namespaces"]
        self.assertEqual(len(namespaces), 1, namespaces)
        # Only PR 7 is not healthy: one pod LIST, in its namespace, whatever the number of PRs.
        pods = [r.path for r in self.w.requests("workload") if r.path.endswith("/pods")]
        self.assertEqual(pods, ["/api/v1/namespaces/homerun2-core-catcher-pr-7/pods"])
        # How long it takes is the benchmark's business (bench/run.sh), not a test's.


class CompletePullRequests(OwnWorldTest):
    """`preview __complete prs`: what TAB shows after `preview status `."""


    def complete(self, *args, env=None):
        started = time.monotonic()
        proc = self.w.run("__complete", *args, env_overrides=env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")
        return proc.stdout, time.monotonic() - started

    def test_numbers_with_titles_then_from_the_cache(self):
        out, _ = self.complete("prs")
        lines = out.splitlines()
        self.assertEqual([line.split("\t")[0] for line in lines], ["42", "7"])
        self.assertTrue(all(line.split("\t")[1] for line in lines), lines)
        self.assertEqual(len(self.w.requests("github")), 1)
        cache = list((self.w.home / ".cache" / "preview").iterdir())
        self.assertEqual(len(cache), 1, cache)

        self.w.clear_requests()
        again, _ = self.complete("prs")
        self.assertEqual(again, out)
        self.assertEqual(self.w.requests("github"), [])       # answered from the cache

    def test_a_dead_network_answers_nothing_quickly(self):
        # A server that accepts the connection and never answers: the tight timeout, no retry.
        self.w.github.faults.add(faults.delay(120_000))
        out, elapsed = self.complete("prs")
        self.assertEqual(out, "")
        self.assertLess(elapsed, 60)  # far below the stall: the 2 s limit ended it, not the server

    def test_stale_cache_is_better_than_nothing_offline(self):
        fresh, _ = self.complete("prs")
        for path in (self.w.home / ".cache" / "preview").iterdir():
            text = path.read_text().split("\n", 1)
            header = text[0].rsplit(" ", 1)[0]
            path.write_text(f"{header} {int(time.time()) - 3600}\n{text[1]}")
        self.w.github.faults.add(faults.reset())               # GitHub unreachable
        out, _ = self.complete("prs")
        self.assertEqual(out, fresh)
        self.assertTrue(self.w.requests("github")[-1].fault)   # it did try

    def test_broken_configuration_prints_nothing(self):
        out, _ = self.complete("prs", env={"PREVIEW_CONFIG": str(self.w.dir / "missing.yaml")})
        self.assertEqual(out, "")
        out, _ = self.complete("nonsense")
        self.assertEqual(out, "")

    def test_contexts_and_checks(self):
        out, _ = self.complete("contexts")
        names = [line.split("\t")[0] for line in out.splitlines()]
        self.assertTrue(names, out)
        self.assertTrue(any("current" in line for line in out.splitlines()), out)
        out, _ = self.complete("checks")
        ids = [line.split("\t")[0] for line in out.splitlines()]
        self.assertEqual(ids[:3], ["pr-open", "label", "ci"])
        self.assertIn("url", ids)


if __name__ == "__main__":
    unittest.main()
