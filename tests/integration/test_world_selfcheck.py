"""Self-check of the test world (tests/world): the fake servers must speak their protocols the
way the real ones do, or the integration tests built on them prove nothing.

Runs without the C++ binary:
    cd tests/integration && PYTHONPATH=.. python3 -m unittest -v test_world_selfcheck
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import ssl
import subprocess
import threading
import time
import unittest
from urllib.parse import quote, urlsplit

from world import World, faults, scenarios
from world.preview import SECRET_MARKER, sha_for

ARGO_NS = "argocd"
APPS = f"/apis/argoproj.io/v1alpha1/namespaces/{ARGO_NS}/applications"
APPSET = f"/apis/argoproj.io/v1alpha1/namespaces/{ARGO_NS}/applicationsets/" \
         "homerun2-core-catcher-pr-preview"
REPO = "/repos/stuttgart-things/homerun2-core-catcher"
GH_HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28",
              "User-Agent": "preview-selfcheck"}


def ns_path(n: int, rest: str, group: str = "api/v1") -> str:
    return f"/{group}/namespaces/homerun2-core-catcher-pr-{n}/{rest}"


class Answer:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"<{self.status} {self.body[:200]!r}>"


class WorldTestCase(unittest.TestCase):
    world: World

    @classmethod
    def setUpClass(cls):
        cls.world = World().start()

    @classmethod
    def tearDownClass(cls):
        cls.world.stop()

    def setUp(self):
        self.world.clear_faults()

    # -- client helpers -----------------------------------------------------------------------

    def context(self, cert=None, trust=True) -> ssl.SSLContext:
        ctx = ssl.create_default_context(cafile=str(self.world.ca_file) if trust else None)
        if cert is not None:
            ctx.load_cert_chain(cert.cert, cert.key)
        return ctx

    def call(self, server, method: str, path: str, *, body=None, headers=None, cert=None,
             token=None, timeout=5.0, ctx=None) -> Answer:
        url = urlsplit(server.url)
        conn = http.client.HTTPSConnection(url.hostname, url.port, timeout=timeout,
                                           context=ctx or self.context(cert))
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            conn.close()

    def dev_cert(self):
        c = self.world.creds
        return self.world.certs.client(c.cert_user, c.cert_groups)

    def kube(self, method, path, **kw) -> Answer:
        """A request to the workload cluster as the client-certificate user."""
        return self.call(self.world.workload, method, path, cert=self.dev_cert(), **kw)

    def argo(self, method, path, **kw) -> Answer:
        return self.call(self.world.argo, method, path, token=self.world.creds.argo_token, **kw)

    def gh(self, method, path, token=..., **kw) -> Answer:
        headers = dict(GH_HEADERS, **kw.pop("headers", {}))
        token = self.world.creds.gh_token if token is ... else token
        return self.call(self.world.github, method, path, token=token, headers=headers, **kw)

    def assertStatus(self, answer: Answer, code: int, reason: str, message: str | None = None):
        self.assertEqual(answer.status, code, answer)
        self.assertEqual(answer.headers["Content-Type"], "application/json")
        body = answer.json()
        self.assertEqual((body["kind"], body["apiVersion"], body["status"], body["code"]),
                         ("Status", "v1", "Failure", code))
        self.assertEqual(body["reason"], reason)
        if message is not None:
            self.assertEqual(body["message"], message)
        return body


class TlsTest(WorldTestCase):
    def test_world_ca_is_trusted_and_alpn_is_http11(self):
        raw = socket.create_connection(("127.0.0.1", self.world.github.port), timeout=5)
        ctx = self.context()
        ctx.set_alpn_protocols(["h2", "http/1.1"])
        with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as tls_sock:
            self.assertEqual(tls_sock.selected_alpn_protocol(), "http/1.1")

    def test_system_trust_alone_rejects_the_world(self):
        with self.assertRaises(ssl.SSLCertVerificationError):
            self.call(self.world.app, "GET", "/pr-42/health", ctx=self.context(trust=False))

    def test_broken_server_certificates(self):
        server = self.world.app
        for variant, fragment in (("expired", "expired"), ("not_yet_valid", "not yet valid"),
                                  ("wrong_host", "match"),
                                  ("other_ca", "unable to get local issuer")):
            server.http.set_tls(variant)
            try:
                with self.assertRaises(ssl.SSLCertVerificationError) as caught:
                    self.call(server, "GET", "/pr-42/health")
                self.assertIn(fragment, str(caught.exception))
            finally:
                server.http.set_tls("valid")
        self.assertEqual(self.call(server, "GET", "/pr-42/health").status, 200)


class KubeAuthTest(WorldTestCase):
    def test_no_credentials_is_401_status(self):
        answer = self.call(self.world.workload, "GET", "/api/v1/namespaces")
        self.assertStatus(answer, 401, "Unauthorized", "Unauthorized")
        self.assertEqual(self.world.workload.recorder.last().status, 401)

    def test_client_certificate_user(self):
        answer = self.kube("GET", "/api/v1/namespaces/default")
        self.assertEqual(answer.status, 200)
        self.assertEqual(self.world.workload.recorder.last().identity, "dev")

    def test_certificate_from_another_ca_is_401(self):
        c = self.world.creds
        foreign = self.world.certs.client(c.cert_user, c.cert_groups, issuer="other_ca")
        answer = self.call(self.world.workload, "GET", "/api/v1/namespaces", cert=foreign)
        self.assertStatus(answer, 401, "Unauthorized")

    def test_tokens_basic_auth_and_bad_token(self):
        c, workload = self.world.creds, self.world.workload
        for token, user in ((c.exec_token, c.exec_user), (c.file_token, c.file_user)):
            self.assertEqual(self.call(workload, "GET", "/api", token=token).status, 200)
            self.assertEqual(workload.recorder.last().identity, user)
        basic = base64.b64encode(f"{c.basic_user}:{c.basic_password}".encode()).decode()
        answer = self.call(workload, "GET", "/api", headers={"Authorization": f"Basic {basic}"})
        self.assertEqual(answer.status, 200)
        self.assertStatus(self.call(workload, "GET", "/api", token=c.bad_token), 401,
                          "Unauthorized")

    def test_argo_cluster_takes_its_token_not_the_dev_certificate(self):
        self.assertEqual(self.argo("GET", APPS).status, 200)
        answer = self.call(self.world.argo, "GET", APPS, cert=self.dev_cert())
        self.assertStatus(answer, 401, "Unauthorized")

    def test_rbac_deny_gives_the_apiservers_403(self):
        self.world.workload.rbac.deny("dev", "list", "pods", namespace="x")
        try:
            answer = self.kube("GET", "/api/v1/namespaces/x/pods")
            body = self.assertStatus(answer, 403, "Forbidden",
                                     'pods is forbidden: User "dev" cannot list resource "pods" '
                                     'in API group "" in the namespace "x"')
            self.assertEqual(body["details"], {"kind": "pods"})
            self.world.workload.rbac.deny("dev", "get", "pods/log")
            answer = self.kube("GET", ns_path(42, "pods/redis-stack-node-0/log?container=redis"))
            self.assertStatus(answer, 403, "Forbidden",
                              'pods "redis-stack-node-0" is forbidden: User "dev" cannot get '
                              'resource "pods/log" in API group "" in the namespace '
                              '"homerun2-core-catcher-pr-42"')
        finally:
            self.world.workload.rbac.clear()


class KubeReadTest(WorldTestCase):
    def test_list_by_label_selector(self):
        def names(selector):
            answer = self.argo("GET", f"{APPS}?labelSelector={quote(selector)}")
            self.assertEqual(answer.status, 200, answer)
            return sorted(i["metadata"]["name"] for i in answer.json()["items"])

        pr = "homerun2.stuttgart-things.com/pr"
        self.assertEqual(len(names(f"{pr}=42")), 5)
        self.assertEqual(names(f"{pr}==42,homerun2.stuttgart-things.com/component"),
                         ["homerun2-core-catcher-pr-42"])
        self.assertEqual(len(names(f"{pr} in (7,42)")), 10)
        self.assertEqual(len(names(f"{pr} in (7,42),!homerun2.stuttgart-things.com/component")),
                         8)
        self.assertEqual(len(names(f"{pr}!=42")), 5)
        bad = self.argo("GET", f"{APPS}?labelSelector={quote('a in (b')}")
        self.assertStatus(bad, 400, "BadRequest")

    def test_list_shapes_builtin_vs_crd(self):
        pods = self.kube("GET", ns_path(42, "pods")).json()
        self.assertEqual((pods["kind"], pods["apiVersion"]), ("PodList", "v1"))
        self.assertNotIn("kind", pods["items"][0])
        apps = self.argo("GET", APPS).json()
        self.assertEqual(apps["kind"], "ApplicationList")
        self.assertEqual(apps["items"][0]["kind"], "Application")
        self.assertTrue(apps["metadata"]["resourceVersion"])

    def test_list_in_missing_namespace_is_empty(self):
        answer = self.kube("GET", "/api/v1/namespaces/does-not-exist/pods")
        self.assertEqual((answer.status, answer.json()["items"]), (200, []))

    def test_limit_and_continue(self):
        seen, token, pages = [], "", 0
        while True:
            answer = self.kube("GET", ns_path(42, "pods?limit=3" + (f"&continue={token}"
                                                                   if token else "")))
            body = answer.json()
            seen += [i["metadata"]["name"] for i in body["items"]]
            pages += 1
            token = body["metadata"].get("continue", "")
            if not token:
                break
        self.assertEqual(pages, 2)
        self.assertEqual(len(set(seen)), 4)         # catcher, omni-pitcher, redis, seed
        self.assertEqual(len(seen), 4)
        first = self.kube("GET", ns_path(42, "pods?limit=1")).json()["metadata"]
        self.assertEqual(first["remainingItemCount"], 3)
        self.world.workload.expire_continue_tokens()
        expired = self.kube("GET", ns_path(42, f"pods?limit=1&continue={first['continue']}"))
        self.assertStatus(expired, 410, "Expired")

    def test_field_selectors(self):
        events = self.kube("GET", ns_path(7, "events?fieldSelector=" + quote(
            "involvedObject.kind=Pod,type=Warning"))).json()["items"]
        self.assertTrue(events)
        self.assertTrue(all(e["type"] == "Warning" for e in events))
        self.assertStatus(self.kube("GET", ns_path(7, "pods?fieldSelector=spec.bogus%3Dx")),
                          400, "BadRequest", "field label not supported: spec.bogus")

    def test_not_found_and_unknown_resource(self):
        body = self.assertStatus(self.argo("GET", f"{APPS}/nope"), 404, "NotFound",
                                 'applications.argoproj.io "nope" not found')
        self.assertEqual(body["details"],
                         {"name": "nope", "group": "argoproj.io", "kind": "applications"})
        body = self.assertStatus(self.kube("GET", "/apis/nope.io/v1/namespaces/x/things"), 404,
                                 "NotFound", "the server could not find the requested resource")
        self.assertEqual(body["details"], {})

    def test_served_versions_are_configurable(self):
        es = ns_path(42, "externalsecrets/redis-stack-auth", "apis/external-secrets.io/v1")
        old = es.replace("/v1/", "/v1beta1/")
        workload = self.world.workload
        try:
            workload.unserve("external-secrets.io/v1")
            self.assertStatus(self.kube("GET", es), 404, "NotFound",
                              "the server could not find the requested resource")
            answer = self.kube("GET", old)
            self.assertEqual(answer.json()["apiVersion"], "external-secrets.io/v1beta1")
            group = self.kube("GET", "/apis/external-secrets.io").json()
            self.assertEqual([v["version"] for v in group["versions"]], ["v1beta1"])
            workload.unserve_group("external-secrets.io")
            self.assertStatus(self.kube("GET", old), 404, "NotFound")
            groups = [g["name"] for g in self.kube("GET", "/apis").json()["groups"]]
            self.assertNotIn("external-secrets.io", groups)
        finally:
            workload.serve("external-secrets.io/v1")
            workload.serve("external-secrets.io/v1beta1")
        resources = self.kube("GET", "/api/v1").json()
        self.assertIn("pods/log", [r["name"] for r in resources["resources"]])

    def test_secret_reads_are_recorded(self):
        self.world.workload.secret_reads.clear()
        answer = self.kube("GET", ns_path(42, "secrets/redis-stack-auth"))
        data = answer.json()["data"]["redis-password"]
        self.assertIn(SECRET_MARKER, base64.b64decode(data).decode())
        self.assertEqual(self.world.workload.secret_reads[-1]["name"], "redis-stack-auth")


class KubeWriteTest(WorldTestCase):
    def test_merge_patch_records_field_manager_and_null_deletes(self):
        patch = {"metadata": {"annotations": {"argocd.argoproj.io/application-set-refresh":
                                              "true"}}}
        answer = self.argo("PATCH", f"{APPSET}?fieldManager=preview", body=patch,
                           headers={"Content-Type": "application/merge-patch+json"})
        self.assertEqual(answer.status, 200, answer)
        annotations = answer.json()["metadata"]["annotations"]
        self.assertEqual(annotations["argocd.argoproj.io/application-set-refresh"], "true")
        recorded = self.world.argo.patches()[-1]
        self.assertEqual(recorded.param("fieldManager"), "preview")
        self.assertEqual(recorded.tags["fieldManager"], "preview")
        self.assertEqual(recorded.json(), patch)
        removal = {"metadata": {"annotations": {"argocd.argoproj.io/application-set-refresh":
                                                None}}}
        after = self.argo("PATCH", APPSET, body=removal,
                          headers={"Content-Type": "application/merge-patch+json"}).json()
        self.assertNotIn("argocd.argoproj.io/application-set-refresh",
                         after["metadata"].get("annotations", {}))

    def test_strategic_merge_on_a_crd_is_415(self):
        answer = self.argo("PATCH", APPSET, body={"metadata": {"annotations": {"a": "b"}}},
                           headers={"Content-Type": "application/strategic-merge-patch+json"})
        body = self.assertStatus(answer, 415, "UnsupportedMediaType")
        self.assertIn("application/merge-patch+json", body["message"])
        route = ns_path(42, "deployments/homerun2-core-catcher", "apis/apps/v1")
        ok = self.kube("PATCH", route, body={"metadata": {"annotations": {"a": "b"}}},
                       headers={"Content-Type": "application/strategic-merge-patch+json"})
        self.assertEqual(ok.status, 200)

    def test_json_patch(self):
        route = ns_path(42, "httproutes/homerun2-core-catcher",
                        "apis/gateway.networking.k8s.io/v1")
        ops = [{"op": "add", "path": "/metadata/annotations/reconcile-bump", "value": "1"},
               {"op": "add", "path": "/metadata/labels", "value": {"x~y/z": "1"}},
               {"op": "remove", "path": "/metadata/labels/x~0y~1z"}]
        answer = self.kube("PATCH", route, body=ops,
                           headers={"Content-Type": "application/json-patch+json"})
        self.assertEqual(answer.status, 200, answer)
        self.assertEqual(answer.json()["metadata"]["annotations"]["reconcile-bump"], "1")
        self.assertEqual(answer.json()["metadata"]["labels"], {})
        bad = self.kube("PATCH", route, headers={"Content-Type": "application/json-patch+json"},
                        body=[{"op": "remove", "path": "/metadata/nope"}])
        self.assertStatus(bad, 422, "Invalid")

    def test_delete_honours_finalizers(self):
        self.world.add("healthy", 301)
        parent = f"{APPS}/homerun2-core-catcher-pr-301"
        answer = self.argo("DELETE", parent)
        self.assertEqual(answer.status, 202)
        self.assertTrue(answer.json()["metadata"]["deletionTimestamp"])
        self.assertEqual(self.argo("GET", parent).status, 200)
        self.argo("PATCH", parent, body={"metadata": {"finalizers": None}},
                  headers={"Content-Type": "application/merge-patch+json"})
        self.assertEqual(self.argo("GET", parent).status, 404)
        delegate = f"{APPS}/homerun2-core-catcher-pr-301-redis-stack-delegate"
        self.assertEqual(self.argo("DELETE", delegate).status, 200)   # no finalizer
        self.assertEqual(self.argo("GET", delegate).status, 404)

    def test_namespace_deletion_reports_what_blocks_it(self):
        self.world.add("namespace_terminating", 302)
        ns = self.kube("GET", "/api/v1/namespaces/homerun2-core-catcher-pr-302").json()
        self.assertEqual(ns["status"]["phase"], "Terminating")
        conditions = {c["type"]: c for c in ns["status"]["conditions"]}
        self.assertIn("externalsecrets.external-secrets.io has 1 resource instances",
                      conditions["NamespaceContentRemaining"]["message"])
        self.assertIn(scenarios.ESO_FINALIZER,
                      conditions["NamespaceFinalizersRemaining"]["message"])
        # Deleting a live namespace: content without finalizers goes at once.
        self.world.add("healthy", 303)
        gone = self.kube("DELETE", "/api/v1/namespaces/homerun2-core-catcher-pr-303")
        self.assertEqual(gone.status, 200)
        self.assertEqual(self.kube("GET", "/api/v1/namespaces/homerun2-core-catcher-pr-303")
                         .status, 404)


class PodLogTest(WorldTestCase):
    def catcher_pod(self, n: int) -> str:
        return self.world.previews[n].pods("homerun2-core-catcher-")[0]["metadata"]["name"]

    def test_previous_log_of_the_wrongpass_crash(self):
        answer = self.kube("GET", ns_path(7, f"pods/{self.catcher_pod(7)}/log?"
                                             "container=homerun2-core-catcher&previous=true"))
        self.assertEqual(answer.status, 200)
        self.assertEqual(answer.headers["Content-Type"], "text/plain")
        self.assertTrue(answer.body.decode().rstrip().endswith(scenarios.WRONGPASS))
        tail = self.kube("GET", ns_path(7, f"pods/{self.catcher_pod(7)}/log?tailLines=1"))
        self.assertEqual(len(tail.body.decode().splitlines()), 1)

    def test_previous_without_a_restart_is_400(self):
        pod = self.catcher_pod(42)
        self.assertStatus(self.kube("GET", ns_path(42, f"pods/{pod}/log?previous=true")), 400,
                          "BadRequest", f'previous terminated container '
                                        f'"homerun2-core-catcher" in pod "{pod}" not found')

    def test_multi_container_pod_needs_a_container(self):
        self.assertStatus(self.kube("GET", ns_path(42, "pods/redis-stack-node-0/log")), 400,
                          "BadRequest", "a container name must be specified for pod "
                                        "redis-stack-node-0, choose one of: [redis sentinel]")


class GitHubTest(WorldTestCase):
    def test_pagination_follows_link_headers_over_repository_paths(self):
        path, numbers, pulls = f"{REPO}/issues?labels=preview&state=open&per_page=1", [], 0
        while path:
            answer = self.gh("GET", path)
            self.assertEqual(answer.status, 200, answer)
            for item in answer.json():
                numbers.append(item["number"])
                pulls += "pull_request" in item
            links = answer.headers.get("Link", "")
            nxt = [part.split(";")[0].strip("<> ") for part in links.split(",")
                   if 'rel="next"' in part]
            path = urlsplit(nxt[0])._replace(scheme="", netloc="").geturl() if nxt else None
            if path:
                self.assertTrue(path.startswith("/repositories/"), path)
        self.assertLessEqual({3, 7, 42}, set(numbers))
        self.assertEqual(len(numbers), len(set(numbers)))
        self.assertEqual(pulls, len(numbers) - 1)      # issue #3 has the label but is no PR

    def test_pull_request_shape_and_headers(self):
        answer = self.gh("GET", f"{REPO}/pulls/42")
        self.assertEqual(answer.headers["Content-Type"], "application/json; charset=utf-8")
        for header in ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-used",
                       "x-ratelimit-reset", "x-ratelimit-resource", "x-github-request-id"):
            self.assertIn(header, answer.headers)
        pr = answer.json()
        self.assertEqual((pr["number"], pr["state"], pr["merged"], pr["head"]["sha"]),
                         (42, "open", False, sha_for(42)))
        self.assertIn("preview", [lb["name"] for lb in pr["labels"]])
        self.assertTrue(pr["url"].startswith(self.world.github.url))
        recorded = self.world.github.recorder.last("GET", f"{REPO}/pulls/42")
        self.assertEqual(recorded.headers["accept"], "application/vnd.github+json")
        self.assertEqual(recorded.headers["X-GitHub-Api-Version"], "2022-11-28")
        self.assertEqual(recorded.identity, "preview-dev")

    def test_error_bodies(self):
        self.assertEqual(self.gh("GET", f"{REPO}/pulls/999").json(),
                         {"message": "Not Found", "status": "404", "documentation_url":
                          "https://docs.github.com/rest/pulls/pulls#get-a-pull-request"})
        bad = self.gh("GET", f"{REPO}/pulls/42", token="wrong")
        self.assertEqual((bad.status, bad.json()["message"], bad.json()["status"]),
                         (401, "Bad credentials", "401"))
        self.world.github.exhaust_rate_limit()
        try:
            limited = self.gh("GET", f"{REPO}/pulls/42")
        finally:
            self.world.github.restore_rate_limit()
        self.assertEqual((limited.status, limited.headers["x-ratelimit-remaining"]), (403, "0"))
        self.assertTrue(limited.json()["message"].startswith(
            "API rate limit exceeded for user ID 1."))

    def test_label_add_and_remove_semantics(self):
        self.world.add("unlabelled", 304)
        labels = f"{REPO}/issues/304/labels"
        added = self.gh("POST", labels, body={"labels": ["preview", "needs review"]})
        self.assertEqual(added.status, 200)
        self.assertEqual([lb["name"] for lb in added.json()],
                         ["enhancement", "preview", "needs review"])
        again = self.gh("POST", labels, body={"labels": ["Preview"]})   # case-insensitive
        self.assertEqual(len(again.json()), 3)
        removed = self.gh("DELETE", f"{labels}/{quote('needs review')}")
        self.assertEqual([lb["name"] for lb in removed.json()], ["enhancement", "preview"])
        absent = self.gh("DELETE", f"{labels}/{quote('needs review')}")
        self.assertEqual((absent.status, absent.json()["message"]), (404, "Label does not exist"))
        replaced = self.gh("PUT", labels, body={"labels": ["preview"]})
        self.assertEqual([lb["name"] for lb in replaced.json()], ["preview"])
        pr = self.gh("GET", f"{REPO}/pulls/304").json()
        self.assertEqual([lb["name"] for lb in pr["labels"]], ["preview"])

    def test_comments_and_check_runs(self):
        comments = self.gh("GET", f"{REPO}/issues/42/comments?per_page=100").json()
        self.assertEqual(sum(c["body"].startswith("<!-- preview-url-bot -->") for c in comments),
                         1)
        runs = self.gh("GET", f"{REPO}/commits/{sha_for(7)}/check-runs?per_page=100").json()
        self.assertEqual(runs["total_count"], len(runs["check_runs"]))
        self.assertIn("build-pr / Build, Scan & Push Image",
                      [r["name"] for r in runs["check_runs"]])

    def test_missing_user_agent_is_rejected_like_github(self):
        answer = self.call(self.world.github, "GET", f"{REPO}/pulls/42",
                           token=self.world.creds.gh_token)
        self.assertEqual(answer.status, 403)


class RegistryTest(WorldTestCase):
    ACCEPT = ("application/vnd.oci.image.index.v1+json, "
              "application/vnd.oci.image.manifest.v1+json")

    def token_for(self, challenge: str, auth: str | None = None) -> Answer:
        params = dict(part.split("=", 1) for part in challenge.removeprefix("Bearer ").split(","))
        realm = urlsplit(params["realm"].strip('"'))
        query = f"service={quote(params['service'].strip(chr(34)))}" \
                f"&scope={quote(params['scope'].strip(chr(34)))}"
        headers = {"Authorization": auth} if auth else {}
        return self.call(self.world.registry, "GET", f"{realm.path}?{query}", headers=headers)

    def test_token_flow_and_manifest_head(self):
        name, tag = "stuttgart-things/homerun2-core-catcher", f"pr-42-{sha_for(42)}"
        path = f"/v2/{name}/manifests/{tag}"
        challenge = self.call(self.world.registry, "HEAD", path)
        self.assertEqual(challenge.status, 401)
        www = challenge.headers["WWW-Authenticate"]
        self.assertIn(f'scope="repository:{name}:pull"', www)
        self.assertIn(f'realm="{self.world.registry.url}/token"', www)
        token = self.token_for(www).json()["token"]
        head = self.call(self.world.registry, "HEAD", path, token=token,
                         headers={"Accept": self.ACCEPT})
        self.assertEqual(head.status, 200)
        self.assertTrue(head.headers["Docker-Content-Digest"].startswith("sha256:"))
        self.assertEqual(head.headers["Content-Type"], "application/vnd.oci.image.index.v1+json")
        missing = self.call(self.world.registry, "HEAD", f"/v2/{name}/manifests/pr-7-nope",
                            token=token)
        self.assertEqual((missing.status, missing.body), (404, b""))
        got = self.call(self.world.registry, "GET", f"/v2/{name}/manifests/pr-7-nope", token=token)
        self.assertEqual(got.json()["errors"][0]["code"], "MANIFEST_UNKNOWN")
        self.assertEqual(self.world.registry.recorder.requests("HEAD")[-2].headers["accept"],
                         self.ACCEPT)

    def test_private_repository_needs_basic_auth(self):
        path = "/v2/stuttgart-things/private-sandbox/manifests/latest"
        www = self.call(self.world.registry, "GET", path).headers["WWW-Authenticate"]
        self.assertEqual(self.token_for(www).status, 403)
        c = self.world.creds
        basic = "Basic " + base64.b64encode(f"{c.gh_login}:{c.gh_token}".encode()).decode()
        token = self.token_for(www, basic).json()["token"]
        self.assertEqual(self.call(self.world.registry, "GET", path, token=token).status, 200)
        self.assertEqual(self.token_for(www, "Basic " + base64.b64encode(b"x:y").decode())
                         .status, 401)


class AppAndFaultTest(WorldTestCase):
    def test_health_shapes(self):
        body = self.call(self.world.app, "GET", "/pr-42/health").json()
        self.assertEqual(set(body), {"status", "time", "version", "commit", "date"})
        self.assertEqual((body["status"], body["commit"]), ("healthy", sha_for(42)))
        self.assertEqual(self.call(self.world.app, "GET", "/pr-7/health").status, 500)
        self.assertEqual(self.call(self.world.app, "GET", "/pr-999/health").status, 404)

    def test_respond_faults_fire_count_times(self):
        github = self.world.github
        github.faults.add(faults.retry_later(429, retry_after=2), "GET", r"/pulls/42$", times=1)
        first = self.gh("GET", f"{REPO}/pulls/42")
        self.assertEqual((first.status, first.headers["Retry-After"]), (429, "2"))
        self.assertEqual(self.gh("GET", f"{REPO}/pulls/42").status, 200)
        self.assertEqual(github.recorder.requests("GET", f"{REPO}/pulls/42")[-2].fault,
                         "retry_later")
        github.faults.add(faults.html_error_page(502), path="/pulls/")
        page = self.gh("GET", f"{REPO}/pulls/42")
        self.assertEqual((page.status, page.headers["Content-Type"]), (502, "text/html"))
        github.faults.clear()
        github.faults.add(faults.truncated_json(), path="/pulls/", times=1)
        with self.assertRaises(ValueError):
            self.gh("GET", f"{REPO}/pulls/42").json()
        github.faults.add(faults.wrong_content_type(), path="/pulls/", times=1)
        self.assertTrue(self.gh("GET", f"{REPO}/pulls/42").headers["Content-Type"]
                        .startswith("text/html"))
        github.faults.add(faults.huge_body(2), path="/pulls/", times=1)
        self.assertGreater(len(self.gh("GET", f"{REPO}/pulls/42").body), 2 * 1024 * 1024)
        self.world.workload.faults.add(faults.kube_status(429, retry_after=3), "GET", times=1)
        throttled = self.kube("GET", "/api/v1/namespaces")
        self.assertEqual(throttled.headers["Retry-After"], "3")
        self.assertEqual(self.assertStatus(throttled, 429, "TooManyRequests")["details"],
                         {"retryAfterSeconds": 3})

    def test_reset_delay_and_cut_off(self):
        app = self.world.app
        app.faults.add(faults.reset(), times=1)
        with self.assertRaises((ConnectionError, http.client.HTTPException, ssl.SSLError)):
            self.call(app, "GET", "/pr-42/health")
        self.assertIsNone(app.recorder.last().status)
        app.faults.add(faults.delay(60_000), times=1)
        started = time.monotonic()
        with self.assertRaises((TimeoutError, socket.timeout)):
            self.call(app, "GET", "/pr-42/health", timeout=0.3)
        self.assertLess(time.monotonic() - started, 30)  # the client's timeout, not the delay
        app.faults.add(faults.cut_off(), times=1)
        with self.assertRaises((http.client.IncompleteRead, ConnectionError, ssl.SSLError)):
            self.call(app, "GET", "/pr-42/health")

    def test_probability_is_seeded_and_latency_applies(self):
        app = self.world.app
        rule = app.faults.add(faults.server_error(503), probability=0.5)
        statuses = [self.call(app, "GET", "/pr-42/health").status for _ in range(20)]
        self.assertTrue(0 < statuses.count(503) < 20)
        self.assertEqual(rule.hits, statuses.count(503))
        app.faults.clear()
        app.faults.latency_ms = 100
        try:
            started = time.monotonic()
            self.call(app, "GET", "/pr-42/health")
            self.assertGreaterEqual(time.monotonic() - started, 0.1)
        finally:
            app.faults.latency_ms = 0

    def test_transient_faults_are_capped_in_a_row_and_cleared_delays_reset(self):
        app = self.world.app
        rule = app.faults.add(faults.transient(), probability=1.0, streak=2)
        outcomes = []
        for _ in range(6):
            try:
                outcomes.append(self.call(app, "GET", "/pr-42/health").status)
            except (ConnectionError, http.client.HTTPException, ssl.SSLError):
                outcomes.append("reset")
        # Always firing, but never a third time in a row for the same request.
        self.assertEqual([o == 200 for o in outcomes], [False, False, True] * 2, outcomes)
        self.assertTrue(all(o in (500, 502, 503, "reset", 200) for o in outcomes), outcomes)
        self.assertEqual(rule.hits, 4)
        app.faults.clear()
        app.faults.add(faults.delay(120_000))
        started = time.monotonic()
        threading.Timer(0.3, app.faults.clear).start()
        with self.assertRaises((ConnectionError, http.client.HTTPException, ssl.SSLError)):
            self.call(app, "GET", "/pr-42/health")
        self.assertLess(time.monotonic() - started, 60, "clear() ends a delay with a reset")

    def test_echo_relabel_stall_and_plain_text_faults(self):
        github = self.world.github
        github.faults.add(faults.echo_credentials(401, "github"), "GET", r"/pulls/42$", times=1)
        echoed = self.gh("GET", f"{REPO}/pulls/42")
        self.assertEqual(echoed.status, 401)
        self.assertIn(f"Bearer {self.world.creds.gh_token}", echoed.json()["message"])
        github.faults.add(faults.relabel("text/plain"), "GET", r"/pulls/42$", times=1)
        relabelled = self.gh("GET", f"{REPO}/pulls/42")
        self.assertEqual(relabelled.headers["Content-Type"], "text/plain")
        self.assertEqual(relabelled.json()["number"], 42)
        github.faults.add(faults.not_json(), "GET", r"/pulls/42$", times=1)
        self.assertEqual(self.gh("GET", f"{REPO}/pulls/42").body, b"OK\n")
        github.faults.add(faults.html_login_page(), "GET", r"/pulls/42$", times=1)
        self.assertIn(b"<title>Sign in", self.gh("GET", f"{REPO}/pulls/42").body)
        github.faults.add(faults.stall(60_000), "GET", r"/pulls/42$", times=1)
        started = time.monotonic()
        with self.assertRaises((TimeoutError, socket.timeout)):   # headers came, body stalls
            self.gh("GET", f"{REPO}/pulls/42", timeout=0.3)
        self.assertLess(time.monotonic() - started, 30)  # the client's timeout, not the stall

    def test_url_down_drops_the_connection(self):
        self.world.add("url_down", 305)
        self.world.add(lambda p: scenarios.url_down(p, "drop"), 306)
        self.assertEqual(self.call(self.world.app, "GET", "/pr-305/health").status, 503)
        with self.assertRaises((ConnectionError, http.client.HTTPException, ssl.SSLError)):
            self.call(self.world.app, "GET", "/pr-306/health")


class WorldFilesTest(WorldTestCase):
    def test_environment_is_complete_and_closed(self):
        env = self.world.env()
        self.assertEqual(set(env), {"HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "KUBECONFIG",
                                    "PREVIEW_CONFIG", "GH_TOKEN", "GITHUB_API_URL",
                                    "SSL_CERT_FILE", "NO_COLOR", "PATH"})
        self.assertTrue(env["HOME"].startswith(str(self.world.dir)))
        text = self.world.kubeconfig.read_text()
        for context in ("argocd-mgmt", "homerun2-test1", "homerun2-test1-exec",
                        "homerun2-test1-basic", "homerun2-test1-bad-token"):
            self.assertIn(f'name: "{context}"', text)
        profile = self.world.config_file.read_text()
        self.assertIn(f"{self.world.registry.host}/stuttgart-things/homerun2-core-catcher:"
                      "pr-{number}-{sha}", profile)

    def test_exec_plugin_speaks_execcredential(self):
        plugin = self.world.dir / "exec-credential-plugin"
        info = {"apiVersion": "client.authentication.k8s.io/v1beta1", "kind": "ExecCredential",
                "spec": {"interactive": False}}
        out = subprocess.run([str(plugin)], env={"KUBERNETES_EXEC_INFO": json.dumps(info)},
                             capture_output=True, text=True, check=True).stdout
        credential = json.loads(out)
        self.assertEqual(credential["apiVersion"], "client.authentication.k8s.io/v1beta1")
        self.assertEqual(credential["status"]["token"], self.world.creds.exec_token)
        self.assertGreaterEqual(self.world.exec_plugin_calls(), 1)

    def test_every_variant_installs(self):
        for number, name in enumerate(scenarios.VARIANTS, start=400):
            self.world.add(name, number)
        self.assertEqual(self.kube("GET", "/api/v1/namespaces/homerun2-core-catcher-pr-400")
                         .status, 200)
        appset = self.argo("GET", APPSET).json()
        self.assertTrue(any(r["name"] == "homerun2-core-catcher-pr-42"
                            for r in appset["status"]["resources"]))


if __name__ == "__main__":
    unittest.main()
