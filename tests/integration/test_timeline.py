"""`preview status` shows where a preview's minutes went (issue 15, design §9): the world brings
PR 50 up step by step on a manual clock whose timestamps are real minutes in the past (CI, the
label, the ApplicationSet's 10-minute poll, Argo CD, the kubelet, the gateway, the seed Job),
and the timeline lists every event in order with exactly the world's timestamps. A hostile label
event (a control-character label name, a timestamp in the year 9999, garbage) changes nothing."""

import json
import unittest
from datetime import timedelta

from world import clock
from world.controller_settings import ManualClock, Settings, Timings, after_ms
from world.preview import REPO
from world.sim_common import APPLICATIONS, HTTPROUTES, JOBS, NAMESPACES, PODS
from world.world import World

PR = 50
NS = f"homerun2-core-catcher-pr-{PR}"
ORDER = ["ci-started", "ci-finished", "label-added", "application-created",
         "namespace-created", "synced", "pods-ready", "route-accepted", "seed-finished",
         "url-healthy"]


def world_settings() -> Settings:
    timings = Timings(ci_start=after_ms(20_000), ci_complete=after_ms(300_000),
                      namespace=after_ms(8_000), secrets=after_ms(10_000),
                      rollout=after_ms(5_000), containers=after_ms(20_000),
                      ready=after_ms(45_000), routes=after_ms(15_000), seed=after_ms(90_000))
    # Everything happens within the first 20 simulated minutes, an hour before the real now.
    return Settings(clock=ManualClock(), timings=timings,
                    epoch=clock.now() - timedelta(hours=1))


class Timeline(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.w = World(previews=False, controllers=world_settings()).start()
        try:
            cls.bring_up()
        except BaseException:
            cls.w.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.w.stop()

    @classmethod
    def bring_up(cls):
        w, c = cls.w, cls.w.controllers
        w.add("unlabelled", PR)
        repo = w.github.repo(REPO)
        cls.sha = c.ci.push(PR)                          # t=0, checks run 0:20 .. 5:20
        c.run_until(lambda: all(r["status"] == "completed" for r in repo.runs_for(cls.sha)))
        c.advance(100_000)                               # the author labels it at 7:00
        repo.add_labels(PR, ["preview"])
        # The ApplicationSet's regular poll (requeueAfterSeconds 600) generates it at 10:00.
        c.run_until(lambda: w.app.health(PR), timeout=10, what="the preview serves")
        c.settle(120_000)                                # the seed Job runs to its end
        cls.events = repo.events_of(PR)
        # Hostile events after the genuine one: none may move "label added".
        repo.add_event(PR, "labeled", "preview\x1b]8;;https://evil\x07\x1b[2J",
                       created=c.now())
        repo.add_event(PR, "labeled", "preview", created="9999-12-31T23:59:59Z")
        repo.add_event(PR, "labeled", "preview", created="\x1b[2J2026-01-01T00:00:00Z")
        cls.json = cls.status("-o", "json")
        cls.table = cls.status()

    @classmethod
    def status(cls, *args):
        proc = cls.w.run("status", str(PR), *args)
        if proc.returncode != 0:
            raise AssertionError(f"status failed ({proc.returncode}): {proc.stderr}")
        return proc.stdout

    def world_stamps(self) -> dict[str, str]:
        """Each event's time as the world's objects record it."""
        w, repo = self.w, self.w.github.repo(REPO)
        runs = repo.runs_for(self.sha)
        apps = [a for a in w.argo.store.list(APPLICATIONS, "argocd")
                if a["metadata"]["name"].startswith(f"homerun2-core-catcher-pr-{PR}")]
        store = w.workload.store
        pods = [p for p in store.list(PODS, NS) if p["status"]["phase"] == "Running"]
        routes = store.list(HTTPROUTES, NS)

        def cond(conditions, kind):
            return next(x["lastTransitionTime"] for x in conditions if x["type"] == kind)
        return {
            "ci-started": min(r["started_at"] for r in runs),
            "ci-finished": max(r["completed_at"] for r in runs),
            "label-added": next(e["created_at"] for e in self.events if e["event"] == "labeled"),
            "application-created": next(a["metadata"]["creationTimestamp"] for a in apps
                                        if a["metadata"]["name"] == f"homerun2-core-catcher-pr-{PR}"),
            "namespace-created": store.get(NAMESPACES, None, NS)["metadata"]
                                 ["creationTimestamp"],
            "synced": max(a["status"]["operationState"]["finishedAt"] for a in apps),
            "pods-ready": max(cond(p["status"]["conditions"], "Ready") for p in pods),
            "route-accepted": max(cond(par["conditions"], "Accepted") for r in routes
                                  for par in r["status"]["parents"]),
            "seed-finished": store.get(JOBS, NS, "seed-test-events")["status"]
                             ["completionTime"],
        }

    def test_every_event_in_order_with_the_worlds_timestamps(self):
        doc = json.loads(self.json)
        timeline = doc["timeline"]
        self.assertEqual([e["event"] for e in timeline], ORDER, timeline)
        stamps = self.world_stamps()
        for event in timeline[:-1]:
            self.assertEqual(event["at"], stamps[event["event"]], event)
        ats = [e["at"] for e in timeline]
        self.assertEqual(ats, sorted(ats))
        self.assertIsNone(timeline[0]["gapSeconds"])
        self.assertEqual(timeline[1]["gapSeconds"], 300)          # the build
        self.assertEqual(timeline[3]["gapSeconds"], 180)          # label 7:00 -> poll 10:00
        # The URL was healthy when status looked: now, an hour after the world's minutes.
        self.assertGreater(timeline[-1]["at"], stamps["seed-finished"])
        wait = doc["biggestWait"]
        self.assertEqual((wait["event"], wait["after"], wait["seconds"]),
                         ("ci-finished", "ci-started", 300), wait)
        self.assertIn("CI build", wait["what"])

    def test_the_table_shows_the_timeline_and_nothing_hostile(self):
        self.assertNotIn("\x1b", self.table)
        self.assertNotIn("\x07", self.table)
        lines = self.table.splitlines()
        self.assertIn("Timeline (UTC)", lines, self.table)
        section = lines[lines.index("Timeline (UTC)") + 1:]
        label = next(line for line in section if line.endswith("label added"))
        self.assertIn(self.world_stamps()["label-added"][11:19], label)
        self.assertIn("+3m00s", next(x for x in section if "Application created" in x))
        self.assertIn("<- biggest wait", next(x for x in section if x.endswith("CI finished")
                                             or "CI finished " in x))
        self.assertTrue(any("spent 5m00s in the CI build" in x for x in section), section)
        self.assertTrue(any("now" in x and "URL healthy (as observed)" in x for x in section))

    def test_one_request_for_the_label_events(self):
        self.w.clear_requests()
        self.status("-o", "json")
        paths = [r.path for r in self.w.requests("github")]
        self.assertEqual([p for p in paths if "/events" in p],
                         [f"/repos/{REPO}/issues/{PR}/events"], paths)


if __name__ == "__main__":
    unittest.main()
