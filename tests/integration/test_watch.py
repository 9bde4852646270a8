"""Following through Kubernetes watches (design §9): `up` reacts to a watched change without a
polling interval, resumes a dropped watch from its resourceVersion, lists again after 410 Gone,
falls back to polling where watches are refused; GitHub is re-read with If-None-Match; `status
--watch` prints a frame per change and none for a change that does not alter it.

PR 12 waits for Argo CD (its Application does not exist yet); the test makes it ready with
`w.add("healthy", 12)` once `up` watches. Assertions are on outcomes and recorded requests; the
time bounds are backstops only."""

import json
import threading
import time
import unittest

from world import preview
from world.background import BACKSTOP, Background, Watching, wait_for
from world.testcase import OwnWorldTest
from world.world import World

N = 12
def is_watch(r) -> bool:
    return r.param("watch") in ("1", "true")


class WatchFollow(unittest.TestCase):
    single_cluster = False

    def setUp(self):
        self.w = World(single_cluster=self.single_cluster).start()
        self.addCleanup(self.w.stop)
        self.w.add("not_polled", N)
        self.hub = self.w.workload.watches

    def job_requests(self):
        return [r for r in self.w.requests("workload", "GET")
                if r.path.endswith(f"-pr-{N}/jobs")]

    def wait_for_job_watch(self, count: int = 1):
        wait_for(lambda: len([r for r in self.job_requests() if is_watch(r)]) >= count,
                 "the follow's watch on Jobs")

    def up(self, *extra: str, env: dict | None = None) -> Background:
        # An interval far beyond the backstop: only a watch can end this follow in time.
        return Background(self.w.run, "up", str(N), "--interval", "600", "--timeout", "50s",
                          *extra, env_overrides=env, timeout=BACKSTOP)


class UpReactsToWatches(WatchFollow):
    def test_up_returns_after_the_watched_change_without_a_polling_interval(self):
        run = self.up("-o", "json")
        self.wait_for_job_watch()
        lists_before = [r for r in self.job_requests() if not is_watch(r)]
        self.w.add("healthy", N)
        proc = run.join()
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(json.loads(proc.stdout.splitlines()[-1])["event"], "ready")
        watch = next(r for r in self.job_requests() if is_watch(r))
        self.assertEqual(watch.param("allowWatchBookmarks"), "true")
        self.assertTrue(watch.param("resourceVersion"), watch.query)
        self.assertTrue(watch.param("timeoutSeconds"), watch.query)
        # A fresh snapshot per change, not a poll per interval. World.add writes the preview's
        # objects one by one, so the follow may wake on a half-written preview and look again
        # (on a loaded machine): a few lists, never one per interval.
        lists_after = [r for r in self.job_requests() if not is_watch(r)]
        self.assertGreaterEqual(len(lists_after) - len(lists_before), 1, lists_after)
        self.assertLessEqual(len(lists_after) - len(lists_before), 5, lists_after)

    def test_the_url_is_probed_again_soon_though_nothing_in_the_cluster_changes(self):
        # Everything in the cluster is ready and only the gateway has not programmed the route
        # yet: when it does, no Kubernetes event follows. Only a probe of the URL itself, soon
        # and whatever --interval says, can end this follow in time.
        p = self.w.add(lambda p: setattr(p, "health", None), N)
        run = self.up()
        self.wait_for_job_watch()
        self.w.app.set_health(N, preview.healthy(N, p.sha).health)
        proc = run.join()
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def test_one_refused_kind_is_polled_while_the_others_still_stream(self):
        # RBAC without `watch` on ExternalSecrets only: the rest still streams, so the change
        # is seen at once rather than at the next of these 600 s polls.
        self.hub.refuse_kinds = {"externalsecrets"}
        run = self.up()
        wait_for(lambda: any(is_watch(r) and r.status == 403 and "externalsecrets" in r.path
                             for r in self.w.requests("workload", "GET")),
                 "the refused ExternalSecrets watch")
        self.wait_for_job_watch()
        self.w.add("healthy", N)
        proc = run.join()
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        refused = [r for r in self.w.requests("workload", "GET")
                   if is_watch(r) and "externalsecrets" in r.path]
        self.assertEqual(len(refused), 1, refused)   # refused once: not asked again

    def test_a_refused_watch_falls_back_to_polling_and_still_finishes(self):
        self.w.argo.watches.refuse = True
        self.hub.refuse = True
        run = Background(self.w.run, "up", str(N), "--interval", "0.2", "--timeout", "50s",
                         timeout=BACKSTOP)
        wait_for(lambda: any(is_watch(r) and r.status == 403 for r in self.job_requests()),
                 "a refused watch")
        self.w.add("healthy", N)
        proc = run.join()
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        watches = [r for r in self.job_requests() if is_watch(r)]
        self.assertEqual(len(watches), 1, watches)   # refused once: not asked again
        self.assertGreaterEqual(len([r for r in self.job_requests() if not is_watch(r)]), 3)


