"""`preview list --all`: every repository an ApplicationSet's PullRequest generator polls, in one
view (world/scenarios_list_all.py: core-catcher, omni-pitcher, acme/widget)."""

import json
import unittest

from world import argo_objects as argo
from world import scenarios_list_all
from world.testcase import SharedWorldTest


class ListAllRepositories(SharedWorldTest):

    @classmethod
    def populate(cls, w):
        scenarios_list_all.three_repositories(w)

    def by_repo(self, doc):
        return {r["repo"]: r for r in doc["repositories"]}

    def test_json_table_and_flat_requests(self):
        proc = self.w.run("list", "--all", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        # Three cluster lists, one PR list per repository, and the pods of the one preview whose
        # Application is not Healthy (core-catcher PR 7): nothing per healthy preview.
        github = sorted(r.path for r in self.w.requests("github"))
        self.assertEqual(github, ["/repos/acme/widget/pulls",
                                  "/repos/stuttgart-things/homerun2-core-catcher/pulls",
                                  "/repos/stuttgart-things/homerun2-omni-pitcher/pulls"])
        # The Applications by PR label key (`key` exists), one LIST per distinct key, sent after
        # the ApplicationSets answered: never the unfiltered list of the whole namespace.
        argo_reqs = self.w.requests("argo")
        self.assertEqual(sorted(r.path for r in argo_reqs),
                         ["/apis/argoproj.io/v1alpha1/namespaces/argocd/applications"] * 2
                         + ["/apis/argoproj.io/v1alpha1/namespaces/argocd/applicationsets"])
        apps = [r for r in argo_reqs if r.path.endswith("/applications")]
        self.assertEqual(sorted(r.param("labelSelector") for r in apps),
                         [argo.PR_LABEL, scenarios_list_all.WIDGET_PR_LABEL])
        sets_answered = max(r.time for r in argo_reqs if r.path.endswith("/applicationsets"))
        self.assertTrue(all(r.time > sets_answered for r in apps))
        workload = sorted(r.path for r in self.w.requests("workload"))
        self.assertEqual(workload, ["/api/v1/namespaces",
                                    "/api/v1/namespaces/homerun2-core-catcher-pr-7/pods"])
        self.assertEqual(len(self.w.requests()), 8)

        doc = json.loads(proc.stdout)
        repos = self.by_repo(doc)
        self.assertEqual(list(repos), ["acme/widget", "stuttgart-things/homerun2-core-catcher",
                                       "stuttgart-things/homerun2-omni-pitcher"])
        core = {p["number"]: p for p in repos["stuttgart-things/homerun2-core-catcher"]
                ["list"]["previews"]}
        self.assertEqual(sorted(core), [3, 7, 42])
        self.assertEqual(core[42]["phase"], "ready")
        self.assertFalse(core[42]["stale"])
        self.assertEqual(len(core[42]["applications"]), 5)      # parent and four children
        self.assertEqual([o["kind"] for o in core[3]["orphans"]], ["namespace-without-pr"])

        omni = repos["stuttgart-things/homerun2-omni-pitcher"]
        self.assertEqual(omni["profile"], "built-in profile homerun2-omni-pitcher")
        (p12,) = omni["list"]["previews"]
        self.assertEqual(p12["number"], 12)
        self.assertTrue(p12["stale"])
        self.assertEqual(p12["namespace"]["name"], "homerun2-pr-12")
        self.assertEqual(p12["orphans"], [])
        self.assertNotEqual(p12["headSha"], p12["runningSha"])

        widget = repos["acme/widget"]
        self.assertEqual(widget["list"]["label"], scenarios_list_all.WIDGET_LABEL)
        (p21,) = widget["list"]["previews"]
        self.assertEqual((p21["number"], p21["namespace"]["name"], p21["orphans"]),
                         (21, "widget-pr-21", []))
        self.assertEqual(p21["applications"][0]["name"], "widget-pr-21")
        (appset,) = widget["applicationSets"]
        self.assertEqual(appset["name"], scenarios_list_all.WIDGET_APPSET)
        self.assertEqual([(e["type"], e["message"]) for e in appset["errors"]],
                         [("ErrorOccurred", scenarios_list_all.WIDGET_ERROR),
                          ("ResourcesUpToDate", scenarios_list_all.WIDGET_ERROR)])
        self.assertEqual([a["errors"] for a in omni["applicationSets"]], [[]])
        self.assertEqual(doc["skipped"], [{"applicationSet": scenarios_list_all.GITLAB_APPSET,
                                           "scm": "gitlab", "repo": "acme/thing",
                                           "reason": "preview reads pull requests from GitHub "
                                                     "only"}])
        self.assertEqual(doc["orphans"], 1)
        self.assertEqual(doc["errors"], [])

        table = self.w.run("list", "--all")
        self.assertEqual(table.returncode, 0, table.stderr)
        out = table.stdout
        self.assertRegex(out, r"stuttgart-things/homerun2-omni-pitcher  ApplicationSet "
                              r"homerun2-omni-pitcher-pr-preview")
        self.assertRegex(out, r"#12 .* [0-9a-f]{8} stale ")
        self.assertRegex(out, r"ApplicationSet widget-pr-preview: ErrorOccurred=True "
                              r"ApplicationValidationError: .*duplicate name")
        self.assertRegex(out, r"#3 namespace-without-pr: namespace homerun2-core-catcher-pr-3")
        self.assertIn("thing-pr-preview: gitlab generator for acme/thing", out)
        self.assertNotIn("\x1b[", out)

    def test_github_down_keeps_the_cluster_view_and_claims_no_orphans(self):
        self.w.github.exhaust_rate_limit(403)
        try:
            proc = self.w.run("list", "--all", "-o", "json")
        finally:
            self.w.github.restore_rate_limit()
        self.assertIn(proc.returncode, (3, 4), proc.stderr)
        self.assertIn("rate limit", proc.stderr.lower())
        repos = self.by_repo(json.loads(proc.stdout))
        core = {p["number"]: p for p in repos["stuttgart-things/homerun2-core-catcher"]
                ["list"]["previews"]}
        self.assertEqual(core[3]["orphans"], [])       # shown, but not called an orphan
        self.assertEqual(len(core[42]["applications"]), 5)   # the cluster side still shown
        for repo in repos.values():
            self.assertEqual([e["source"] for e in repo["list"]["errors"]], ["pulls"])

    def test_through_the_argocd_api_server(self):
        proc = self.w.run("list", "--all", "-o", "json", "--argocd-server",
                          self.w.argocd_api.host,
                          env_overrides={"ARGOCD_AUTH_TOKEN": self.w.argocd_api.token,
                                         "ARGOCD_CONFIG_DIR": str(self.w.dir / "no-config")})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.w.requests("argo"), [])
        api = self.w.requests("argocd_api")
        self.assertEqual(sorted(r.path for r in api),
                         ["/api/v1/applications"] * 2 + ["/api/v1/applicationsets"])
        self.assertEqual(sorted(r.param("selector") for r in api
                                if r.path == "/api/v1/applications"),
                         [argo.PR_LABEL, scenarios_list_all.WIDGET_PR_LABEL])
        repos = self.by_repo(json.loads(proc.stdout))
        self.assertEqual(len(repos), 3)
        (p12,) = repos["stuttgart-things/homerun2-omni-pitcher"]["list"]["previews"]
        self.assertTrue(p12["stale"])

    def test_plain_list_keeps_to_its_own_repository(self):
        # omni-pitcher's homerun2-pr-12 carries the same PR label key as core-catcher's
        # Applications: owned by another ApplicationSet, it is not core-catcher's #12.
        proc = self.w.run("list", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        numbers = {p["number"] for p in json.loads(proc.stdout)["previews"]}
        self.assertNotIn(12, numbers)
        self.assertIn(42, numbers)

    def test_repo_flag_contradicts_all(self):
        proc = self.w.run("list", "--all", "-R", "stuttgart-things/homerun2-scout")
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("--all cannot be combined with -R", proc.stderr)
        self.assertEqual(self.w.requests(), [])


class ListAllTemplateWithoutPrLabel(SharedWorldTest):
    """acme/widget's ApplicationSet template carries no PR label: its Applications cannot be
    selected, so `list --all` reads the Applications unfiltered, once."""

    @classmethod
    def populate(cls, w):
        scenarios_list_all.three_repositories(w, widget_pr_label=False)

    def test_one_unfiltered_application_list(self):
        proc = self.w.run("list", "--all", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        apps = self.w.requests("argo", path_prefix="/apis/argoproj.io/v1alpha1/namespaces/argocd/"
                                                  "applications")
        apps = [r for r in apps if r.path.endswith("/applications")]
        self.assertEqual([r.param("labelSelector") for r in apps], [None])
        repos = {r["repo"]: r for r in json.loads(proc.stdout)["repositories"]}
        (p21,) = repos["acme/widget"]["list"]["previews"]
        self.assertEqual([a["name"] for a in p21["applications"]], ["widget-pr-21"])
        core = {p["number"]: p for p in repos["stuttgart-things/homerun2-core-catcher"]
                ["list"]["previews"]}
        self.assertEqual(len(core[42]["applications"]), 5)


if __name__ == "__main__":
    unittest.main()
