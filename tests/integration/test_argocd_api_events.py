"""Events through the Argo CD API (design §8, reference §1.2 "Events"): without a kube context
for the workload cluster, the events of each workload short of pods are read one object at a
time (`GET /api/v1/applications/{app}/events?resourceNamespace=&resourceName=&resourceUID=`), in
the round after the resource trees. The checks that read events then judge them as through
Kubernetes (a quota FailedCreate on the ReplicaSet names the quota), and what the calls did not
cover is said, never taken for "no events". Likewise the Services an unresolved route names are
read live through the Application whose tree shows them, so the route check tells a stale
condition from a missing Service or port as through Kubernetes."""

import json
import time

from world import faults
from world.testcase import ArgocdApiOnlyTest, checks_by_id

QUOTA = 20
SURGE = 21
WEBHOOK = 22
CRASH = 23
ROUTE_STALE = 24
SERVICE_MISSING = 25
PORT_MISMATCH = 26
NS = "homerun2-core-catcher-pr-{}"


class ArgocdApiEvents(ArgocdApiOnlyTest):
    @classmethod
    def populate(cls, w):
        w.add("quota_exceeded", QUOTA)
        w.add("quota_surge", SURGE)
        w.add("webhook_down", WEBHOOK)
        w.add("wrongpass", CRASH)
        w.add("route_unresolved", ROUTE_STALE)
        w.add("backend_service_missing", SERVICE_MISSING)
        w.add("backend_port_mismatch", PORT_MISMATCH)

    def doctor(self, number, api=True):
        proc = self.run_api("doctor", str(number), "-o", "json") if api else \
            self.w.run("doctor", str(number), "-o", "json")
        return proc, checks_by_id(proc)

    def event_calls(self):
        return [r for r in self.w.requests("argocd_api") if r.path.endswith("/events")]

    def test_quota_is_diagnosed_from_the_replica_sets_events(self):
        api_proc, api = self.doctor(QUOTA)
        self.assertEqual(self.w.requests("workload"), [])
        calls = self.event_calls()
        kube_proc, kube = self.doctor(QUOTA, api=False)
        self.assertEqual(api_proc.returncode, kube_proc.returncode, api_proc.stderr)
        workloads = api["workloads"]
        self.assertEqual(workloads["status"], "fail", workloads)
        self.assertEqual(workloads["cause"], kube["workloads"]["cause"])
        self.assertIn("ResourceQuota is exhausted", workloads["cause"])
        self.assertTrue(any("FailedCreate on ReplicaSet homerun2-core-catcher-" in line and
                            "exceeded quota: pr-preview" in line
                            for line in workloads["evidence"]), workloads["evidence"])
        # One call, for the ReplicaSet short of its pod, named by the tree's name and uid.
        self.assertEqual(len(calls), 1, [c.path for c in calls])
        (call,) = calls
        self.assertEqual(call.path, "/api/v1/applications/"
                         "homerun2-core-catcher-pr-20-core-catcher/events")
        self.assertEqual(call.param("resourceNamespace"), NS.format(QUOTA))
        self.assertTrue(call.param("resourceName").startswith("homerun2-core-catcher-"))
        self.assertTrue(call.param("resourceUID"))
        self.assertEqual(call.param("appNamespace"), "argocd")

    def test_a_surge_pod_the_quota_refuses(self):
        """The Deployment is available (the old pod serves); its new ReplicaSet is short."""
        _, api = self.doctor(SURGE)
        _, kube = self.doctor(SURGE, api=False)
        self.assertEqual(api["workloads"]["status"], "fail", api["workloads"])
        self.assertEqual(api["workloads"]["cause"], kube["workloads"]["cause"])
        self.assertIn("no room for its surge pod", api["workloads"]["cause"])

    def test_status_shows_the_event(self):
        proc = self.run_api("status", str(QUOTA), "-o", "json")
        doc = json.loads(proc.stdout)
        self.assertTrue(any(e["reason"] == "FailedCreate" and "exceeded quota" in e["message"]
                            for e in doc["events"]), doc["events"])
        table = self.run_api("status", str(QUOTA))
        self.assertIn("FailedCreate x17", table.stdout)

    def test_an_admission_webhook_rejection_is_named(self):
        """The workloads check defers to the policies check, which names the webhook from the
        ReplicaSet's event, though the API cannot show the namespace."""
        _, api = self.doctor(WEBHOOK)
        _, kube = self.doctor(WEBHOOK, api=False)
        self.assertEqual(api["policies"]["status"], "fail", api["policies"])
        self.assertEqual(api["policies"]["cause"], kube["policies"]["cause"])
        self.assertEqual(api["workloads"]["status"], kube["workloads"]["status"])

    def test_a_crash_loop_is_judged_as_through_kubernetes(self):
        """A crash loop's ReplicaSet is short of a ready pod, so its events are read (one call);
        none is a FailedCreate, and the pod's previous log names the cause as before."""
        _, api = self.doctor(CRASH)
        self.assertEqual(len(self.event_calls()), 1)
        _, kube = self.doctor(CRASH, api=False)
        for check_id in ("workloads", "secrets"):
            self.assertEqual(api[check_id]["status"], kube[check_id]["status"], check_id)

    def test_a_refused_events_call_is_said_not_taken_for_no_events(self):
        self.w.argocd_api.faults.add(
            faults.respond(403, {"error": "permission denied", "code": 7,
                                 "message": "permission denied"}), "GET", r"/events$")
        proc, api = self.doctor(QUOTA)
        self.assertNotIn("Traceback", proc.stderr)
        workloads = api["workloads"]
        self.assertNotEqual(workloads["status"], "pass", workloads)
        self.assertNotIn("ResourceQuota is exhausted", workloads["cause"])
        self.assertTrue(any("quota not checked" in line and "permission denied" in line
                            for line in workloads["evidence"]), workloads["evidence"])

    def test_an_events_call_that_times_out(self):
        self.w.argocd_api.faults.add(faults.delay(2500), "GET", r"/events$")
        proc = self.run_api("doctor", str(QUOTA), "-o", "json", "--request-timeout", "1")
        workloads = checks_by_id(proc)["workloads"]
        self.assertNotEqual(workloads["status"], "pass", workloads)
        self.assertTrue(any("quota not checked" in line for line in workloads["evidence"]),
                        workloads["evidence"])
        time.sleep(2)  # the delayed answers land before the next test clears the requests

    def test_an_unresolved_routes_services_are_read_from_the_tree(self):
        for number, phrase in ((ROUTE_STALE, "every Service it names exists with its port"),
                               (SERVICE_MISSING, "does not exist"),
                               (PORT_MISMATCH, "8080")):
            with self.subTest(number=number):
                self.w.clear_requests()
                _, api = self.doctor(number)
                self.assertEqual(self.w.requests("workload"), [])
                reads = [r for r in self.w.requests("argocd_api") if r.path.endswith("/resource")
                         and r.param("kind") == "Service"]
                _, kube = self.doctor(number, api=False)
                self.assertEqual(api["route"]["status"], kube["route"]["status"], number)
                self.assertEqual(api["route"]["cause"], kube["route"]["cause"], number)
                self.assertIn(phrase, api["route"]["cause"] + "\n".join(api["route"]["evidence"]))
                # One live read per Service the cluster has; a Missing node needs none.
                self.assertEqual(len(reads), 0 if number == SERVICE_MISSING else 1)
