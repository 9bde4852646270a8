"""Faults: every way the servers or the network misbehave, against status, doctor and up.

Each fault is either cured by the client's retries (the `-o json` document is the one a run
without faults gives, volatile fields aside) or ends with the contract's exit code (4 for an API
or network failure retries did not cure, 3 for auth) and a clear message: `preview: ...` first,
at most a hint after it, no libcurl or OpenSSL jargon. Nothing outlives --request-timeout by
more than the rounds it needs, and nothing crashes (no signal, no sanitizer report).
"""

import json
import re
import time
import unittest

from world import argo_objects as argo
from world import faults
from world.testcase import checks_by_id
from world.world import APPSETS, World

TIMEOUT = 2                     # --request-timeout of every run here, seconds
SLOW_TIMEOUT = 1                # ... of the runs against slow servers (they cost that much)
SLOW_MS = 20_000                # a "slow" server answers after this: far beyond any timeout
API_SERVERS = ("github", "argo", "workload", "registry")
JARGON = ("CURLE_", "SSL routines", "errno", "curl:", "OpenSSL/", "error:0A", "terminate called",
          "what():", "Traceback", "AddressSanitizer", "LeakSanitizer", "runtime error:")
VOLATILE_KEYS = {"ageSeconds", "ms"}
REFRESH = "argocd.argoproj.io/application-set-refresh"
COMMANDS = (("status", "42"), ("status", "7"), ("doctor", "42"), ("doctor", "7"))

# The first request of each API server that a retry must cure. The registry's /v2/ probe is
# a best-effort shortcut (one attempt, with a fallback), so its token request is the target.
FIRST_REQUEST = {"github": ("GET", ".*"), "argo": ("GET", ".*"), "workload": ("GET", ".*"),
                 "registry": ("GET", r"^/token$")}


def normalized(value):
    """The document without what changes from run to run: ages and timings."""
    if isinstance(value, dict):
        if value.get("event") == "url-healthy":     # the timeline's "as observed": now
            return {"event": "url-healthy"}
        return {k: normalized(v) for k, v in value.items() if k not in VOLATILE_KEYS}
    if isinstance(value, list):
        return [normalized(v) for v in value]
    if isinstance(value, str):
        value = re.sub(r"\b\d+ ms\b", "N ms", value)
        return re.sub(r"\b(\d+[dhms])+ old\b", "N old", value)
    return value


WORLD: World | None = None
BASELINE: dict = {}             # command -> (exit code, normalized -o json document)


def setUpModule():
    global WORLD
    WORLD = World().start()
    for command in COMMANDS:
        proc = WORLD.run(*command, "-o", "json", "--request-timeout", str(TIMEOUT))
        BASELINE[command] = (proc.returncode, normalized(json.loads(proc.stdout)))
    # Comparisons only mean something against the expected pictures: 42 healthy, 7 broken.
    assert BASELINE[("status", "42")][0] == 0 and BASELINE[("status", "42")][1]["ready"]
    assert BASELINE[("doctor", "7")][0] == 1, BASELINE[("doctor", "7")]


def tearDownModule():
    if WORLD is not None:
        WORLD.stop()


class FaultTest(unittest.TestCase):
    """One world for the module; every test starts without faults and with a clean record."""

    timeout = TIMEOUT
    settle = 0.0                      # after clearing faults: delayed answers end (reset)

    @property
    def w(self) -> World:
        return WORLD

    def setUp(self):
        self.reset_world()

    def tearDown(self):
        self.reset_world()

    def reset_world(self):
        self.w.clear_faults()
        time.sleep(self.settle)
        self.w.clear_requests()
        for server in self.w.servers.values():
            server.http.set_tls("valid")
        # `up` asks the AppSet to re-poll; no controller runs here to take the request back.
        appset = self.w.argo.store.get(APPSETS, argo.ARGO_NS, argo.APPSET)
        if appset["metadata"].get("annotations", {}).pop(REFRESH, None) is not None:
            self.w.argo.store.replace(APPSETS, argo.ARGO_NS, argo.APPSET, appset)

    def run_preview(self, *args, limit: float = 15.0):
        """Runs preview with --request-timeout; asserts it ended on its own within `limit`
        seconds, without a signal, a sanitizer report or jargon on stderr."""
        started = time.monotonic()
        proc = self.w.run(*args, "--request-timeout", str(self.timeout), timeout=limit + 30)
        wall = time.monotonic() - started
        context = f"preview {' '.join(args)}: rc={proc.returncode} stderr={proc.stderr!r}"
        self.assertGreaterEqual(proc.returncode, 0, "killed by a signal: " + context)
        self.assertIn(proc.returncode, (0, 1, 2, 3, 4), context)
        for jargon in JARGON:
            self.assertNotIn(jargon, proc.stderr, context)
        self.assertLess(wall, limit, f"took {wall:.1f} s: {context}")
        return proc

    def assertSameAsWithoutFaults(self, command):
        proc = self.run_preview(*command, "-o", "json")
        code, doc = BASELINE[command]
        self.assertEqual(proc.returncode, code, proc.stderr)
        self.assertEqual(normalized(json.loads(proc.stdout)), doc)
        return proc

    def assertClearFailure(self, proc, code, *phrases):
        self.assertEqual(proc.returncode, code, f"stdout={proc.stdout[:300]!r} "
                                                f"stderr={proc.stderr!r}")
        lines = proc.stderr.strip().splitlines()
        self.assertTrue(lines and lines[0].startswith("preview: "), proc.stderr)
        # One line per failed piece (different causes stay apart), each with at most a hint.
        for line in lines:
            self.assertTrue(line.startswith(("preview: ", "hint: ")), proc.stderr)
        self.assertLessEqual(len(lines), 6, proc.stderr)
        for phrase in phrases:
            self.assertIn(phrase, proc.stderr)
        if proc.stdout.strip().startswith("{"):
            doc = json.loads(proc.stdout)      # what could be read is still a valid document
            self.assertTrue("errors" in doc or "checks" in doc, doc)


