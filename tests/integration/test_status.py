"""`preview status` end to end: the real binary against the local HTTPS test world."""

import json
import os
import signal
import subprocess
import threading
import time
import unittest

from world import faults
from world.preview import secret_value
from world.world import World
from world.testcase import SharedWorldTest

NS42 = "homerun2-core-catcher-pr-42"


class StatusHealthyAndBroken(SharedWorldTest):
    def status_json(self, *args):
        proc = self.w.run("status", *args, "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return json.loads(proc.stdout)

    def test_healthy_preview_is_ready_with_the_contract_fields(self):
        doc = self.status_json("42")
        for field in ("pr", "ci", "applicationSet", "applications", "namespace", "workloads",
                      "pods", "externalSecrets", "jobs", "routes", "url", "phase", "ready"):
            self.assertIn(field, doc)
        self.assertEqual(doc["pr"]["repo"], "stuttgart-things/homerun2-core-catcher")
        self.assertEqual(doc["pr"]["number"], 42)
        self.assertEqual(doc["pr"]["state"], "open")
        self.assertEqual(len(doc["pr"]["headSha"]), 40)
        self.assertIn("preview", doc["pr"]["labels"])
        self.assertEqual(doc["phase"], "ready", doc["reason"])
        self.assertTrue(doc["ready"])
        self.assertEqual(doc["namespace"]["name"], NS42)
        self.assertEqual(doc["namespace"]["phase"], "Active")
        self.assertIsInstance(doc["namespace"]["ageSeconds"], int)
        names = [a["name"] for a in doc["applications"]]
        self.assertEqual(names[0], "homerun2-core-catcher-pr-42")
        self.assertIn("homerun2-core-catcher-pr-42-core-catcher", names)
        self.assertTrue(all(a["sync"] == "Synced" and a["health"] == "Healthy"
                            for a in doc["applications"]))
        self.assertEqual({w["name"] for w in doc["workloads"]},
                         {"homerun2-core-catcher", "homerun2-omni-pitcher", "redis-stack-node"})
        self.assertEqual(len(doc["externalSecrets"]), 4)
        self.assertTrue(all(es["ready"] for es in doc["externalSecrets"]))
        self.assertTrue(doc["url"]["ok"])
        self.assertEqual(doc["url"]["httpStatus"], 200)
        self.assertTrue(all(a["exists"] for a in doc["artifacts"]))
        self.assertEqual(doc["errors"], [])

    def test_broken_preview_shows_what_is_broken(self):
        doc = self.status_json("7")
        self.assertEqual(doc["phase"], "degraded")
        self.assertFalse(doc["ready"])
        auth = [es for es in doc["externalSecrets"] if es["name"] == "redis-stack-auth"]
        self.assertEqual(len(auth), 1)
        self.assertFalse(auth[0]["ready"])
        self.assertEqual(auth[0]["reason"], "SecretSyncedError")
        crashing = [p for p in doc["pods"] if p["problem"] == "CrashLoopBackOff"]
        self.assertTrue(crashing, doc["pods"])
        route = doc["routes"][0]
        self.assertFalse(route["resolvedRefs"])
        self.assertIn("BackendNotFound", route["message"])

    def test_table_output_for_people(self):
        proc = self.w.run("status", "7")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = proc.stdout
        self.assertIn("PR #7", out)
        self.assertIn("degraded", out)
        self.assertIn("redis-stack-auth", out)
        self.assertIn("CrashLoopBackOff", out)
        self.assertNotIn("\x1b[", out)  # NO_COLOR and not a terminal

    def test_yaml_output(self):
        proc = self.w.run("status", "42", "-o", "yaml")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('phase: "ready"', proc.stdout)
        self.assertIn("externalSecrets:", proc.stdout)

    def test_global_options_before_or_after_the_subcommand(self):
        before = self.w.run("-o", "json", "status", "42")
        after = self.w.run("status", "42", "-o", "json")
        self.assertEqual(before.returncode, 0, before.stderr)
        self.assertEqual(json.loads(before.stdout)["phase"], json.loads(after.stdout)["phase"])

    def test_every_pr_reference_form(self):
        for ref in ("#42", "stuttgart-things/homerun2-core-catcher#42",
                    f"{self.w.github.url}/stuttgart-things/homerun2-core-catcher/pull/42"):
            with self.subTest(ref=ref):
                self.assertEqual(self.status_json(ref)["pr"]["number"], 42)

    def test_one_namespace_scoped_list_per_kind_and_no_secret_reads(self):
        self.status_json("42")
        wl = self.w.requests("workload")
        paths = [r.path for r in wl]
        self.assertEqual(paths.count(f"/api/v1/namespaces/{NS42}/pods"), 1)
        self.assertFalse([p for p in paths if p.startswith(f"/api/v1/namespaces/{NS42}/pods/")],
                         "pods must be listed, not fetched one by one")
        for plural in ("deployments", "statefulsets"):
            self.assertEqual(paths.count(f"/apis/apps/v1/namespaces/{NS42}/{plural}"), 1)
        self.assertFalse([p for p in paths if "/secrets" in p])
        self.assertEqual(self.w.workload.secret_reads, [])
        self.assertTrue(all(r.method in ("GET", "HEAD") for r in self.w.requests()),
                        "status must never change anything")

    def test_requests_are_well_formed_and_carry_no_credentials_in_urls(self):
        self.status_json("42")
        secrets = [self.w.creds.gh_token, self.w.creds.argo_token]
        for r in self.w.requests():
            for secret in secrets:
                self.assertNotIn(secret, r.raw_path)
        for r in self.w.requests("github"):
            self.assertEqual(r.headers.get("Accept"), "application/vnd.github+json")
            self.assertEqual(r.headers.get("X-GitHub-Api-Version"), "2022-11-28")
            self.assertTrue(r.headers.get("User-Agent", "").startswith("preview/"))
            self.assertEqual(r.headers.get("Authorization"), f"Bearer {self.w.creds.gh_token}")

    def test_github_requests_never_overlap(self):
        self.w.set_latency(30)
        try:
            self.status_json("42")
        finally:
            self.w.set_latency(0)
        gh = sorted(self.w.requests("github"), key=lambda r: r.time)
        self.assertGreaterEqual(len(gh), 3)
        for earlier, later in zip(gh, gh[1:]):
            self.assertGreaterEqual(later.time, earlier.time + 0.025,
                                    "GitHub requests must go one at a time")

    def test_verbose_prints_one_line_per_request_without_credentials(self):
        proc = self.w.run("status", "42", "-v")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = [l for l in proc.stderr.splitlines() if l.startswith(("GET ", "HEAD "))]
        self.assertEqual(len(lines), len(self.w.requests()))
        self.assertNotIn(self.w.creds.gh_token, proc.stderr)
        self.assertNotIn(self.w.creds.argo_token, proc.stderr)
        self.assertRegex(lines[0], r"^(GET|HEAD) https://127\.0\.0\.1:\d+/\S* \d{3} \d+ms")

    def test_secret_data_never_appears_in_output(self):
        for args in (["status", "42", "-o", "json"], ["status", "7", "-v"]):
            proc = self.w.run(*args)
            for name in ("redis-stack-auth", "homerun2-omni-pitcher-token"):
                self.assertNotIn(secret_value(name), proc.stdout + proc.stderr)


class Watch(unittest.TestCase):
    def test_watch_redraws_on_change_and_stops_cleanly_on_ctrl_c(self):
        # Driven by what the watcher has printed, never by how long it took: the change is made
        # only after the first frame is on screen, so a slow machine cannot fold both into one.
        with World() as w:
            # Polls are what this counts: the polling fallback (test_watch covers watches).
            w.argo.watches.refuse = w.workload.watches.refuse = True
            proc = subprocess.Popen([os.environ["PREVIEW_BIN"], "status", "42", "--watch",
                                     "--interval", "1"], env=w.env(), stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
            out_parts = []
            reader = threading.Thread(target=lambda: out_parts.extend(iter(proc.stdout.readline, "")),
                                      daemon=True)
            reader.start()

            def wait_for(predicate, what):
                deadline = time.monotonic() + 120  # a backstop only; the test never waits it out
                while not predicate():
                    if time.monotonic() > deadline or proc.poll() is not None:
                        proc.kill()
                        self.fail(f"watch never showed {what}: {''.join(out_parts)!r}")
                    time.sleep(0.05)

            def polls():
                return len([r for r in w.requests("github") if r.path.endswith("/pulls/42")])

            try:
                wait_for(lambda: "ready" in "".join(out_parts), "the first frame")
                w.add("wrongpass", 42)  # the preview breaks while we watch
                wait_for(lambda: "degraded" in "".join(out_parts), "the change")
                # The world may still be settling into the broken state: let two polls pass,
                # then count the frames across three more polls in which nothing changes.
                settled = polls() + 2
                wait_for(lambda: polls() >= settled, "two more polls")
                frames = "".join(out_parts).count("PR #42")
                quiet = polls() + 3
                wait_for(lambda: polls() >= quiet, "three quiet polls")
                frames_after = "".join(out_parts).count("PR #42")
                proc.send_signal(signal.SIGINT)
                proc.wait(timeout=60)
            finally:
                proc.kill()
            reader.join(timeout=10)
            err = proc.stderr.read()
            self.assertEqual(proc.returncode, 130, err)
            self.assertGreaterEqual(frames, 2)  # the ready frame and the degraded one
            # No redraw per poll: at most one more frame in three unchanged polls (an age that
            # ticks over a minute changes the picture once).
            self.assertLessEqual(frames_after - frames, 1)


if __name__ == "__main__":
    unittest.main()