class DroppedAndExpiredWatches(WatchFollow):
    single_cluster = True   # one API server: dropping its streams drops every watch at once

    def test_a_dropped_watch_resumes_from_its_resource_version(self):
        run = self.up()
        self.wait_for_job_watch()
        dropped_at = time.time()
        before = int(self.w.workload.store.resource_version)
        # The streams are cut before the change happens: only a watch that resumes from the
        # resourceVersion it had (rather than from "now") can see it.
        self.hub.drop(lambda: self.w.add("healthy", N))
        proc = run.join()
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        after = sorted((r for r in self.w.workload.recorder.requests() if r.time >= dropped_at),
                       key=lambda r: r.time)
        self.assertTrue(after and is_watch(after[0]), after)   # resumed, no relist first
        self.assertLessEqual(int(after[0].param("resourceVersion")), before)

    def test_410_gone_lists_again(self):
        run = self.up()
        self.wait_for_job_watch()
        dropped_at = time.time()
        self.hub.compact()
        self.hub.drop(lambda: self.w.add("healthy", N))
        proc = run.join()
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertGreaterEqual(self.hub.expired, 1)   # a resumed watch was told 410 Gone...
        after = [r for r in self.job_requests() if r.time >= dropped_at]
        self.assertTrue(any(not is_watch(r) for r in after), after)   # ...and it listed again


class GithubConditionalReads(WatchFollow):
    def test_github_is_reread_with_if_none_match_and_answered_304(self):
        self.w.add("ci_running", N)
        proc = self.w.run("up", str(N), "--timeout", "3s",
                          env_overrides={"PREVIEW_TEST_REREAD_SECONDS": "0.3"}, timeout=BACKSTOP)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)   # CI never finishes
        pulls = [r for r in self.w.requests("github", "GET") if r.path.endswith(f"/pulls/{N}")]
        conditional = [r for r in pulls if r.headers.get("if-none-match")]
        self.assertTrue(conditional, pulls)
        self.assertTrue(all(r.status == 304 for r in conditional), conditional)


class SilentStreams(WatchFollow):
    """A proxy that buffers watch streams (or a server that loses events): every watch answers
    200 and then says nothing. Silence is trusted only so long: the follow takes a snapshot
    anyway (every 5 minutes; PREVIEW_TEST_RESYNC_SECONDS shortens it here), so `up` ends instead
    of waiting out its timeout."""

    def test_up_ends_though_no_watch_ever_tells_the_change(self):
        hubs = (self.w.argo.watches, self.w.workload.watches)
        for hub in hubs:
            hub.mute = True
        run = self.up("-o", "json", env={"PREVIEW_TEST_RESYNC_SECONDS": "2"})
        self.wait_for_job_watch()
        self.w.add("healthy", N)
        proc = run.join()
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(json.loads(proc.stdout.splitlines()[-1])["event"], "ready")
        self.assertEqual(sum(hub.events for hub in hubs), 0)


class StatusWatch(OwnWorldTest):
    """PR 42 is ready; an annotation on a pod changes nothing status shows, a crash loop does."""

    def pod_requests(self):
        return [r for r in self.w.requests("workload", "GET")
                if r.path.endswith("-pr-42/pods")]

    def test_a_new_frame_on_a_change_and_none_on_an_unchanged_one(self):
        run = Watching(self.w, "status", "42", "--watch")
        self.addCleanup(run.proc.kill)
        wait_for(lambda: any(is_watch(r) for r in self.pod_requests()), "the watch on pods")
        lists = len([r for r in self.pod_requests() if not is_watch(r)])
        store = self.w.workload.store
        pod = next(p for p in store.list(store_type(store, "pods"))
                   if p["metadata"]["namespace"].endswith("-pr-42"))
        pod["metadata"].setdefault("annotations", {})["touched"] = "yes"
        store.put(pod)
        # the watch wakes status, it takes a fresh snapshot and watches again: no new frame
        wait_for(lambda: len([r for r in self.pod_requests() if not is_watch(r)]) > lists,
                 "a fresh snapshot after the unrendered change")
        wait_for(lambda: len([r for r in self.pod_requests() if is_watch(r)]) >= 2,
                 "the watch after it")
        self.w.add("wrongpass", 42)
        wait_for(lambda: "CrashLoopBackOff" in run.text(), "the frame of the crash loop")
        text = run.stop()
        first = text.split("\n", 1)[0]
        frames = [line for line in text.split("\n") if line == first]
        self.assertEqual(len(frames), 2, text)


