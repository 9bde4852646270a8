"""The files a world writes for the binary: kubeconfig (with extra users for auth tests), the
exec credential plugin, the `.preview.yaml` profile (design §3) and the playground's env.sh."""

from __future__ import annotations

import base64
import json
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from . import argo_objects as argo
from . import preview
from .tls import Certificates
from .yaml_emit import dump

ARGO_CONTEXT = "argocd-mgmt"
WORKLOAD_CONTEXT = "homerun2-test1"


@dataclass(frozen=True)
class Credentials:
    """Who is who in a world (tokens and user names the servers accept)."""

    argo_token: str = "argocd-mgmt-token-0b7a6f"
    argo_user: str = "argocd-operator"
    cert_user: str = "dev"
    cert_groups: tuple[str, ...] = ("preview-devs",)
    exec_token: str = "exec-plugin-token-59c1d2"
    exec_user: str = "exec-dev"
    file_token: str = "token-file-token-77e0aa"
    file_user: str = "token-dev"
    basic_user: str = "basic-dev"
    basic_password: str = "basic-password-3f1c"
    bad_token: str = "expired-token-000000"           # accepted by nobody: 401
    gh_token: str = "ghp_previewWorldToken000000000000000000"
    gh_login: str = "preview-dev"


def _b64(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode()


def exec_plugin(directory: Path, token: str) -> tuple[Path, Path]:
    """A client.authentication.k8s.io exec plugin that prints `token` and counts its calls."""
    script, calls = directory / "exec-credential-plugin", directory / "exec-plugin.calls"
    script.write_text(f"""#!{sys.executable}
# Test-world exec credential plugin: answers in the apiVersion it was asked for.
import json, os
info = json.loads(os.environ.get("KUBERNETES_EXEC_INFO") or "{{}}")
with open({json.dumps(str(calls))}, "a") as calls:
    calls.write(json.dumps(info) + "\\n")
print(json.dumps({{"apiVersion": info.get("apiVersion", "client.authentication.k8s.io/v1"),
                  "kind": "ExecCredential", "status": {{"token": {json.dumps(token)}}}}}))
""")
    script.chmod(0o755)
    return script, calls


def hostile_exec_plugins(directory: Path) -> tuple[Path, Path]:
    """Two exec plugins an attacker (or a broken SSO helper) could configure: one that never
    exits (it sleeps, and so does a child it starts, holding stdout open) and one that fails,
    counting its runs in exec-fail.calls."""
    hang = directory / "exec-plugin-hang"
    hang.write_text("#!/bin/sh\nsleep 3600 &\nexec sleep 3600\n")
    hang.chmod(0o755)
    fail = directory / "exec-plugin-fail"
    fail.write_text(f"#!/bin/sh\necho run >> {directory / 'exec-fail.calls'}\n"
                    "echo 'sso: no session' >&2\nexit 1\n")
    fail.chmod(0o755)
    return hang, fail


def hostile_token_files(directory: Path) -> tuple[str, Path]:
    """tokenFile targets that are not files: /dev/zero (endless) and a FIFO (blocks on open)."""
    fifo = directory / "token-fifo"
    if not fifo.exists():
        os.mkfifo(fifo)
    return "/dev/zero", fifo


def kubeconfig(directory: Path, certs: Certificates, creds: Credentials, argo_url: str,
               workload_url: str) -> dict:
    """Both contexts (current = the workload one) plus one context per extra auth style."""
    client = certs.client(creds.cert_user, creds.cert_groups)
    foreign = certs.client(creds.cert_user, creds.cert_groups, issuer="other_ca")
    token_file = directory / "workload-token"
    token_file.write_text(creds.file_token + "\n")
    plugin, _ = exec_plugin(directory, creds.exec_token)
    ca_file = directory / "ca.pem"
    hang_plugin, fail_plugin = hostile_exec_plugins(directory)
    dev_zero, fifo = hostile_token_files(directory)

    clusters = [
        {"name": ARGO_CONTEXT, "cluster": {"server": argo_url,
                                           "certificate-authority": str(ca_file)}},
        {"name": WORKLOAD_CONTEXT, "cluster": {"server": workload_url,
                                               "certificate-authority-data": _b64(ca_file)}},
        {"name": f"{WORKLOAD_CONTEXT}-insecure", "cluster": {"server": workload_url,
                                                             "insecure-skip-tls-verify": True}},
    ]
    users = [
        {"name": f"{ARGO_CONTEXT}-admin", "user": {"token": creds.argo_token}},
        {"name": "dev", "user": {"client-certificate-data": _b64(client.cert),
                                 "client-key-data": _b64(client.key)}},
        {"name": "dev-files", "user": {"client-certificate": str(client.cert),
                                       "client-key": str(client.key)}},
        {"name": "dev-foreign-cert", "user": {"client-certificate-data": _b64(foreign.cert),
                                              "client-key-data": _b64(foreign.key)}},
        {"name": "exec-dev", "user": {"exec": {
            "apiVersion": "client.authentication.k8s.io/v1", "command": str(plugin),
            "args": [], "env": [{"name": "PREVIEW_WORLD", "value": "1"}],
            "interactiveMode": "Never", "provideClusterInfo": False}}},
        {"name": "token-file-dev", "user": {"tokenFile": str(token_file)}},
        {"name": "basic-dev", "user": {"username": creds.basic_user,
                                       "password": creds.basic_password}},
        {"name": "bad-token", "user": {"token": creds.bad_token}},
        # Hostile users (design §7: every read is bounded).
        {"name": "exec-hang", "user": {"exec": {
            "apiVersion": "client.authentication.k8s.io/v1", "command": str(hang_plugin),
            "interactiveMode": "Never"}}},
        {"name": "exec-fail", "user": {"exec": {
            "apiVersion": "client.authentication.k8s.io/v1", "command": str(fail_plugin),
            "interactiveMode": "Never"}}},
        {"name": "token-dev-zero", "user": {"tokenFile": dev_zero}},
        {"name": "token-fifo", "user": {"tokenFile": str(fifo)}},
    ]

    def context(name: str, cluster: str, user: str, namespace: str | None = None) -> dict:
        ctx = {"cluster": cluster, "user": user}
        if namespace:
            ctx["namespace"] = namespace
        return {"name": name, "context": ctx}

    contexts = [
        context(ARGO_CONTEXT, ARGO_CONTEXT, f"{ARGO_CONTEXT}-admin", argo.ARGO_NS),
        context(WORKLOAD_CONTEXT, WORKLOAD_CONTEXT, "dev"),
        context(f"{WORKLOAD_CONTEXT}-cert-files", WORKLOAD_CONTEXT, "dev-files"),
        context(f"{WORKLOAD_CONTEXT}-foreign-cert", WORKLOAD_CONTEXT, "dev-foreign-cert"),
        context(f"{WORKLOAD_CONTEXT}-exec", WORKLOAD_CONTEXT, "exec-dev"),
        context(f"{WORKLOAD_CONTEXT}-token-file", WORKLOAD_CONTEXT, "token-file-dev"),
        context(f"{WORKLOAD_CONTEXT}-basic", WORKLOAD_CONTEXT, "basic-dev"),
        context(f"{WORKLOAD_CONTEXT}-bad-token", WORKLOAD_CONTEXT, "bad-token"),
        context(f"{WORKLOAD_CONTEXT}-insecure", f"{WORKLOAD_CONTEXT}-insecure", "dev"),
        context(f"{WORKLOAD_CONTEXT}-exec-hang", WORKLOAD_CONTEXT, "exec-hang"),
        context(f"{WORKLOAD_CONTEXT}-exec-fail", WORKLOAD_CONTEXT, "exec-fail"),
        context(f"{WORKLOAD_CONTEXT}-token-dev-zero", WORKLOAD_CONTEXT, "token-dev-zero"),
        context(f"{WORKLOAD_CONTEXT}-token-fifo", WORKLOAD_CONTEXT, "token-fifo"),
    ]
    return {"apiVersion": "v1", "kind": "Config", "preferences": {},
            "current-context": WORKLOAD_CONTEXT, "clusters": clusters, "users": users,
            "contexts": contexts}


def profile(github_url: str, app_url: str, registry_host: str) -> dict:
    """The `.preview.yaml` for this world: core-catcher defaults, local endpoints."""
    return {
        "repo": preview.REPO,
        "label": preview.LABEL,
        "github": {"apiUrl": github_url, "requiredChecks": ["build-pr", "push-kustomize"]},
        "argocd": {"context": ARGO_CONTEXT, "namespace": argo.ARGO_NS,
                   "applicationSet": argo.APPSET,
                   "application": "homerun2-core-catcher-pr-{number}",
                   "prLabel": argo.PR_LABEL},
        "cluster": {"context": WORKLOAD_CONTEXT,
                    "namespace": "homerun2-core-catcher-pr-{number}"},
        "url": f"{app_url}/pr-{{number}}",
        "healthPath": "/health",
        "httpRoutes": ["homerun2-core-catcher"],
        "externalSecrets": list(preview.EXTERNAL_SECRETS),
        "seedJob": "seed-test-events",
        "artifacts": [f"{registry_host}/{preview.IMAGE_REPO}:pr-{{number}}-{{sha}}",
                      f"{registry_host}/{preview.KUSTOMIZE_REPO}:pr-{{number}}-{{sha}}"],
    }


def api_only(w) -> dict[str, str]:
    """A user with only the Argo CD API (design §8): an empty kubeconfig, a profile naming no
    Argo CD context, the API token; the environment that runs `preview` as that user (pass
    `--argocd-server w.argocd_api.host` too)."""
    (w.dir / "kubeconfig-empty").write_text("")
    only = profile(w.github.url, w.app.url, w.registry.host)
    del only["argocd"]["context"]
    write_yaml(w.dir / "profile-api-only.yaml", only)
    return {"KUBECONFIG": str(w.dir / "kubeconfig-empty"),
            "PREVIEW_CONFIG": str(w.dir / "profile-api-only.yaml"),
            "ARGOCD_AUTH_TOKEN": w.argocd_api.token,
            "ARGOCD_CONFIG_DIR": str(w.dir / "no-argocd-config")}


def write_yaml(path: Path, value: dict) -> Path:
    path.write_text(dump(value))
    return path


def env_sh(path: Path, env: dict[str, str]) -> Path:
    """export lines for sourcing into an interactive shell.

    HOME, PATH and the XDG variables are left out on purpose: they would hijack the user's
    shell. SSL_CERT_FILE trusts only the world's CA in that shell.
    """
    skip = {"HOME", "PATH", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"}
    lines = ["# Test-world environment: source this file, then run `preview ...`."]
    lines += [f"export {k}={shlex.quote(v)}" for k, v in env.items() if k not in skip]
    path.write_text("\n".join(lines) + "\n")
    os.chmod(path, 0o644)
    return path
