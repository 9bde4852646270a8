"""`preview doctor`, second round: Kyverno generate requests and admission webhooks (policies),
the ESO provider's own error and whether a force-sync can help (secrets), quota rules
(workloads), the seed fixture lost on a redis restart (seed). Catalogue rows D1, D3, D5, E1, E2,
G1, G2 of reference/failure-modes.md."""

import unittest

from world.testcase import checks_by_id, text_of
from world.world import World

N = 50
NS = f"homerun2-core-catcher-pr-{N}"

# variant -> (check id, status, phrases of evidence/cause/fix, fix phrase or None, autoFix)
ROWS = {
    "generate_rbac": ("policies", "fail",
                      ['cannot create resource "externalsecrets"', "UpdateRequest kyverno/ur-",
                       "ClusterPolicy homerun2-core-catcher-preview-secrets: Ready=True"],
                      "grant kyverno-background-controller create on externalsecrets via the "
                      "aggregate-to-background-controller ClusterRole", False),
    "generate_v1beta1": ("policies", "fail",
                         ['no matches for kind "ExternalSecret" in version '
                          '"external-secrets.io/v1beta1"'],
                         "update the policy's apiVersion to external-secrets.io/v1", False),
    "generate_missed": ("policies", "fail", ["no Failed or Pending UpdateRequest"],
                        f"kubectl label ns {NS} preview.stuttgart-things/regen=", False),
    "webhook_down": ("policies", "fail",
                     ['failed calling webhook "mutate.kyverno.svc-fail"', "cluster-wide"],
                     "kubectl -n kyverno get pods", False),
    "webhook_denied": ("policies", "fail", ["disallow-latest-tag", "cluster-wide policy"],
                       "kubectl describe clusterpolicy disallow-latest-tag", False),
    "quota_no_limitrange": ("workloads", "fail",
                            ["must specify limits.cpu", "no LimitRange supplies defaults"],
                            f"kubectl -n {NS} get resourcequota,limitrange", False),
    "quota_surge": ("workloads", "fail",
                    ["exceeded quota: pr-preview", "no room for its surge pod"],
                    f"kubectl -n {NS} describe resourcequota", False),
    "es_vault_denied": ("secrets", "fail",
                        ["UpdateFailed", "permission denied",
                         "ClusterSecretStore vault-homerun2-pr: Ready=False",
                         "Vault denies the Kubernetes-auth login"],
                        "kubectl describe clustersecretstore vault-homerun2-pr", False),
    "es_property_missing": ("secrets", "fail",
                            ['cannot find secret data for key: \\"redisPassword\\"'.replace(
                                "\\", ""), "has no such property"],
                            f"kubectl -n {NS} describe externalsecret redis-stack-auth", False),
    "es_stale": ("secrets", "fail",
                 ["is Ready now", "last failed at ", "synchronize: true"],
                 "annotate externalsecret redis-stack-auth force-sync=", True),
    "seed_lost": ("seed", "fail", ["without persistence: the fixture is gone"],
                  f"kubectl -n {NS} delete job seed-test-events", False),
    "fresh_connection_refused": ("workloads", "warn",
                                 ["connection refused", "usually transient"],
                                 "--previous", False),
}


def doctor(w, *args):
    proc = w.run("doctor", str(N), "-o", "json", *args)
    return proc, checks_by_id(proc)


class PolicyRows(unittest.TestCase):
    def test_each_row(self):
        for variant, (check_id, status, phrases, fix, auto) in ROWS.items():
            with self.subTest(variant=variant), World(previews=False) as w:
                w.add(variant, N)
                proc, checks = doctor(w)
                check = checks[check_id]
                self.assertEqual(check["status"], status, check)
                for phrase in phrases:
                    self.assertIn(phrase, text_of(check))
                self.assertIn(fix, check["fix"])
                self.assertEqual(check["autoFix"], auto, check)
                self.assertTrue(all(r.method in ("GET", "HEAD") for r in w.requests()))
                self.assertEqual(w.workload.secret_reads, [])

    def test_downstream_checks_name_the_root_cause(self):
        with World(previews=False) as w:
            w.add("generate_rbac", N)
            _, checks = doctor(w)
            self.assertEqual(checks["secrets"]["status"], "skip")
            self.assertIn("follows from the policies check", checks["secrets"]["cause"])
        with World(previews=False) as w:
            w.add("webhook_down", N)
            _, checks = doctor(w)
            self.assertEqual(checks["workloads"]["status"], "skip")
            self.assertIn("policies", checks["workloads"]["cause"])

    def test_no_force_sync_while_the_provider_rejects(self):
        """The first round force-synced here and reported "still"; now no fix is applied."""
        with World(previews=False) as w:
            w.add("es_vault_denied", N)
            proc, checks = doctor(w, "--fix", "--yes")
            self.assertEqual(w.workload.patches(), [])
            self.assertEqual(checks["secrets"]["status"], "fail")


