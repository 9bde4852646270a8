"""`preview smoke <pr>` against the world's omni-pitcher/core-catcher pair, and the built-in
profiles: chosen by the repository when no .preview.yaml exists, listed by `preview profiles`.

The built-in core-catcher profile sends to the real hosts (omni-cc-pr-N.<domain>,
cc-pr-N.<domain>); the proxy tunnels them to the world's app server. The export poll interval is
short and the message shows up after a number of polls the world decides, never after a wait.
"""

import json

from world import config_files
from world.app_server import Health
from world.scenarios_smoke import DOMAIN, OMNI_APPSET, omni_pitcher_preview, proxy_env, route_hosts
from world.smoke_app import TOKEN
from world.testcase import SharedWorldTest

HEALTHY, REDIS_DOWN, CONSUMER_DOWN, NO_ROUTE, OMNI_PR = 42, 61, 62, 63, 12


class Smoke(SharedWorldTest):
    @classmethod
    def populate(cls, w):
        for number in (HEALTHY, REDIS_DOWN, CONSUMER_DOWN):
            route_hosts(w, number, "omni-cc", "cc")
            w.app.set_health(number, w.app.health(number) or Health("healthy"))
        w.app.smoke.mode[REDIS_DOWN] = "redis_down"
        w.app.smoke.mode[CONSUMER_DOWN] = "consumer_down"
        w.app.smoke.lag = 2          # visible on the third export poll after the pitch
        omni_pitcher_preview(w, OMNI_PR)
        route_hosts(w, OMNI_PR, "omni")

    def smoke(self, number, *args, token=TOKEN, **env):
        overrides = {**proxy_env(self.w), "PREVIEW_CONFIG": None, "OMNI_PITCHER_TOKEN": token,
                     **env}
        return self.w.run("smoke", str(number), "--interval", "0.01", *args,
                          env_overrides=overrides)

    def test_healthy_preview_data_flows(self):
        proc = self.smoke(HEALTHY, "-o", "json", "-v")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        doc = json.loads(proc.stdout)
        self.assertTrue(doc["passed"])
        self.assertIsNone(doc["failedStep"])
        self.assertIsInstance(doc["latencyMs"], int)
        send, receive = doc["steps"]
        self.assertEqual((send["method"], send["url"], send["status"]),
                         ("POST", f"https://omni-cc-pr-{HEALTHY}.{DOMAIN}/pitch", 200))
        self.assertEqual(receive["url"], f"https://cc-pr-{HEALTHY}.{DOMAIN}/export?format=json")
        self.assertEqual(receive["polls"], 3)          # the world's lag, not a clock
        # The pitch carried the unique title and the token, and nothing else was asked.
        number, headers, body = self.w.app.smoke.pitches[-1]
        self.assertEqual(number, HEALTHY)
        self.assertEqual(headers["authorization"], f"Bearer {TOKEN}")
        self.assertEqual(json.loads(body)["title"], doc["title"])
        self.assertRegex(doc["title"], rf"^preview-smoke-{HEALTHY}-[0-9a-f]{{12}}$")
        self.assertTrue(headers["host"].startswith(f"omni-cc-pr-{HEALTHY}.{DOMAIN}"))
        # One pitch and three polls, nothing else (no GitHub, no cluster).
        self.assertEqual([r.path for r in self.w.requests()], ["/pitch"] + ["/export"] * 3)
        self.assertIn("# profile: built-in profile homerun2-core-catcher", proc.stderr)
        self.assertNotIn(TOKEN, proc.stdout + proc.stderr)

    def test_wrong_token_names_the_variable_exit_3(self):
        proc = self.smoke(HEALTHY, token="not-the-token")
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertIn("smoke test failed at send", proc.stdout)
        self.assertIn('401 "Invalid token"', proc.stdout)
        self.assertIn("$OMNI_PITCHER_TOKEN", proc.stdout)
        self.assertNotIn("not-the-token", proc.stdout + proc.stderr)

    def test_unset_token_is_a_usage_error_before_any_request(self):
        proc = self.smoke(HEALTHY, token=None)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("OMNI_PITCHER_TOKEN", proc.stderr)
        self.assertEqual(self.w.requests(), [])

    def test_redis_down_is_named(self):
        proc = self.smoke(REDIS_DOWN, "-o", "json")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        doc = json.loads(proc.stdout)
        self.assertEqual(doc["failedStep"], "send")
        self.assertEqual(doc["steps"][0]["status"], 503)
        self.assertIn("Redis", doc["cause"])
        self.assertIn(f"preview doctor {REDIS_DOWN} --check secrets", doc["fix"])

    def test_consumer_down_message_never_arrives(self):
        proc = self.smoke(CONSUMER_DOWN, "--timeout", "1s", "-o", "json")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        doc = json.loads(proc.stdout)
        self.assertEqual(doc["failedStep"], "receive")
        self.assertEqual(doc["steps"][0]["status"], 200)
        self.assertIn("consumer", doc["cause"])
        self.assertGreater(doc["steps"][1]["polls"], 1)

    def test_unrouted_host_names_the_route(self):
        proc = self.smoke(NO_ROUTE, "-o", "json")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        doc = json.loads(proc.stdout)
        self.assertEqual(doc["failedStep"], "send")
        self.assertIn(f"omni-cc-pr-{NO_ROUTE}.{DOMAIN} could not be reached", doc["cause"])
        self.assertIn("--check route", doc["fix"])

    def test_profile_without_smoke_section_exits_2(self):
        proc = self.w.run("smoke", str(HEALTHY))      # the world's .preview.yaml has none
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("has no smoke: section", proc.stderr)

    def file_profile(self, name, url, send_url, header="Bearer ${PREVIEW_SMOKE_TOKEN}",
                     expect_url=f"https://cc-pr-{{number}}.{DOMAIN}/export?format=json"):
        profile = config_files.profile(self.w.github.url, self.w.app.url, self.w.registry.host)
        profile["url"] = url
        profile["smoke"] = {
            "send": {"url": send_url,
                     "headers": {"Authorization": header, "Content-Type": "application/json"},
                     "body": '{"title": "{title}", "message": "m", "severity": "info"}'},
            "expect": {"url": expect_url, "field": "title"}}
        return config_files.write_yaml(self.w.dir / name, profile)

    def test_a_profile_cannot_send_the_token_elsewhere(self):
        # Design §7: a file names its own url, so that url is no proof; only this PR's hosts.
        own = f"https://cc-pr-{{number}}.{DOMAIN}"
        cases = {
            "its url and the foreign host": (self.w.evil.url, f"{self.w.evil.url}/pitch",
                                             f"{self.w.evil.url}/export"),
            "another host of the domain": (own, f"https://argocd.{DOMAIN}/pitch", None),
            "another PR's preview": (own, f"https://omni-cc-pr-{HEALTHY + 1}.{DOMAIN}/pitch",
                                     None),
        }
        for what, (url, send_url, expect_url) in cases.items():
            with self.subTest(what):
                self.w.clear_requests()
                path = self.file_profile("evil-smoke.yaml", url, send_url,
                                         **({"expect_url": expect_url} if expect_url else {}))
                proc = self.smoke(HEALTHY, PREVIEW_CONFIG=str(path), PREVIEW_SMOKE_TOKEN=TOKEN)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertIn("not https:// on the preview's host", proc.stderr)
                self.assertIn(f"first label ends in pr-{HEALTHY}", proc.stderr)
                self.assertEqual(self.w.requests(), [])

    def test_a_profile_file_reads_only_the_variables_the_user_allows(self):
        path = self.file_profile("own-smoke.yaml", f"https://cc-pr-{{number}}.{DOMAIN}",
                                 f"https://omni-cc-pr-{{number}}.{DOMAIN}/pitch",
                                 header="Bearer ${OMNI_PITCHER_TOKEN}")
        proc = self.smoke(HEALTHY, PREVIEW_CONFIG=str(path))
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("${OMNI_PITCHER_TOKEN}", proc.stderr)
        self.assertIn("--smoke-env OMNI_PITCHER_TOKEN", proc.stderr)
        self.assertNotIn(TOKEN, proc.stdout + proc.stderr)
        self.assertEqual(self.w.requests(), [])
        # The user allows it: the same file now sends to this PR's own preview.
        proc = self.smoke(HEALTHY, "--smoke-env", "OMNI_PITCHER_TOKEN", PREVIEW_CONFIG=str(path))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.w.app.smoke.pitches[-1][1]["authorization"], f"Bearer {TOKEN}")

    def test_builtin_profile_by_repository_without_a_file(self):
        proc = self.w.run("status", str(OMNI_PR), "-R", "stuttgart-things/homerun2-omni-pitcher",
                          "--argocd-context", config_files.ARGO_CONTEXT, "-o", "json", "-v",
                          env_overrides={**proxy_env(self.w), "PREVIEW_CONFIG": None})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        doc = json.loads(proc.stdout)
        self.assertEqual(doc["phase"], "ready", doc.get("reason"))
        self.assertIn("# profile: built-in profile homerun2-omni-pitcher (no .preview.yaml found)",
                      proc.stderr)
        self.assertTrue(self.w.requests("argo", path_prefix=(
            f"/apis/argoproj.io/v1alpha1/namespaces/argocd/applicationsets/{OMNI_APPSET}")))
        self.assertTrue(self.w.requests("workload", path_prefix=(
            f"/api/v1/namespaces/homerun2-pr-{OMNI_PR}")))

    def test_a_file_still_wins_over_the_builtin_profile(self):
        proc = self.w.run("status", str(OMNI_PR), "-R", "stuttgart-things/homerun2-omni-pitcher")
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("describes the previews of stuttgart-things/homerun2-core-catcher",
                      proc.stderr)

    def test_profiles_lists_every_builtin(self):
        proc = self.w.run("profiles", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        doc = json.loads(proc.stdout)
        self.assertEqual(len(doc), 8)
        by_component = {p["component"]: p for p in doc}
        self.assertEqual(by_component["omni-pitcher"]["namespace"], "homerun2-pr-{number}")
        self.assertIsNotNone(by_component["core-catcher"]["smoke"])
        table = self.w.run("profiles").stdout.splitlines()
        self.assertTrue(table[0].startswith("COMPONENT"))
        self.assertEqual(len(table), 9)
