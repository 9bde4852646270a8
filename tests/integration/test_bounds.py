"""Every read is bounded (design §7): hostile servers and hostile kubeconfigs end in a clear
error within a bounded time, never in a hang, an endless loop or an out-of-memory abort.

Each test would hang, loop or report the wrong thing without its bound. The wall-time checks are
generous backstops (the bugs they catch ran for minutes or forever), never tight timings.
"""

import json
import time
import unittest

from world import faults
from world.testcase import SharedWorldTest

NS42 = "homerun2-core-catcher-pr-42"
BACKSTOP = 60                   # seconds; the unbounded versions ran for minutes or forever
JARGON = ("terminate called", "what():", "bad_alloc", "Traceback", "AddressSanitizer")


class Bounds(SharedWorldTest):
    def run_timed(self, *args, **kw):
        start = time.monotonic()
        proc = self.w.run(*args, timeout=BACKSTOP + 30, **kw)
        elapsed = time.monotonic() - start
        self.assertLess(elapsed, BACKSTOP, proc.stderr)
        for word in JARGON:
            self.assertNotIn(word, proc.stderr)
        self.assertGreaterEqual(proc.returncode, 0, f"killed by a signal: {proc.stderr}")
        return proc

    def pod_list_requests(self):
        return [r for r in self.w.requests("workload") if r.path.endswith(f"/{NS42}/pods")]

    # -- lists ---------------------------------------------------------------------------------

    def test_endless_continue_token_stops_at_the_page_cap(self):
        self.w.workload.faults.add(faults.endless_list(), "GET", rf"/namespaces/{NS42}/pods$")
        proc = self.run_timed("status", "42", "-o", "json")
        self.assertEqual(proc.returncode, 4, proc.stderr)
        self.assertIn("did not end after 100 pages", proc.stderr)
        self.assertIn("incomplete", proc.stderr)
        self.assertLessEqual(len(self.pod_list_requests()), 100)

    def test_repeated_continue_token_stops_at_once(self):
        body = {"kind": "PodList", "apiVersion": "v1", "items": [],
                "metadata": {"continue": "same-token"}}
        self.w.workload.faults.add(faults.respond(200, body), "GET", rf"/namespaces/{NS42}/pods$")
        proc = self.run_timed("status", "42", "-o", "json")
        self.assertEqual(proc.returncode, 4, proc.stderr)
        self.assertIn("the same continue token twice", proc.stderr)
        self.assertEqual(len(self.pod_list_requests()), 2)

    # -- JSON ----------------------------------------------------------------------------------

    def test_deeply_nested_json_is_a_clear_parse_error(self):
        self.w.workload.faults.add(faults.deep_json(100_000), "GET", rf"/namespaces/{NS42}/pods$")
        proc = self.run_timed("status", "42", "-o", "json")
        self.assertEqual(proc.returncode, 4, proc.stderr)
        self.assertIn("JSON nested deeper than 512 levels", proc.stderr)

    # -- credentials ---------------------------------------------------------------------------

    def test_exec_plugin_that_never_exits_is_killed(self):
        proc = self.run_timed("status", "42", "--context", "homerun2-test1-exec-hang",
                              "--request-timeout", "2")
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("exec-plugin-hang", proc.stderr)

    def test_failing_exec_plugin_runs_once_per_command(self):
        calls = self.w.dir / "exec-fail.calls"
        calls.unlink(missing_ok=True)
        proc = self.run_timed("status", "42", "--context", "homerun2-test1-exec-fail")
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("exec-plugin-fail", proc.stderr)
        self.assertEqual(len(calls.read_text().splitlines()), 1,
                         "the failure is remembered for the command, not retried per request")

    def test_token_file_dev_zero_is_refused(self):
        proc = self.run_timed("status", "42", "--context", "homerun2-test1-token-dev-zero")
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("/dev/zero", proc.stderr)
        self.assertIn("not a regular file (a device)", proc.stderr)

    def test_token_file_fifo_is_refused_without_blocking(self):
        proc = self.run_timed("status", "42", "--context", "homerun2-test1-token-fifo")
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("not a regular file (a FIFO)", proc.stderr)

    def test_profile_must_be_a_regular_file(self):
        proc = self.run_timed("status", "42", env_overrides={"PREVIEW_CONFIG": "/dev/zero"})
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("not a regular file", proc.stderr)

    # -- one deadline per command --------------------------------------------------------------

    def test_up_timeout_bounds_a_hanging_server_and_reports_it_unreadable(self):
        # The workload cluster accepts connections and never answers; the request timeout alone
        # (120 s) would keep `up` running for minutes.
        self.w.workload.faults.add(faults.delay(600_000), "GET")
        proc = self.run_timed("up", "42", "--timeout", "5s", "--request-timeout", "120",
                              "--no-refresh", "--interval", "1")
        self.assertEqual(proc.returncode, 4, proc.stdout + proc.stderr)
        self.assertNotIn("does not exist yet", proc.stdout + proc.stderr)
        self.assertIn("time limit", proc.stderr)


if __name__ == "__main__":
    unittest.main()
