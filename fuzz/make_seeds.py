#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/<target>/ from the test fixtures (tests/fixtures) and
the wire shapes the test world sends (tests/world). Fixtures are shrunk (no managedFields, at most
two list items, long strings cut) so the committed seeds stay small. Re-run after changing a
fixture; the fuzzers' own findings live in the build tree, not here.

    python3 fuzz/make_seeds.py
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT / "fuzz" / "corpus"


# Bulk that no parser reads: server-side apply bookkeeping, GitHub's URL templates and repo details.
DROPPED = {"managedFields", "kubectl.kubernetes.io/last-applied-configuration", "_links", "owner",
           "organization", "license", "permissions", "topics", "reactions", "performed_via_github_app",
           "app", "output", "check_suite", "pull_requests", "node_id", "gravatar_id"}


def shrink(value, depth=0):
    """The same shape, smaller: lists cut to two items, long strings cut, DROPPED keys gone."""
    if isinstance(value, dict):
        return {k: shrink(v, depth + 1) for k, v in value.items()
                if k not in DROPPED and not (k.endswith("_url") and k != "html_url")}
    if isinstance(value, list):
        return [shrink(v, depth + 1) for v in value[:2]]
    if isinstance(value, str) and len(value) > 120:
        return value[:120]
    return value


def fixture(name):
    return shrink(json.loads((FIXTURES / name).read_text()))


def write(target, name, data):
    path = CORPUS / target / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)


def write_json(target, name, selector, doc):
    write(target, name, selector + json.dumps(doc, separators=(",", ":")))


def github():
    t = "github_json"
    for name in ("pull_request_open", "pull_request_closed", "pull_request_merged"):
        write_json(t, name, "p", fixture(f"github/{name}.json"))
    write_json(t, "check_runs", "c", fixture("github/check_runs.json"))
    write_json(t, "issue_comments", "b<!-- preview-bot -->\n", fixture("github/issue_comments.json"))
    write_json(t, "labels", "l", fixture("github/labels.json"))
    write_json(t, "issues_labelled_preview", "i", fixture("github/issues_labelled_preview.json"))


def kube():
    t = "kube_json"
    seeds = {
        "a": ["application_pr42_healthy", "application_pr42_core_catcher_comparison_error"],
        "A": ["application_list_pr42"],
        "s": ["applicationset_healthy", "applicationset_error_occurred"],
        "n": ["namespace_active", "namespace_terminating"],
        "d": ["deployment_list"],
        "S": ["statefulset_list"],
        "p": ["pod_list"],
        "e": ["external_secret_list"],
        "j": ["job_list_seed_failed", "job_list_seed_running"],
        "r": ["http_route_list"],
        "E": ["event_list_warnings"],
        "L": ["pod_list"],
        "o": ["namespace_terminating"],
    }
    for selector, names in seeds.items():
        for name in names:
            write_json(t, f"{selector}_{name}".replace("/", "_"), selector, fixture(f"kube/{name}.json"))
    write_json(t, "v_apigroup", "v", {
        "kind": "APIGroup", "apiVersion": "v1", "name": "external-secrets.io",
        "versions": [{"groupVersion": "external-secrets.io/v1", "version": "v1"}],
        "preferredVersion": {"groupVersion": "external-secrets.io/v1", "version": "v1"}})
    write(t, "m_remaining", "mSome resources are remaining: externalsecrets.external-secrets.io "
          "has 1 resource instances, pods. has 1 resource instances")
    app = fixture("kube/application_pr42_healthy.json")
    write_json(t, "w_stream_modified", "w", {"result": {"type": "MODIFIED", "application": app}})
    write_json(t, "w_stream_error", "w", {"error": {"grpc_code": 7, "http_code": 403,
                                                    "message": "permission denied",
                                                    "http_status": "Forbidden"}})
    write_json(t, "c_continue", "c", {"kind": "PodList", "apiVersion": "v1",
                                      "metadata": {"resourceVersion": "12", "continue": "eyJ2IjoiIn0"},
                                      "items": []})