class FollowUpReads(unittest.TestCase):
    def paths(self, w):
        return [r.path for r in w.requests()]

    def test_healthy_path_reads_no_kyverno_or_store(self):
        with World(previews=False) as w:
            w.add("healthy", N)
            doctor(w)
            self.assertFalse([p for p in self.paths(w)
                              if "kyverno" in p or "secretstore" in p], self.paths(w))

    def test_store_read_once_only_when_an_externalsecret_fails(self):
        with World(previews=False) as w:
            w.add("es_vault_denied", N)
            doctor(w)
            stores = [p for p in self.paths(w) if "clustersecretstores" in p]
            self.assertEqual(stores, ["/apis/external-secrets.io/v1/clustersecretstores/"
                                      "vault-homerun2-pr"])

    def test_forbidden_update_requests_say_which_access_is_needed(self):
        from world import faults
        with World(previews=False) as w:
            w.add("generate_missed", N)
            w.workload.faults.add(faults.kube_status(403, "Forbidden", "updaterequests.kyverno.io is forbidden", retry_after=None), "GET", r"/updaterequests")
            _, checks = doctor(w)
            policies = checks["policies"]
            self.assertEqual(policies["status"], "fail")
            self.assertIn("list on updaterequests.kyverno.io in namespace kyverno",
                          policies["cause"])


class HostileStoreName(unittest.TestCase):
    """Design §7: the store name comes from the ExternalSecret's spec.secretStoreRef (a server's
    string); one with `/`, `..`, `?`, `%2F` and an ANSI escape is refused, never requested."""

    def test_a_hostile_store_name_is_refused_not_requested(self):
        from world.scenarios_policies import HOSTILE_STORE
        with World(previews=False) as w:
            w.add("es_hostile_store", N)
            text = w.run("doctor", str(N))
            proc, checks = doctor(w, "--fix", "--yes")
            requests = w.requests()
            for r in requests:
                self.assertNotIn("secretstores", r.raw_path.lower(), r)
                self.assertNotIn("kube-system", r.path, r)
                self.assertNotIn("dryRun", r.query, r)
            self.assertEqual(w.workload.patches(), [])  # a force-sync cannot help
            secrets = checks["secrets"]
            self.assertEqual(secrets["status"], "fail", secrets)
            self.assertFalse(secrets["autoFix"], secrets)
            self.assertIn(f'names ClusterSecretStore "{HOSTILE_STORE}", which is not read: the '
                          "name must contain only lowercase letters", text_of(secrets))
            self.assertIn("references a store that cannot exist", secrets["cause"])
            for out in (text.stdout, text.stderr, proc.stderr):
                self.assertNotIn("\x1b", out)
            self.assertIn("..\\x1b[31m", text.stdout)  # shown escaped


class ForceSyncHeals(unittest.TestCase):
    def test_stale_external_secret_is_healed_by_fix(self):
        from world.controller_settings import ManualClock, Settings, Timings
        w = World(previews=False, controllers=Settings(clock=ManualClock(),
                                                       timings=Timings.per_poll()))
        with w:
            w.add("es_stale", N)
            proc, _ = doctor(w, "--fix", "--yes")
            annotated = [r for r in w.workload.patches() if "externalsecrets" in r.path]
            self.assertTrue(annotated, proc.stderr)
            w.controllers.settle()
            _, after = doctor(w)
            secrets = after["secrets"]
            self.assertEqual(secrets["status"], "pass", secrets)


if __name__ == "__main__":
    unittest.main()
