"""Credentials go only to the origin they belong to, and only over TLS (design §7).

The world's `evil` server (https://localhost:P, another origin than every other server) and its
proxy (the only way to `ghcr.io` and the catcher of anything sent over plain HTTP) record every
Authorization header that reaches them. Each test sets up one way a hostile server, proxy or
repository checkout could steer a credential there, and checks that none arrives.
"""

import json
import unittest

from world import config_files, faults
from world import github_objects as gho
from world import preview as world_preview
from world.world import PRIVATE_REPO
from world.testcase import SharedWorldTest


class CredentialOrigins(SharedWorldTest):
    def setUp(self):
        super().setUp()
        self.w.proxy.clear()
        self.w.registry.realm = None

    def status(self, *args, env=None):
        proc = self.w.run("status", *args, "-o", "json", env_overrides=env)
        self.assertGreaterEqual(proc.returncode, 0, proc.stderr)
        return proc

    def write_profile(self, name: str, **changes) -> str:
        w = self.w
        profile = config_files.profile(w.github.url, w.app.url, w.registry.host)
        for key, value in changes.items():
            if isinstance(value, dict):
                profile[key] = {**profile.get(key, {}), **value}
            else:
                profile[key] = value
        path = w.dir / name
        config_files.write_yaml(path, profile)
        return str(path)

    def assertNothingReachedEvil(self):
        self.assertEqual(self.w.evil.requests(), [], "a request reached the other origin")
        self.assertEqual(self.w.proxy.plain, [], "a request went out over plain HTTP")

    # -- pagination links ---------------------------------------------------------------------

    def test_a_next_link_to_another_origin_is_not_followed(self):
        gh = self.w.github.url                      # https://127.0.0.1:G
        evil = self.w.evil.host                     # localhost:E
        links = [f"@{evil}/steal?page=2",           # appended to the API base: gh@evil
                 f"//{evil}/steal?page=2",
                 f"https://{evil}/steal?page=2",
                 f"{gh}@{evil}/steal?page=2",
                 f"{self.w.app.url}/steal?page=2"]  # same host, another port
        for link in links:
            with self.subTest(link=link):
                self.w.clear_faults()
                self.w.clear_requests()
                self.w.github.faults.add(faults.respond(200, [], headers={
                    "Link": f'<{link}>; rel="next", <{link}>; rel="last"'}),
                    "GET", r"/issues/5/comments$")
                proc = self.status("5")
                self.assertNothingReachedEvil()
                self.assertEqual(self.w.requests("app", path_prefix="/steal"), [])
                if link.startswith("@"):
                    # A relative reference: it stays on GitHub (and gets GitHub's 404).
                    followed = self.w.requests("github", path_prefix="/repos")
                    self.assertTrue(any("@" in r.path for r in followed), followed)
                    continue
                doc = json.loads(proc.stdout)
                self.assertIsNone(doc["comment"])
                error = next(e for e in doc["errors"] if e["source"] == "comment")
                self.assertIn("not followed", error["message"])
                self.assertIn("names a user" if link.startswith(gh) else "leads away from",
                              error["message"])

    # -- the API host and the token -----------------------------------------------------------

    def test_a_profile_cannot_send_gh_token_to_another_host(self):
        profile = self.write_profile("evil-api.yaml", github={"apiUrl": self.w.evil.url})
        env = {"PREVIEW_CONFIG": profile, "GITHUB_API_URL": None, "GH_PATH": "/nonexistent/gh"}
        self.status("42", env=env)
        self.assertGreater(len(self.w.evil.requests()), 0, "the profile's API was not used")
        self.assertEqual(set(self.w.evil.authorizations()), {None})
        self.assertEqual(self.w.requests("github"), [])

    def test_a_profile_host_gets_the_enterprise_token(self):
        profile = self.write_profile("evil-api.yaml", github={"apiUrl": self.w.evil.url})
        env = {"PREVIEW_CONFIG": profile, "GITHUB_API_URL": None, "GH_PATH": "/nonexistent/gh",
               "GH_ENTERPRISE_TOKEN": "ghe_forThatHost123"}
        self.status("42", env=env)
        self.assertEqual(set(self.w.evil.authorizations()), {"Bearer ghe_forThatHost123"})

    def test_a_host_the_environment_names_gets_gh_token(self):
        env = {"GITHUB_API_URL": self.w.evil.url, "GH_PATH": "/nonexistent/gh"}
        self.status("42", env=env)
        self.assertEqual(set(self.w.evil.authorizations()), {f"Bearer {self.w.creds.gh_token}"})

    def test_an_http_api_url_is_a_config_error_and_nothing_is_sent(self):
        plain = "http://ghe.example.invalid/api/v3"
        profile = self.write_profile("plain-api.yaml", github={"apiUrl": plain})
        cases = [({"PREVIEW_CONFIG": profile, "GITHUB_API_URL": None}, "github.apiUrl in"),
                 ({"GITHUB_API_URL": plain}, "from GITHUB_API_URL")]
        for env, source in cases:
            with self.subTest(source=source):
                self.w.proxy.clear()
                proc = self.w.run("status", "42", env_overrides={
                    **env, **self.w.proxy.env(), "GH_ENTERPRISE_TOKEN": "ghe_forThatHost123"})
                self.assertEqual(self.w.proxy.plain, [])
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertIn("uses http://", proc.stderr)
                self.assertIn(source, proc.stderr)
                self.assertNotIn(self.w.creds.gh_token, proc.stdout + proc.stderr)

    # -- registry token realms ----------------------------------------------------------------

    def artifact_status(self, realm: str | None):
        """status 42 with one private ghcr.io artifact, the registry announcing `realm`."""
        self.w.registry.realm = realm
        self.w.registry.add_credentials("preview", self.w.creds.gh_token)  # ghcr.io ignores the user
        profile = self.write_profile("ghcr.yaml", artifacts=[f"ghcr.io/{PRIVATE_REPO}:latest"])
        proc = self.status("42", env={"PREVIEW_CONFIG": profile, **self.w.proxy.env()})
        self.assertIn("ghcr.io:443", self.w.proxy.tunnels, "the registry was not asked")
        return json.loads(proc.stdout)["artifacts"][0]

    def test_ghcr_gets_the_github_token_at_its_own_https_realm(self):
        artifact = self.artifact_status("https://ghcr.io/token")
        self.assertTrue(artifact["exists"], artifact)
        basic = [r for r in self.w.requests("registry", path_prefix="/token")
                 if (r.headers.get("Authorization") or "").startswith("Basic ")]
        self.assertEqual(len(basic), 1)

    def test_a_realm_on_another_host_gets_no_credentials(self):
        artifact = self.artifact_status(f"{self.w.evil.url}/token")
        self.assertIsNone(artifact["exists"], artifact)
        self.assertGreater(len(self.w.evil.requests()), 0, "anonymous tokens may be asked for")
        self.assertEqual(set(self.w.evil.authorizations()), {None})

    def test_an_http_realm_is_not_asked_at_all(self):
        artifact = self.artifact_status("http://ghcr.io/token")
        self.assertEqual(self.w.proxy.plain, [])
        self.assertIsNone(artifact["exists"], artifact)
        self.assertIn("not a plain https:// URL", artifact["error"])

    # -- the sticky comment -------------------------------------------------------------------

    def test_a_marked_comment_by_someone_else_is_not_the_bot_comment(self):
        def by_mallory(p):
            for c in p.comments:
                if c["body"].startswith(world_preview.BOT_MARKER):
                    c["user"] = gho.user("mallory", 666)
        self.w.add(["healthy", by_mallory], 61)
        doc = json.loads(self.status("61").stdout)
        self.assertIsNone(doc["comment"])
        profile = self.write_profile("mallory.yaml", github={"commentAuthor": "mallory"})
        doc = json.loads(self.status("61", env={"PREVIEW_CONFIG": profile}).stdout)
        self.assertEqual(doc["comment"]["author"], "mallory")
        doc = json.loads(self.status("42").stdout)
        self.assertEqual(doc["comment"]["author"], "github-actions[bot]")


if __name__ == "__main__":
    unittest.main()