class TransientFaults(FaultTest):
    """Retries cure what is transient: same document, same exit code."""

    CURABLE = {
        "429 Retry-After": faults.retry_later(429, 1),
        "500": faults.server_error(500),
        "502": faults.server_error(502),
        "503": faults.server_error(503),
        "connection reset": faults.reset(),
        "cut off mid-body": faults.cut_off(),
        "proxy HTML 502 page": faults.html_error_page(502),
    }

    def inject_once(self, action):
        rules = {}
        for name in API_SERVERS:
            method, path = FIRST_REQUEST[name]
            rules[name] = self.w.servers[name].faults.add(action, method, path, times=1)
        return rules

    def test_one_failure_per_server_is_retried_away(self):
        for i, (label, action) in enumerate(self.CURABLE.items()):
            command = (("status", "42"), ("doctor", "7"))[i % 2]
            with self.subTest(fault=label, command=command):
                self.reset_world()
                rules = self.inject_once(action)
                self.assertSameAsWithoutFaults(command)
                for name, rule in rules.items():
                    self.assertEqual(rule.hits, 1, f"{name} never saw the fault")

    def test_kubernetes_status_429_and_503_are_retried_away(self):
        for status in (429, 503):
            with self.subTest(status=status):
                self.reset_world()
                rules = [self.w.servers[name].faults.add(
                    faults.kube_status(status, "TooManyRequests" if status == 429
                                       else "ServiceUnavailable"), "GET", times=1)
                    for name in ("argo", "workload")]
                self.assertSameAsWithoutFaults(("status", "42"))
                self.assertEqual([r.hits for r in rules], [1, 1])

    def test_retry_after_as_http_date(self):
        stamp = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 2))
        self.w.github.faults.add(faults.retry_later(429, stamp), "GET", r"/pulls/42$", times=1)
        started = time.monotonic()
        self.assertSameAsWithoutFaults(("status", "42"))
        self.assertGreater(time.monotonic() - started, 0.9, "Retry-After was not honoured")

    def test_twenty_percent_of_requests_failing_transiently_changes_nothing(self):
        # Each GET/HEAD of every API server fails with probability 0.2 (500, 502, 503 or a
        # reset, from a seeded RNG), never more than twice in a row for the same request, so
        # retries always cure it. The preview URL's probe is left alone: it is one attempt on
        # purpose (what the URL answered is the observation, not a transport problem).
        for seed in (7, 1234, 99991):
            with self.subTest(seed=seed):
                self.reset_world()
                for i, name in enumerate(API_SERVERS):
                    server_faults = self.w.servers[name].faults
                    server_faults.seed(seed + i)
                    for method in ("GET", "HEAD"):
                        server_faults.add(faults.transient(), method, probability=0.2, streak=2)
                for command in (("status", "7"), ("doctor", "42")):
                    self.assertSameAsWithoutFaults(command)
                hits = sum(self.w.servers[name].faults.hits for name in API_SERVERS)
                sent = len([r for r in self.w.requests() if r.server != "app"])
                self.assertGreater(hits, sent * 0.08, f"only {hits} of {sent} requests failed")

    def test_content_type_mislabelled_json_is_still_read(self):
        for name in ("github", "argo", "workload"):
            self.w.servers[name].faults.add(faults.relabel("text/plain; charset=utf-8"), "GET")
        self.assertSameAsWithoutFaults(("status", "42"))
        self.assertSameAsWithoutFaults(("doctor", "7"))

    def test_verbose_shows_the_retry_in_plain_words(self):
        # Cut off after part of the answer, not reset before it: libcurl itself silently
        # retries a reused connection that died before any byte arrived, so a reset shows a
        # retry line only when the request happened to get a fresh connection.
        self.w.workload.faults.add(faults.cut_off(), "GET", r"/pods$", times=1)
        proc = self.run_preview("status", "42", "-v")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        retry = [l for l in proc.stderr.splitlines() if "/pods" in l and "retrying in" in l]
        self.assertEqual(len(retry), 1, proc.stderr)
        self.assertIn("(attempt 1/4, retrying in", retry[0])
        self.assertIn("closed before a complete answer", retry[0])