def api_errors():
    t = "api_errors"
    status = {403: "\x05", 404: "\x06", 401: "\x04", 429: "\x0a", 422: "\x09", 502: "\x0c", 500: "\x0b"}
    write(t, "kube_forbidden", status[403] + "\n" + json.dumps({
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": 'pods is forbidden: User "bob" cannot list resource "pods" in API group "" '
                   'in the namespace "x"', "reason": "Forbidden",
        "details": {"kind": "pods"}, "code": 403}))
    write(t, "kube_invalid", status[422] + "\n" + json.dumps({
        "kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "Invalid", "code": 422,
        "message": "Application.argoproj.io \"x\" is invalid",
        "details": {"causes": [{"field": "spec.project", "message": "Required value"}]}}))
    write(t, "github_rate_limit", status[403] + "x-ratelimit-remaining: 0\nx-ratelimit-reset: "
          "1700000600\nx-ratelimit-limit: 5000\n\n" + json.dumps({
              "message": "API rate limit exceeded for 1.2.3.4. (But here's the good news: "
                         "Authenticated requests get a higher rate limit.)",
              "documentation_url": "https://docs.github.com/rest/overview/rate-limits"}))
    write(t, "github_secondary", status[403] + "retry-after: 60\n\n" + json.dumps({
        "message": "You have exceeded a secondary rate limit."}))
    write(t, "github_unprocessable", status[422] + "\n" + json.dumps({
        "message": "Validation Failed", "errors": [
            {"resource": "Label", "field": "name", "code": "invalid"}, "plain error"]}))
    write(t, "github_not_found", status[404] + "\n" + json.dumps({"message": "Not Found"}))
    write(t, "html_bad_gateway", status[502] + "\n<html><head><title>502 Bad Gateway</title></head>"
          "<body><h1>502 Bad Gateway</h1></body></html>")
    write(t, "truncated_json", status[500] + "\n" + '{"kind":"Status","message":"etcd')
    write(t, "plain_text", status[401] + "\nUnauthorized\n")


def kubeconfig():
    t = "kubeconfig"
    for part in ("first", "second"):
        write(t, f"merge_{part}", (FIXTURES / "kubeconfig" / "merge" / part / "config").read_text())
    write(t, "exec_oidc", """apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: prod
  cluster:
    server: https://[::1]:6443
    certificate-authority-data: LS0tLS1CRUdJTg==
    tls-server-name: kubernetes
    proxy-url: socks5://proxy:1080
    insecure-skip-tls-verify: false
    disable-compression: true
    extensions:
    - name: client.authentication.k8s.io/exec
      extension: {audience: prod, nested: [1, true, null, "x"]}
contexts:
- name: prod
  context: {cluster: prod, user: sso, namespace: argocd}
users:
- name: sso
  user:
    as: admin
    as-groups: [system:masters]
    as-user-extra: {scopes: [view]}
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./bin/kubelogin
      args: [get-token, --oidc-issuer-url=https://issuer]
      env: [{name: FOO, value: bar}]
      provideClusterInfo: true
- name: legacy
  user:
    auth-provider: {name: oidc, config: {id-token: abc, idp-issuer-url: https://issuer}}
    tokenFile: ../token
""")


def profiles():
    for path in sorted((FIXTURES / "profiles").glob("*.yaml")):
        write("profile", path.stem, path.read_text())
    write("profile", "flow_and_nulls", 'repo: https://github.com/o/r.git\nurl:\n'
          'cluster: {namespace: "{repo}-pr-{number}"}\nargocd: {prLabel: "example.com/pr"}\n')


def templates():
    sha = "0123456789abcdef0123456789abcdef01234567\nstuttgart-things\nhomerun2-core-catcher\n42\n"
    for i, tmpl in enumerate(("homerun2-core-catcher-pr-{number}",
                              "ghcr.io/{owner}/{repo}:pr-{number}-{sha}",
                              "https://cc-pr-{number}.example.com/{short_sha}",
                              "{nmber}-{", "plain-name")):
        write("render_template", f"template_{i}", tmpl + "\n" + sha)


def headers():
    write("link_header", "github_pages",
          '<https://api.github.com/repositories/1/issues?state=open&page=1>; rel="prev", '
          '<https://api.github.com/repositories/1/issues?state=open&page=3>; rel="next", '
          '<https://api.github.com/repositories/1/issues?state=open&page=5>; rel="last"')
    write("link_header", "rel_list", '<https://x/a;b,c>; title="a, b; c"; REL="next last"')
    write("link_header", "last_only", '<https://api.github.com/x?page=1>; rel="first"')
    write("www_authenticate", "registry",
          'Bearer realm="https://127.0.0.1:5000/token",service="127.0.0.1:5000",'
          'scope="repository:stuttgart-things/homerun2-core-catcher:pull"')
    write("www_authenticate", "basic_then_bearer",
          'Basic realm="x", Bearer realm="https://ghcr.io/token", service=ghcr.io, '
          'scope="repository:a:pull", scope="repository:b:pull", error="invalid_token"')
    write("www_authenticate", "token68", 'Negotiate abc==, bearer REALM="https://a\\"b/token"')


def references():
    for i, ref in enumerate(("ghcr.io/stuttgart-things/homerun2-core-catcher:pr-42-0123abcd",
                             "127.0.0.1:5000/team/app:v1", "localhost/app:latest", "redis:7",
                             "library/nginx:1.25")):
        write("oci_reference", f"ref_{i}", ref)
    for i, ref in enumerate(("42", "#42", "stuttgart-things/homerun2-core-catcher#42",
                             "https://github.com/stuttgart-things/homerun2-core-catcher/pull/42/files?w=1",
                             "rgithub.com/stuttgart-things/homerun2-core-catcher",
                             "rhttps://github.com/o/r.git/")):
        write("pr_ref", f"ref_{i}", ref)


if __name__ == "__main__":
    github()
    kube()
    api_errors()
    kubeconfig()
    profiles()
    templates()
    headers()
    references()
