"""Following through Argo CD's application stream (design §9) when Argo CD is read through its
API server and no kube context exists: `up` wakes on an Application event rather than at its
--interval, idles on the stream instead of polling, and falls back to polling when the stream is
refused. The bearer token goes to the Argo CD server only. The time bounds are backstops only."""

import json

from world.background import BACKSTOP, Background, wait_for
from world.sim_common import APPLICATIONS
from world.testcase import ArgocdApiOnlyTest

REACT = 12    # not_polled: labelled, no Application yet; made ready while `up` follows it
IDLE = 13     # url_down: deployed (the streams replay its Applications), never ready
REFUSED = 14  # not_polled; the stream is refused
STREAM = "/api/v1/stream/applications"


class ArgocdApiStream(ArgocdApiOnlyTest):
    @classmethod
    def populate(cls, w):
        for number in (REACT, REFUSED):
            w.add("not_polled", number)
        w.add("url_down", IDLE)

    def tearDown(self):
        self.w.argocd_api.stream.refuse = None
        super().tearDown()

    def run_api(self, *args):
        proc = super().run_api(*args, timeout=BACKSTOP)
        self.assertEqual(self.w.requests("argo") + self.w.requests("workload"), [])
        return proc

    def streams(self, number: int):
        return [r for r in self.w.requests("argocd_api", "GET") if r.path == STREAM
                and (r.param("selector", "").endswith(f"={number}")
                     or r.param("name", "").endswith(f"-pr-{number}"))]

    def lists(self, number: int):
        return [r for r in self.w.requests("argocd_api", "GET")
                if r.path == "/api/v1/applications" and r.param("selector", "").endswith(
                    f"={number}")]

    def touch_parent(self, number: int) -> None:
        """What Argo CD does once the workload is healthy: the Application's status changes
        (here after every object is written, so the event is the last thing that happens)."""
        store = self.w.argo.store
        parent = next(a for a in store.list(APPLICATIONS) if a["metadata"]["name"].endswith(
            f"-pr-{number}"))
        parent.setdefault("status", {})["reconciledAt"] = "2030-01-01T00:00:00Z"
        store.put(parent)

    def test_up_reacts_to_an_application_event_without_waiting_for_the_interval(self):
        # An interval far beyond the backstop: only the stream can end this follow in time.
        run = Background(self.run_api, "up", str(REACT), "--no-refresh", "--interval", "600",
                         "--timeout", "50s", "-o", "json")
        wait_for(lambda: len(self.streams(REACT)) >= 2, "the follow's two application streams")
        self.w.add("healthy", REACT)
        self.touch_parent(REACT)
        proc = run.join()
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(json.loads(proc.stdout.splitlines()[-1])["event"], "ready")
        by_selector = next(r for r in self.streams(REACT) if r.param("selector"))
        self.assertEqual(by_selector.param("appNamespace"), "argocd")
        self.assertIsNone(by_selector.param("resourceVersion"))   # its replay covers the gap
        by_name = next(r for r in self.streams(REACT) if r.param("name"))
        self.assertEqual(by_name.param("name"), f"homerun2-core-catcher-pr-{REACT}")
        self.assertTrue(by_name.param("resourceVersion"), by_name.query)
        for stream in (by_selector, by_name):
            self.assertEqual(stream.headers.get("authorization"),
                             f"Bearer {self.w.argocd_api.token}")
            self.assertEqual(stream.headers.get("accept"), "application/json")
        for server in ("github", "app", "registry"):
            for r in self.w.requests(server):
                self.assertNotIn(self.w.argocd_api.token, r.headers.get("authorization") or "")

    def test_idle_following_sends_no_polls(self):
        # Nothing changes for the 3 s `up` may wait: polling every 0.3 s would list again and
        # again, and so would taking the streams' replay of the Applications it has seen for
        # news. Following lists once (the doctor's look at the timeout is one more).
        proc = self.run_api("up", str(IDLE), "--no-refresh", "--interval", "0.3", "--timeout",
                            "3s")
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)   # never ready
        self.assertGreaterEqual(len(self.streams(IDLE)), 2)
        self.assertLessEqual(len(self.lists(IDLE)), 2, self.lists(IDLE))

    def test_a_refused_stream_falls_back_to_polling(self):
        self.w.argocd_api.stream.refuse = 403
        run = Background(self.run_api, "up", str(REFUSED), "--no-refresh", "--interval", "0.2",
                         "--timeout", "50s")
        wait_for(lambda: any(r.status == 403 for r in self.streams(REFUSED)), "a refused stream")
        self.w.add("healthy", REFUSED)
        proc = run.join()
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(len(self.streams(REFUSED)), 2, self.streams(REFUSED))  # not asked again
        self.assertGreaterEqual(len(self.lists(REFUSED)), 3)   # polled


if __name__ == "__main__":
    import unittest
    unittest.main()