class ADeletionBetweenTwoReads(OwnWorldTest):
    """A snapshot reads the namespace with a GET and its pods with a LIST, answered at different
    moments. A namespace deleted in between is older than the LIST's resourceVersion, so a watch
    of the namespace from there never tells it (`down` then waited out its timeout); from the
    namespace's own resourceVersion it does."""

    def test_status_watch_sees_a_namespace_deleted_between_its_get_and_the_pods_list(self):
        from world import faults
        from world.sim_common import NAMESPACES
        store = self.w.workload.store
        ns = next(n for n in store.namespaces() if n.endswith("-pr-42"))
        # Emptied first, so the namespace's own deletion is the only change (as at the end of a
        # teardown): no other watch can stand in for the namespace's.
        store.remove_where(lambda o: o["metadata"].get("namespace") == ns)
        # The first pods LIST is answered 5 s late: the deletion lands in between.
        self.w.workload.faults.add(faults.delay(5000), "GET", f"/namespaces/{ns}/pods$", times=1)
        deleted = threading.Event()
        in_gap = []

        def delete_after_the_get():
            wait_for(lambda: any(r.path.endswith(f"/namespaces/{ns}")
                                 for r in self.w.requests("workload", "GET")),
                     "the namespace GET")
            # The LIST is recorded once answered: not yet, so the deletion is in the gap.
            in_gap.append(not any(r.path.endswith(f"/namespaces/{ns}/pods")
                                  for r in self.w.requests("workload", "GET")))
            store.delete(NAMESPACES, None, ns)
            deleted.set()

        deleter = threading.Thread(target=delete_after_the_get)
        deleter.start()
        run = Watching(self.w, "status", "42", "--watch")
        self.addCleanup(run.proc.kill)
        deleter.join(BACKSTOP)
        self.assertTrue(deleted.is_set())
        self.assertEqual(in_gap, [True])
        first_pods_list = wait_for(
            lambda: next((r for r in self.w.requests("workload", "GET")
                          if r.path.endswith(f"/namespaces/{ns}/pods") and not is_watch(r)),
                         None), "the pods LIST")
        self.assertEqual(first_pods_list.fault, "delay")

        wait_for(lambda: f"namespace {ns} does not exist" in run.text(),
                 "a frame that says the namespace went away")
        ns_watch = next(r for r in self.w.requests("workload", "GET")
                        if r.path.endswith("/namespaces") and is_watch(r))
        run.stop()
        self.assertIn(f"metadata.name={ns}", ns_watch.param("fieldSelector"))

    def test_a_namespace_older_than_the_watch_history_is_watched_from_the_pods_list(self):
        from world.sim_common import NAMESPACES
        store, hub = self.w.workload.store, self.w.workload.watches
        ns = next(n for n in store.namespaces() if n.endswith("-pr-42"))
        store.remove_where(lambda o: o["metadata"].get("namespace") == ns)
        own_version = store.get(NAMESPACES, None, ns)["metadata"]["resourceVersion"]
        hub.compact()   # the namespace's version is now too old to watch from; lists are not
        run = Watching(self.w, "status", "42", "--watch")
        self.addCleanup(run.proc.kill)

        def ns_watches():
            return [r for r in self.w.requests("workload", "GET")
                    if r.path.endswith("/namespaces") and is_watch(r)]

        wait_for(lambda: len(ns_watches()) >= 2 or None, "the namespace watched again")
        first, second = ns_watches()[:2]
        self.assertEqual(first.param("resourceVersion"), own_version)
        self.assertEqual(hub.expired, 1)
        self.assertGreater(int(second.param("resourceVersion")), int(own_version))  # the list's
        self.assertEqual(len([r for r in self.w.requests("workload", "GET")
                              if r.path.endswith(f"/namespaces/{ns}/pods")
                              and not is_watch(r)]), 1, "no fresh snapshot for a 410 by name")
        # After the quiet re-judge (15 s) the watches reopen where they got to: from the list's
        # version, never the object's again (that was a 410 and a reopen storm every round).
        third = wait_for(lambda: ns_watches()[2] if len(ns_watches()) >= 3 else None,
                         "the namespace watched after the re-judge")
        self.assertNotEqual(third.param("resourceVersion"), own_version)
        self.assertEqual(hub.expired, 1)
        store.delete(NAMESPACES, None, ns)
        wait_for(lambda: f"namespace {ns} does not exist" in run.text(),
                 "a frame that says the namespace went away")
        run.stop()


def store_type(store, plural):
    from world import kube_types
    return kube_types.by_plural("", plural)


if __name__ == "__main__":
    unittest.main()
