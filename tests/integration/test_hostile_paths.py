"""Untrusted input from the clusters (design §7): every Kubernetes request path is built from
validated parts, `--fix` and `bump-route` touch only the preview's own objects, a name with a
control character never reaches the confirmation plan, and a multi-step change stops at its
first failed step. The world's request recorder is the witness."""

import re
import unittest

from world import faults, hostile_paths
from world.config_files import profile, write_yaml
from world.testcase import OwnWorldTest

ARGO_NS = "argocd"
APPSET = ("/apis/argoproj.io/v1alpha1/namespaces/argocd/applicationsets/"
          "homerun2-core-catcher-pr-preview")
LABELS = "/repos/stuttgart-things/homerun2-core-catcher/issues/{}/labels"


def namespace(number):
    return f"homerun2-core-catcher-pr-{number}"


def route_path(number, name="homerun2-core-catcher"):
    return f"/apis/gateway.networking.k8s.io/v1/namespaces/{namespace(number)}/httproutes/{name}"


def es_path(number, name):
    return f"/apis/external-secrets.io/v1/namespaces/{namespace(number)}/externalsecrets/{name}"


class HostilePaths(OwnWorldTest):
    def kube_requests(self):
        return self.w.argo.recorder.requests() + (
            [] if self.w.workload is self.w.argo else self.w.workload.recorder.requests())

    def profile_without_routes(self):
        """The profile names no HTTPRoutes: the Applications' routes are the preview's."""
        config = profile(self.w.github.url, self.w.app.url, self.w.registry.host)
        config["httpRoutes"] = []
        write_yaml(self.w.config_file, config)

    def assert_only_the_preview(self, number, allowed_writes):
        """Every Kubernetes request stays in the preview's namespace, the Argo CD namespace,
        discovery, or the platform objects a symptom asks for (Kyverno's UpdateRequests and
        ClusterPolicies, the failing ExternalSecrets' ClusterSecretStore: reads only), carries no
        injected query, and every write is one of `allowed_writes`."""
        inside = re.compile(
            rf"^/(api/v1|apis/[a-z0-9.-]+/[a-z0-9]+)/namespaces/({namespace(number)}|{ARGO_NS})"
            rf"(/|$)|^/apis(/[a-z0-9.-]+)?$"
            r"|^/apis/kyverno\.io/v2/namespaces/kyverno/updaterequests$"
            r"|^/apis/(kyverno\.io/v1/clusterpolicies|external-secrets\.io/v1/clustersecretstores)"
            r"/[a-z0-9.-]+$")
        for r in self.kube_requests():
            self.assertRegex(r.path, inside, f"{r.method} {r.raw_path} left the preview")
            self.assertNotIn("dryRun", r.query, r)
            self.assertNotIn("ignore", r.query, r)
        for r in self.writes():
            self.assertIn(r.path, allowed_writes, f"{r.method} {r.raw_path} was not ours to write")

    def test_an_evil_apiversion_never_becomes_a_path(self):
        hostile_paths.evil_external_secret_api_version(self.w, 7)
        proc = self.w.run("doctor", "7", "--fix", "--yes")
        self.assert_only_the_preview(7, {route_path(7)})
        victim = self.w.workload.store.find("ConfigMap", hostile_paths.VICTIM, hostile_paths.VICTIM_NAMESPACE)
        self.assertNotIn("annotations", victim["metadata"])
        self.assertIn("is not one preview knows", proc.stderr)
        self.assertIn(route_path(7), [r.path for r in self.writes()], proc.stderr)

    def test_a_route_name_cannot_inject_a_query(self):
        self.profile_without_routes()
        self.w.add(["wrongpass", "route_unresolved", hostile_paths.query_named_route], 7)
        proc = self.w.run("doctor", "7", "--fix", "--yes")
        self.assert_only_the_preview(7, {route_path(7), es_path(7, "redis-stack-auth")})
        self.assertIn('"x?dryRun=All&y="', proc.stderr)
        # The route that is ours was still bumped.
        self.assertIn(route_path(7), [r.path for r in self.writes()], proc.stderr)

    def test_doctor_fix_bumps_only_the_profiles_routes(self):
        self.w.add(["wrongpass", "route_unresolved", hostile_paths.stray_route], 7)
        proc = self.w.run("doctor", "7", "--fix", "--yes")
        self.assert_only_the_preview(7, {route_path(7), es_path(7, "redis-stack-auth")})
        self.assertIn(f'HTTPRoute "{hostile_paths.STRAY_ROUTE}": the profile does not name it',
                      proc.stderr)

    def test_bump_route_leaves_a_route_no_application_owns(self):
        self.profile_without_routes()
        self.w.add(["route_unresolved", hostile_paths.stray_route], 7)
        self.w.run("bump-route", "7", "--timeout", "1s")
        owned = {route_path(7), route_path(7, "homerun2-omni-pitcher")}
        self.assertEqual({r.path for r in self.writes()}, owned)
        self.assert_only_the_preview(7, owned)

    def test_bump_route_warns_about_a_crlf_name_on_one_escaped_line(self):
        self.profile_without_routes()
        self.w.add(["route_unresolved", hostile_paths.crlf_named_route], 7)
        proc = self.w.run("bump-route", "7", "--timeout", "1s")
        warnings = [l for l in proc.stderr.splitlines() if l.startswith("warning: ")]
        self.assertTrue(any("evil\\r\\nApply" in l for l in warnings), proc.stderr)
        self.assertNotIn("\r", proc.stderr)
        self.assertFalse([l for l in proc.stderr.splitlines() if l.startswith("Apply 0")])

    def test_a_name_with_crlf_never_reaches_the_plan(self):
        self.profile_without_routes()
        self.w.add(["route_unresolved", hostile_paths.crlf_named_route], 7)
        proc = self.w.run("doctor", "7", "--fix", "--yes")
        # The confirmation plan: what is shown before anything is sent. (How findings print a
        # name afterwards is the renderers' concern.)
        plan = proc.stderr.partition("The fix makes these changes:")[2].partition("Applied")[0]
        self.assertIn("httproute homerun2-core-catcher", plan)
        self.assertNotIn("\r", plan)
        self.assertNotIn("\nApply 0 changes?", plan)
        self.assertIn(r"evil\r\nApply 0 changes?", proc.stderr)  # refused, shown escaped
        self.assert_only_the_preview(7, {route_path(7)})

    def test_a_failed_label_post_stops_up_before_the_refresh(self):
        for status, exit_code in ((307, 4), (401, 3)):
            with self.subTest(status=status):
                self.w.clear_requests()
                self.w.clear_faults()
                # A redirect elsewhere: it must be neither followed nor taken as success.
                self.w.github.faults.add(
                    faults.respond(status, {"message": "Moved"},
                                   headers={"Location": f"{self.w.github.url}/elsewhere"}),
                    "POST", r"/issues/5/labels$")
                proc = self.w.run("up", "5", "--no-wait")
                self.assertEqual(proc.returncode, exit_code, proc.stderr)
                self.assertEqual([(r.method, r.path) for r in self.writes()],
                                 [("POST", LABELS.format(5))])
                self.assertFalse([r for r in self.w.requests() if r.path == "/elsewhere"])
                self.assertIn("hint: step 1 of 2 failed; not attempted: kubectl -n argocd annotate "
                              "applicationset", proc.stderr)

    def test_a_failed_fix_step_stops_the_plan(self):
        self.w.workload.faults.add(
            faults.kube_status(403, "Forbidden", "externalsecrets is forbidden",
                               retry_after=None),
            "PATCH", r"/externalsecrets/")
        proc = self.w.run("doctor", "7", "--fix", "--yes")
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertEqual([r.path for r in self.writes()], [es_path(7, "redis-stack-auth")])
        self.assertIn("not attempted: kubectl -n homerun2-core-catcher-pr-7 annotate httproute",
                      proc.stderr)

    def test_profile_templates_reject_path_tricks(self):
        config = profile(self.w.github.url, self.w.app.url, self.w.registry.host)
        for key, value in (("applicationSet", "../../api/v1/namespaces/kube-system/configmaps/x"),
                           ("application", "app?dryRun=All")):
            with self.subTest(key=key):
                bad = dict(config, argocd=dict(config["argocd"], **{key: value}))
                write_yaml(self.w.config_file, bad)
                self.w.clear_requests()
                proc = self.w.run("doctor", "7", "--fix", "--yes")
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertEqual(self.kube_requests(), [])


if __name__ == "__main__":
    unittest.main()
