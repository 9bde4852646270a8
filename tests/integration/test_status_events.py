"""`preview status` shows the Warning events that explain a broken preview (issue 16): the
table has an Events section with the reason and message, escaped; a healthy preview has none."""

import unittest

from world import clock, scenarios
from world import kube_objects as k
from world.world import World

BROKEN = 12
HEALTHY = 42
HOSTILE = 'evil \x1b[2J\x1b]0;owned\x07 \u202eslaves\u202c done'


def image_pull_backoff_with_hostile_event(p):
    """image_pull_backoff, plus a Warning event whose message carries ANSI and bidi controls."""
    scenarios.image_pull_backoff(p)
    rs = next(r for r in p.objs("ReplicaSet")
              if r["metadata"]["name"].startswith(scenarios.CATCHER))
    p.workload.append(k.event(p.namespace, rs, "FailedCreate", HOSTILE,
                              first=clock.ago(minutes=5), last=clock.ago(minutes=3),
                              warning=True, component="replicaset-controller"))


def healthy_after_a_slow_start(p):
    """Healthy, with the readiness-probe Warning its pod logged while it started."""
    pod = p.pods(f"{scenarios.CATCHER}-")[0]
    p.workload.append(k.event(p.namespace, pod, "Unhealthy", "Readiness probe failed: 503",
                              first=clock.ago(minutes=50), last=clock.ago(minutes=49), count=3,
                              warning=True))


class StatusEvents(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.w = World(previews=False).start()
        cls.w.add(healthy_after_a_slow_start, HEALTHY)
        cls.w.add(image_pull_backoff_with_hostile_event, BROKEN)

    @classmethod
    def tearDownClass(cls):
        cls.w.stop()

    def status(self, number):
        proc = self.w.run("status", str(number))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout

    def events_section(self, text):
        lines = text.splitlines()
        self.assertIn("Events", lines, text)
        start = lines.index("Events") + 1
        end = next((i for i in range(start, len(lines)) if not lines[i].startswith("  ")),
                   len(lines))
        return lines[start:end]

    def test_the_warning_reason_and_message_are_in_the_table(self):
        events = self.events_section(self.status(BROKEN))
        backoff = [line for line in events if " BackOff x80 " in line]
        self.assertEqual(len(backoff), 1, events)
        self.assertIn('Back-off pulling image "ghcr.io/', backoff[0])
        failed = [line for line in events if " Failed x9 " in line]
        self.assertEqual(len(failed), 1, events)
        self.assertIn("Failed to pull image", failed[0])
        # Newest first: the pull failures (a minute ago) before the FailedCreate (3 minutes).
        self.assertIn("FailedCreate", events[-1])

    def test_a_hostile_event_message_is_shown_escaped(self):
        text = self.status(BROKEN)
        line = next(line for line in self.events_section(text) if "FailedCreate" in line)
        self.assertIn(r"evil \x1b[2J\x1b]0;owned\x07 \u202eslaves\u202c done", line)
        self.assertNotIn("\x1b", text)
        self.assertNotIn("\u202e", text)
        self.assertNotIn("\x07", text)

    def test_a_healthy_preview_has_no_events_section(self):
        text = self.status(HEALTHY)
        self.assertIn("✓ ready", text)
        self.assertNotIn("Events", text.splitlines())
        self.assertNotIn("Readiness probe failed", text)


if __name__ == "__main__":
    unittest.main()