class LastingFaults(FaultTest):
    """What retries cannot cure ends with exit 4 (3 for auth) and a message a person can act on."""

    def test_outages_of_each_api_server(self):
        # phrases: what the message must say, or per server when GitHub and Kubernetes differ
        cases = {
            "500 on every attempt": (faults.server_error(500), ("internal error injected",)),
            "connection reset every time": (faults.reset(), ("closed before a complete answer",)),
            "cut off every time": (faults.cut_off(), ("closed before a complete answer",)),
            "proxy HTML page": (faults.html_error_page(502), ("HTML", "502 Bad Gateway")),
            "truncated JSON": (faults.truncated_json(), ("truncated",)),
            "plain text instead of JSON": (faults.not_json(), ("not JSON",)),
            "login page with 200": (faults.html_login_page(), ("HTML", "Sign in")),
            "body over 32 MiB": (faults.huge_body(33), ("larger than 32 MiB",)),
            "429 asking for an hour": (faults.retry_later(429, 3600),
                                       {"github": ("retry after 3600 s",),
                                        "argo": ("Too Many Requests", "throttling"),
                                        "workload": ("Too Many Requests", "throttling")}),
        }
        targets = {"github": ("GET", r"/pulls/42$"), "workload": ("GET", r"/pods$"),
                   "argo": ("GET", r"/applications$")}
        # Faults that are retried until the attempts run out cost ~2 s: one server each.
        retried = {"500 on every attempt": "github", "connection reset every time": "workload",
                   "cut off every time": "argo", "proxy HTML page": "workload"}
        for label, (action, phrases) in cases.items():
            for name, (method, path) in targets.items():
                if retried.get(label, name) != name:
                    continue
                with self.subTest(fault=label, server=name):
                    self.reset_world()
                    self.w.servers[name].faults.add(action, method, path)
                    # 4 attempts with backoff (0.25 + 0.5 + 1 s, jittered) is the slowest case.
                    proc = self.run_preview("status", "42", "-o", "json", limit=10)
                    expected = phrases[name] if isinstance(phrases, dict) else phrases
                    self.assertClearFailure(proc, 4, *expected)

    def test_a_long_retry_after_fails_fast_instead_of_sleeping(self):
        self.w.workload.faults.add(faults.kube_status(429, retry_after=3600), "GET", r"/pods$")
        proc = self.run_preview("status", "42", limit=5)
        self.assertClearFailure(proc, 4, "pods")
        pods = self.w.requests("workload", path_prefix="/api/v1/namespaces/"
                                                       "homerun2-core-catcher-pr-42/pods")
        self.assertEqual(len(pods), 1, "no retry when the server asks for more than the budget")

    def test_registry_outage_is_reported_per_artifact(self):
        self.w.registry.faults.add(faults.server_error(503), None, r"/manifests/|^/token$")
        proc = self.run_preview("status", "42", "-o", "json", limit=10)
        self.assertClearFailure(proc, 4, "503")
        doc = json.loads(proc.stdout)
        self.assertEqual([a["exists"] for a in doc["artifacts"]], [None, None])
        self.assertTrue(all("503" in a["error"] for a in doc["artifacts"]), doc["artifacts"])

    def test_auth_answers_exit_3(self):
        cases = (("github", faults.respond(401, {"message": "Bad credentials"})),
                 ("workload", faults.kube_status(401, "Unauthorized", "Unauthorized", None)),
                 ("argo", faults.kube_status(403, "Forbidden", 'applications.argoproj.io is '
                                             'forbidden: User "x" cannot list resource', None)))
        for name, action in cases:
            with self.subTest(server=name):
                self.reset_world()
                self.w.servers[name].faults.add(action, "GET")
                proc = self.run_preview("status", "42")
                self.assertClearFailure(proc, 3)

    def test_doctor_skips_what_it_could_not_read_and_exits_4(self):
        self.w.workload.faults.add(faults.truncated_json(), "GET", r"/pods$")
        proc = self.run_preview("doctor", "42", "-o", "json")
        self.assertClearFailure(proc, 4, "Pod list", "truncated")
        checks = checks_by_id(proc)
        self.assertEqual(checks["image-pull"]["status"], "skip")
        self.assertEqual(checks["pr-open"]["status"], "pass")


