"""Secret hygiene: credentials never show, go only where they belong, and no Secret is read.

Every credential of the world (the GitHub token, the Argo CD and workload bearer tokens, the
token file's token, the Basic password, the token an exec plugin prints, the client keys) is
looked for in stdout, stderr (with -v), and every request URL and body the servers recorded,
across status, doctor (also --fix), up, down, refresh, bump-route and the error paths, including
servers that quote the Authorization header back in their error bodies. The exec plugin and
`gh` are fakes that record how they were started: no shell, the argument vector exactly as
configured, the environment kubectl would give them minus our GitHub tokens.
"""

import base64
import json
import sys
import unittest
from pathlib import Path

from world import config_files, faults
from world.world import World

EXEC_ARGS = ["--cluster", "homerun2 test1", "a;b", "$(touch {marker})", "`touch {marker}`",
             "*", "'quoted'", "--flag=with space"]
EXEC_ENV = [{"name": "PLUGIN_REGION", "value": "eu central"},
            {"name": "PLUGIN_EXPR", "value": "$(touch {marker})"}]

RECORDING_PLUGIN = """#!{python}
# Records how it was started, then answers like a client.authentication.k8s.io plugin.
import json, os, sys
with open({record!r}, "a") as f:
    f.write(json.dumps({{"argv": sys.argv, "env": dict(os.environ),
                        "parent": open(f"/proc/{{os.getppid()}}/comm").read().strip()}}) + "\\n")
info = json.loads(os.environ["KUBERNETES_EXEC_INFO"])
print(json.dumps({{"apiVersion": info["apiVersion"], "kind": "ExecCredential",
                  "status": {{"token": {token!r}}}}}))
"""

RECORDING_GH = """#!{python}
# A stand-in for `gh`: records how it was started, prints a token for `gh auth token`.
import json, os, sys
with open({record!r}, "a") as f:
    f.write(json.dumps({{"argv": sys.argv, "env": dict(os.environ),
                        "parent": open(f"/proc/{{os.getppid()}}/comm").read().strip()}}) + "\\n")
if sys.argv[1:3] == ["auth", "token"]:
    print({token!r})
"""


def pem_body_lines(pem: str) -> list[str]:
    """The base64 lines of a PEM file (what a leaked key would show)."""
    return [line for line in pem.splitlines() if line and not line.startswith("-----")]