class SlowServers(FaultTest):
    """A server that answers late, or stops mid-answer, costs --request-timeout, not more."""

    timeout = SLOW_TIMEOUT
    settle = 0.1
    # status needs at most three rounds (PR -> check runs and artifact token -> manifest); the
    # GitHub requests of a round run one after another. Generous slack for the sanitizer build.
    LIMIT = 3 * SLOW_TIMEOUT + 4

    def test_each_api_server_answering_too_late(self):
        cases = [(name, faults.delay(SLOW_MS)) for name in API_SERVERS] + \
                [("workload", faults.stall(SLOW_MS))]
        for name, action in cases:
            with self.subTest(server=name, fault=action.name):
                self.reset_world()
                self.w.servers[name].faults.add(action)
                proc = self.run_preview("status", "42", limit=self.LIMIT)
                self.assertClearFailure(proc, 4, f"within {SLOW_TIMEOUT} s")

    def test_doctor_with_a_slow_cluster(self):
        self.w.workload.faults.add(faults.delay(SLOW_MS))
        proc = self.run_preview("doctor", "42", limit=self.LIMIT)
        self.assertClearFailure(proc, 4, f"within {SLOW_TIMEOUT} s")

    def test_slow_preview_url_is_an_observation_not_a_failure(self):
        self.w.app.faults.add(faults.delay(SLOW_MS))
        proc = self.run_preview("status", "42", "-o", "json", limit=self.LIMIT)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        url = json.loads(proc.stdout)["url"]
        self.assertFalse(url["ok"])
        self.assertEqual(url["error"], f"no answer from 127.0.0.1 within {SLOW_TIMEOUT} s")

    def test_up_no_wait_with_a_slow_github(self):
        self.w.add("unlabelled", 50)
        self.w.github.faults.add(faults.delay(SLOW_MS), "POST")
        proc = self.run_preview("up", "50", "--no-wait", limit=self.LIMIT)
        self.assertClearFailure(proc, 4, "label", f"within {SLOW_TIMEOUT} s")
        self.assertNotIn("Added", proc.stdout)


class TlsFaults(FaultTest):
    """Broken certificates: exit 4, and the message says what is wrong with the certificate."""

    VARIANTS = {"expired": "certificate has expired",
                "not_yet_valid": "certificate is not yet valid",
                "wrong_host": "issued for other names",
                "other_ca": "not trusted"}

    def test_each_api_server_with_each_broken_certificate(self):
        for name in API_SERVERS:
            for variant, phrase in self.VARIANTS.items():
                with self.subTest(server=name, certificate=variant):
                    self.reset_world()
                    self.w.servers[name].http.set_tls(variant)
                    proc = self.run_preview("status", "42", "-o", "json", limit=8)
                    self.assertClearFailure(proc, 4, phrase, "hint: ")
                    # The handshake failed, so not one request reached the server.
                    self.assertEqual(self.w.requests(name), [])

    def test_preview_url_with_an_expired_certificate(self):
        self.w.app.http.set_tls("expired")
        proc = self.run_preview("status", "42", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        url = json.loads(proc.stdout)["url"]
        self.assertFalse(url["ok"])
        self.assertIn("certificate has expired", url["error"])


class WritesUnderFaults(FaultTest):
    """up --no-wait: its two writes (label, refresh) are retried like reads, never doubled."""

    def setUp(self):
        super().setUp()
        self.w.add("unlabelled", 50)
        self.w.clear_requests()

    def label_posts(self):
        return self.w.requests("github", "POST", "/repos/stuttgart-things/homerun2-core-catcher/"
                                                 "issues/50/labels")

    def test_transient_failures_of_both_writes_are_retried(self):
        self.w.github.faults.add(faults.server_error(502), "POST", r"/labels$", times=1)
        self.w.argo.faults.add(faults.reset(), "PATCH", times=1)
        proc = self.run_preview("up", "50", "--no-wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual([r.status for r in self.label_posts()], [502, 200])
        self.assertEqual([r.status for r in self.w.argo.patches()], [None, 200])
        pr = json.loads(self.run_preview("status", "50", "-o", "json").stdout)["pr"]
        self.assertIn("preview", pr["labels"])

    def test_lasting_failure_of_the_refresh(self):
        self.w.argo.faults.add(faults.kube_status(500, "InternalError", "etcdserver: request "
                                                  "timed out", None), "PATCH")
        proc = self.run_preview("up", "50", "--no-wait", limit=10)
        self.assertClearFailure(proc, 4, "ApplicationSet", "etcdserver: request timed out")
        self.assertEqual([r.status for r in self.label_posts()], [200], "the label is added once")


if __name__ == "__main__":
    unittest.main()