class SecretHygiene(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.w = w = World().start()
        c = w.creds
        cls.client_key = w.certs.client(c.cert_user, c.cert_groups).key_pem()
        cls.foreign_key = w.certs.client(c.cert_user, c.cert_groups, issuer="other_ca").key_pem()
        cls.secrets = {
            "GitHub token": c.gh_token, "Argo CD token": c.argo_token,
            "exec plugin token": c.exec_token, "token file token": c.file_token,
            "Basic password": c.basic_password, "rejected token": c.bad_token,
            "Basic header": base64.b64encode(f"{c.basic_user}:{c.basic_password}".encode())
            .decode(),
        }
        for name, pem in (("client key", cls.client_key), ("foreign key", cls.foreign_key)):
            for i, line in enumerate(pem_body_lines(pem)):
                cls.secrets[f"{name} line {i}"] = line
            cls.secrets[f"{name} as kubeconfig data"] = base64.b64encode(pem.encode()).decode()
        cls.marker = w.dir / "shell-was-here"
        cls.plugin_record = w.dir / "plugin-record.jsonl"
        cls.kubeconfig = cls.write_kubeconfig()

    @classmethod
    def tearDownClass(cls):
        cls.w.stop()

    @classmethod
    def write_kubeconfig(cls) -> Path:
        """The world's kubeconfig plus a context whose exec plugin records how it was started,
        and one whose client key does not belong to its certificate."""
        w = cls.w
        config = config_files.kubeconfig(w.dir, w.certs, w.creds, w.argo.url, w.workload.url)
        plugin = w.dir / "recording plugin"             # a space in the path, too
        plugin.write_text(RECORDING_PLUGIN.format(python=sys.executable,
                                                  record=str(cls.plugin_record),
                                                  token=w.creds.exec_token))
        plugin.chmod(0o755)
        marker = str(cls.marker)
        config["users"] += [
            {"name": "recorded-exec", "user": {"exec": {
                "apiVersion": "client.authentication.k8s.io/v1beta1", "command": str(plugin),
                "args": [a.format(marker=marker) for a in EXEC_ARGS],
                "env": [{"name": e["name"], "value": e["value"].format(marker=marker)}
                        for e in EXEC_ENV],
                "interactiveMode": "Never"}}},
            {"name": "mismatched-key", "user": {
                "client-certificate-data": base64.b64encode(
                    w.certs.client(w.creds.cert_user, w.creds.cert_groups).cert_pem().encode())
                .decode(),
                "client-key-data": base64.b64encode(cls.foreign_key.encode()).decode()}},
        ]
        config["contexts"] += [
            {"name": "recorded-exec", "context": {"cluster": config_files.WORKLOAD_CONTEXT,
                                                  "user": "recorded-exec"}},
            {"name": "mismatched-key", "context": {"cluster": config_files.WORKLOAD_CONTEXT,
                                                   "user": "mismatched-key"}},
        ]
        return config_files.write_yaml(w.dir / "kubeconfig-recording", config)

    def setUp(self):
        self.w.clear_faults()
        self.w.clear_requests()

    # -- helpers ------------------------------------------------------------------------------

    def run_preview(self, *args, env=None):
        proc = self.w.run(*args, env_overrides=env)
        self.assertGreaterEqual(proc.returncode, 0, proc.stderr)
        self.assertNoSecrets(proc.stdout + proc.stderr, f"output of preview {' '.join(args)}")
        self.assertNoSecretsSent()
        return proc

    def assertNoSecrets(self, text: str, where: str):
        for name, value in self.secrets.items():
            self.assertNotIn(value, text, f"{name} in {where}:\n{text}")

    def assertNoSecretsSent(self):
        """No credential in any URL or body a server received, and no Secret read."""
        for r in self.w.requests():
            sent = r.raw_path + "?" + json.dumps(r.query) + r.body.decode(errors="replace")
            self.assertNoSecrets(sent, f"request {r!r}")
            self.assertNotIn("/secrets", r.path, f"a Secret was read: {r!r}")
        self.assertEqual(self.w.workload.secret_reads + self.w.argo.secret_reads, [])

    def reset_pr50(self):
        self.w.add("unlabelled", 50)
        self.w.clear_requests()

    # -- tests --------------------------------------------------------------------------------

    def test_every_command_keeps_every_credential_to_itself(self):
        self.reset_pr50()
        runs = [("status", "42", "-v"), ("status", "7", "-o", "json", "-v"),
                ("doctor", "7", "-v"), ("doctor", "42", "-o", "yaml", "-v"),
                ("up", "50", "--no-wait", "-v"), ("down", "50", "--no-wait", "-v"),
                ("refresh", "--no-wait", "-v"), ("bump-route", "42", "--timeout", "2s", "-v"),
                ("doctor", "7", "--fix", "--yes", "-v")]
        for args in runs:
            with self.subTest(args=args):
                proc = self.run_preview(*args)
                self.assertIn(proc.returncode, (0, 1), proc.stderr)
        verbose = self.run_preview("status", "42", "-v").stderr
        self.assertRegex(verbose, r"GET https://127\.0\.0\.1:\d+/repos/.*/pulls/42 200 \d+ms")

    def test_each_kube_credential_style(self):
        for context in ("homerun2-test1", "homerun2-test1-cert-files", "homerun2-test1-exec",
                        "homerun2-test1-token-file", "homerun2-test1-basic",
                        "homerun2-test1-insecure"):
            with self.subTest(context=context):
                self.w.clear_requests()
                proc = self.run_preview("doctor", "42", "-v", "--context", context)
                self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_credentials_go_only_to_the_server_they_are_for(self):
        c = self.w.creds
        self.run_preview("status", "42", "--context", "homerun2-test1-token-file")
        expected = {"github": {f"Bearer {c.gh_token}"}, "argo": {f"Bearer {c.argo_token}"},
                    "workload": {f"Bearer {c.file_token}"}}
        for server, allowed in expected.items():
            sent = {r.headers.get("Authorization") for r in self.w.requests(server)}
            self.assertEqual(sent, allowed, server)
        for r in self.w.requests("registry") + self.w.requests("app"):
            self.assertNoSecrets(str(r.headers.get("Authorization")), f"headers of {r!r}")
        self.assertEqual({r.headers.get("Authorization") for r in self.w.requests("app")},
                         {None})

    def test_error_paths(self):
        cases = [
            (("status", "42", "--context", "homerun2-test1-bad-token", "-v"), None, 3),
            (("status", "42", "-v"), {"GH_TOKEN": "ghp_wrongToken1234567890"}, 3),
            (("status", "42", "--context", "mismatched-key", "--kubeconfig",
              str(self.kubeconfig), "-v"), None, 4),
            (("up", "50", "--no-wait"), {"GH_TOKEN": "ghp_wrongToken1234567890"}, 3),
        ]
        self.reset_pr50()
        self.secrets["wrong GitHub token"] = "ghp_wrongToken1234567890"
        try:
            for args, env, code in cases:
                with self.subTest(args=args):
                    self.w.clear_requests()
                    proc = self.run_preview(*args, env=env)
                    self.assertEqual(proc.returncode, code, proc.stderr)
                    self.assertTrue(proc.stderr.startswith("preview: ") or
                                    "\npreview: " in proc.stderr, proc.stderr)
        finally:
            del self.secrets["wrong GitHub token"]

    def test_servers_that_echo_the_credentials_back(self):
        # Careless proxies and debug endpoints quote the Authorization header in their error
        # bodies; preview quotes error bodies to explain a failure. It must show neither.
        # (server, fault, path it answers, preview arguments, exit code, body quoted in stderr)
        cases = [
            ("github", faults.echo_credentials(401, "github"), ".*", (), 3, True),
            ("github", faults.echo_credentials(403, "html"), ".*", (), 4, True),
            ("argo", faults.echo_credentials(403, "kube"), ".*", (), 3, True),
            ("argo", faults.echo_credentials(401, "text"), ".*", (), 3, True),
            ("workload", faults.echo_credentials(401, "text"), ".*",
             ("--context", "homerun2-test1-exec"), 3, True),
            ("workload", faults.echo_credentials(401, "html"), ".*",
             ("--context", "homerun2-test1-basic"), 4, True),
            ("workload", faults.echo_credentials(403, "text"), ".*",
             ("--context", "homerun2-test1-token-file"), 3, True),
            # the registry's refusal is summarised, not quoted
            ("registry", faults.echo_credentials(401, "text"), r"^/token$", (), 3, False),
        ]
        for server, action, path, args, code, quoted in cases:
            with self.subTest(server=server, fault=action.name, args=args):
                self.w.clear_faults()
                self.w.clear_requests()
                rule = self.w.servers[server].faults.add(action, "GET", path)
                proc = self.run_preview("status", "42", "-v", *args)
                self.assertEqual(proc.returncode, code, proc.stderr)
                self.assertGreater(rule.hits, 0)
                if quoted:
                    self.assertIn("REDACTED", proc.stderr)

    def test_a_link_to_another_host_does_not_get_the_github_token(self):
        # A proxy or a hostile server points comment pagination at another host: preview does
        # not follow it at all (test_origins.py covers the disguised forms).
        elsewhere = f"{self.w.app.url}/steal?page=2"
        self.w.github.faults.add(faults.respond(200, [], headers={
            "Link": f'<{elsewhere}>; rel="next", <{elsewhere}>; rel="last"'}),
            "GET", r"/issues/5/comments$")
        proc = self.run_preview("status", "5", "-o", "json")
        self.assertEqual(self.w.requests("app", path_prefix="/steal"), [], "the link was followed")
        self.assertIn("not followed", proc.stdout)

    def test_exec_plugin_runs_without_a_shell_with_its_exact_arguments_and_environment(self):
        self.plugin_record.unlink(missing_ok=True)
        proc = self.run_preview("status", "42", "--kubeconfig", str(self.kubeconfig),
                                "--context", "recorded-exec",
                                env={"GITHUB_TOKEN": "ghp_alsoSetToken0987654321"})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        runs = [json.loads(line) for line in self.plugin_record.read_text().splitlines()]
        self.assertEqual(len(runs), 1, "the credential is cached for the process")
        run = runs[0]
        marker = str(self.marker)
        self.assertEqual(run["argv"][1:], [a.format(marker=marker) for a in EXEC_ARGS])
        self.assertEqual(run["argv"][0], str(self.w.dir / "recording plugin"))
        self.assertEqual(run["parent"], "preview", "started by preview itself, not by a shell")
        self.assertFalse(self.marker.exists(), "something expanded $(...) or `...`")
        env = run["env"]
        for entry in EXEC_ENV:
            self.assertEqual(env[entry["name"]], entry["value"].format(marker=marker))
        info = json.loads(env["KUBERNETES_EXEC_INFO"])
        self.assertEqual(info["apiVersion"], "client.authentication.k8s.io/v1beta1")
        self.assertEqual(info["kind"], "ExecCredential")
        self.assertIs(info["spec"]["interactive"], False)
        # kubectl's rule: the plugin inherits the environment (HOME, PATH, KUBECONFIG) ...
        for name in ("HOME", "PATH", "KUBECONFIG"):
            self.assertEqual(env[name], self.w.env()[name])
        # ... but our GitHub tokens are none of a cluster credential plugin's business.
        for name in ("GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"):
            self.assertNotIn(name, env)
        self.assertEqual({r.identity for r in self.w.requests("workload")},
                         {self.w.creds.exec_user})

    def test_gh_runs_without_a_shell_and_its_token_stays_hidden(self):
        record = self.w.dir / "gh-record.jsonl"
        directory = self.w.dir / "fake gh; touch shell-was-here"
        directory.mkdir(exist_ok=True)
        gh = directory / "gh"
        gh_token = "gho_fromGhKeyring1234567890abcdef"
        gh.write_text(RECORDING_GH.format(python=sys.executable, record=str(record),
                                          token=gh_token))
        gh.chmod(0o755)
        self.w.github.add_token(gh_token, self.w.creds.gh_login, 1)
        self.secrets["gh keyring token"] = gh_token
        try:
            proc = self.run_preview("status", "42", "-v",
                                    env={"GH_TOKEN": None, "GH_PATH": str(gh)})
        finally:
            del self.secrets["gh keyring token"]
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertNotIn(gh_token, proc.stdout + proc.stderr)
        runs = [json.loads(line) for line in record.read_text().splitlines()]
        self.assertEqual(len(runs), 1)
        host = self.w.github.url.removeprefix("https://")
        self.assertEqual(runs[0]["argv"], [str(gh), "auth", "token", "--hostname", host])
        self.assertEqual(runs[0]["parent"], "preview")
        self.assertFalse(self.marker.exists())
        self.assertFalse((self.w.dir / "shell-was-here").exists())
        self.assertEqual({r.headers.get("Authorization") for r in self.w.requests("github")},
                         {f"Bearer {gh_token}"})
        for r in self.w.requests():
            self.assertNotIn(gh_token, r.raw_path + json.dumps(r.query))


if __name__ == "__main__":
    unittest.main()
