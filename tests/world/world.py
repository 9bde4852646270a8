"""The whole test world: two clusters, GitHub, the registry and the preview URL host, plus the
kubeconfig, profile and environment that point the `preview` binary at them.

    with World() as w:                       # PR 42 healthy, PR 7 wrongpass + route_unresolved
        w.add("image_pull_backoff", 12)      # one more preview, in another state
        result = w.run("doctor", "12", "-o", "json")
        assert not w.workload.secret_reads
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path
from typing import Callable, Iterable

from . import argo_objects as argo
from . import clock, config_files, preview, scenarios, tls
from . import github_objects as gho
from .app_server import AppServer
from .argocd_api_server import ArgocdApiServer
from .controller_settings import Settings
from .controllers import Controllers
from .evil_server import EvilServer
from .github_server import GitHubServer
from .kube_server import KubeServer
from .kube_types import by_plural
from .preview import Preview
from .proxy_server import ProxyServer
from .recorder import Recorded
from .registry_server import RegistryServer

DEFAULT_PREVIEWS = ((42, ("healthy",)), (7, ("wrongpass", "route_unresolved")))
# The playground adds one of each orphan `preview list` flags.
ORPHAN_PREVIEWS = ((3, ("abandoned_namespace",)), (5, ("not_polled",)),
                   (9, ("namespace_missing",)))
PRIVATE_REPO = "stuttgart-things/private-sandbox"
APPSETS = by_plural("argoproj.io", "applicationsets")
APPLICATIONS = by_plural("argoproj.io", "applications")


class World:
    """Start with `with World() as w:` or start()/stop().

    previews:        load PR 42 (healthy) and PR 7 (wrongpass + route_unresolved)
    pulls:           extra healthy labelled PRs numbered 1000, 1001, ... (list benchmarks)
    latency_ms:      added to every request on every server
    single_cluster:  Argo CD and the previews share one API server (w.argo is w.workload)
    workload_served / argo_served: group/versions each API server serves (default: all)
    github_anonymous: GitHub answers requests without a token
    directory:       where to write files (kept on stop); default a temp dir (removed)
    controllers:     simulated controllers react to changes (controllers.py): True for the
                     defaults, or a controller_settings.Settings (clock, timings, ...);
                     then w.controllers is the hub (else None)
    """

    def __init__(self, *, previews: bool = True, pulls: int = 0, latency_ms: int = 0,
                 single_cluster: bool = False, workload_served: set[str] | None = None,
                 argo_served: set[str] | None = None, github_anonymous: bool = False,
                 directory: str | Path | None = None,
                 controllers: bool | Settings | dict = False):
        self.creds = config_files.Credentials()
        self._options = dict(previews=previews, pulls=pulls, latency_ms=latency_ms)
        self._own_dir = directory is None
        self.dir = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="preview-world-"))
        self.certs = tls.shared()
        self.argo = KubeServer("argo", self.certs, served=argo_served)
        self.workload = self.argo if single_cluster else \
            KubeServer("workload", self.certs, served=workload_served)
        self.github = GitHubServer(self.certs, allow_anonymous=github_anonymous)
        self.registry = RegistryServer(self.certs)
        self.app = AppServer(self.certs)
        self.evil = EvilServer(self.certs)     # another origin that keeps credentials
        self.argocd_api = ArgocdApiServer(self.certs, self.argo, self.workload)  # Argo CD's API
        self.proxy = ProxyServer()             # ghcr.io and plain HTTP; used via proxy.env()
        self.previews: dict[int, Preview] = {}
        self.controllers: Controllers | None = \
            Controllers(self, Settings.of(controllers)) if controllers else None
        self._started = False

    # -- lifecycle ----------------------------------------------------------------------------

    @property
    def servers(self) -> dict[str, object]:
        return {"argo": self.argo, "workload": self.workload, "github": self.github,
                "registry": self.registry, "app": self.app, "evil": self.evil,
                "argocd_api": self.argocd_api}

    def start(self) -> "World":
        if self._started:
            return self
        self._configure_auth()
        self._base_objects()
        for server in self._unique_servers():
            server.start()
        self.proxy.route("ghcr.io:443", self.registry.port)
        self.proxy.start()
        self._write_files()
        if self._options["previews"]:
            for number, variants in DEFAULT_PREVIEWS:
                self.add(list(variants), number)
        for i in range(self._options["pulls"]):
            self.install(preview.healthy(1000 + i), refresh_appset=False)
        self._refresh_appset_resources()
        self.set_latency(self._options["latency_ms"])
        if self.controllers is not None:
            self.controllers.start()
        self._started = True
        return self

    def stop(self) -> None:
        if self.controllers is not None:
            self.controllers.stop()
        for server in self._unique_servers():
            server.stop()
        self.proxy.stop()
        if self._own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)
        self._started = False

    def __enter__(self) -> "World":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _unique_servers(self) -> list:
        seen: list = []
        for server in self.servers.values():
            if all(server is not s for s in seen):
                seen.append(server)
        return seen

    # -- files and environment ----------------------------------------------------------------

    @property
    def ca_file(self) -> Path:
        return self.dir / "ca.pem"

    @property
    def kubeconfig(self) -> Path:
        return self.dir / "kubeconfig"

    @property
    def config_file(self) -> Path:
        return self.dir / ".preview.yaml"

    @property
    def home(self) -> Path:
        return self.dir / "home"

    def _write_files(self) -> None:
        for sub in ("home/.config", "home/.cache"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.certs.ca.cert, self.ca_file)
        config_files.write_yaml(self.kubeconfig, config_files.kubeconfig(
            self.dir, self.certs, self.creds, self.argo.url, self.workload.url))
        config_files.write_yaml(self.config_file, config_files.profile(
            self.github.url, self.app.url, self.registry.host))

    def env(self) -> dict[str, str]:
        """The complete environment for the binary: nothing else leaks in from the parent."""
        return {
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "KUBECONFIG": str(self.kubeconfig),
            "PREVIEW_CONFIG": str(self.config_file),
            "GH_TOKEN": self.creds.gh_token,
            "GITHUB_API_URL": self.github.url,
            "SSL_CERT_FILE": str(self.ca_file),
            "NO_COLOR": "1",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        }

    def run(self, *args: str, env_overrides: dict[str, str | None] | None = None,
            timeout: float = 120, input: str | None = None,  # noqa: A002 - subprocess's name
            cwd: str | Path | None = None) -> subprocess.CompletedProcess:
        """Run $PREVIEW_BIN with `args` in this world (None in env_overrides unsets a key).
        `timeout` is a backstop above the tests' own `--timeout 60s`: a follow that runs out
        of time says so itself, with its output, instead of being killed."""
        binary = os.environ.get("PREVIEW_BIN")
        if not binary:
            raise unittest.SkipTest("PREVIEW_BIN is not set (build the binary, run via ctest)")
        env = self.env()
        for key, value in (env_overrides or {}).items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return subprocess.run([binary, *args], env=env, cwd=cwd or self.dir, input=input,
                              stdin=None if input is not None else subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)

    def exec_plugin_calls(self) -> int:
        calls = self.dir / "exec-plugin.calls"
        return len(calls.read_text().splitlines()) if calls.exists() else 0

    # -- previews -----------------------------------------------------------------------------

    def add(self, variant: str | Callable | Iterable[str | Callable], number: int,
            sha: str | None = None) -> Preview:
        """Load PR `number` in the given state (variant name(s) from scenarios.VARIANTS, or
        functions), replacing whatever the world held for it."""
        variants = [variant] if isinstance(variant, str) or callable(variant) else list(variant)
        p = scenarios.apply(preview.healthy(number, sha), *variants)
        self.install(p)
        return p

    def install(self, p: Preview, *, refresh_appset: bool = True) -> None:
        """Load a (possibly hand-edited) Preview into the servers."""
        if self.controllers is not None:
            self.controllers.forget(p.number)     # its objects are replaced: stop its stages
        repo = self.github.repo(p.repo)
        if p.pull is None:
            repo.remove(p.number)
        else:
            repo.put_pull(p.pull)
            repo.set_comments(p.number, p.comments)
            repo.set_check_runs(p.sha, p.check_runs)
            repo.set_events(p.number, p.issue_events)
        ours = re.compile(rf"^pr-{p.number}(-.*)?$")
        for name in (preview.IMAGE_REPO, preview.KUSTOMIZE_REPO):
            stale = {t for t in self.registry.tags(name) if ours.match(t)}
            self.registry.remove_tag(name, *stale)
            self.registry.add_tag(name, *p.tags.get(name, ()))
        self.argo.store.remove_where(
            lambda o: o["kind"] == "Application"
            and o["metadata"].get("labels", {}).get(argo.PR_LABEL) == str(p.number))
        self.argo.put(*p.argo)
        self.workload.store.remove_where(
            lambda o: o["metadata"].get("namespace") == p.namespace
            or (o["kind"] == "Namespace" and o["metadata"]["name"] == p.namespace))
        self.workload.put(*p.workload)
        for (pod, container), (current, previous) in p.logs.items():
            self.workload.store.set_log(p.namespace, pod, container, current, previous)
        self.app.set_health(p.number, p.health)
        if p.appset is not None:
            self.argo.put(p.appset)
        self.previews[p.number] = p
        if refresh_appset:
            self._refresh_appset_resources()

    def _refresh_appset_resources(self) -> None:
        """The AppSet lists the parent Applications it generated, like the controller does."""
        appsets = self.argo.store.list(APPSETS, argo.ARGO_NS)
        apps = self.argo.store.list(APPLICATIONS, argo.ARGO_NS)
        for appset in appsets:
            if appset["metadata"]["name"] != argo.APPSET:
                continue
            appset["status"]["resources"] = [
                {"group": "argoproj.io", "version": "v1alpha1", "kind": "Application",
                 "namespace": argo.ARGO_NS, "name": a["metadata"]["name"],
                 "status": a["status"]["sync"]["status"],
                 "health": {"status": a["status"]["health"]["status"],
                            "lastTransitionTime": a["status"]["health"].get(
                                "lastTransitionTime")}}
                for a in apps
                if a["metadata"].get("labels", {}).get(argo.COMPONENT_LABEL) == "core-catcher"]
            self.argo.store.replace(APPSETS, argo.ARGO_NS,
                                    argo.APPSET, appset)

    # -- setup --------------------------------------------------------------------------------

    def _configure_auth(self) -> None:
        c = self.creds
        if self.argo is not self.workload:
            # Separate clusters have separate client CAs: the dev certificate is no good there.
            self.argo.auth.accept_client_certs = False
        self.argo.auth.add_token(c.argo_token, c.argo_user, ("argocd-operators",))
        self.workload.auth.add_token(c.exec_token, c.exec_user, ("preview-devs",))
        self.workload.auth.add_token(c.file_token, c.file_user, ("preview-devs",))
        self.workload.auth.add_basic(c.basic_user, c.basic_password, ("preview-devs",))
        self.github.add_token(c.gh_token, c.gh_login, 1)
        self.registry.add_credentials(c.gh_login, c.gh_token)

    def _base_objects(self) -> None:
        year_ago = clock.ago(hours=24 * 365)
        self.argo.put({"apiVersion": "v1", "kind": "Namespace",
                       "metadata": {"name": argo.ARGO_NS, "creationTimestamp": year_ago},
                       "status": {"phase": "Active"}},
                      argo.application_set(clock.ago(hours=24 * 30)),
                      {"apiVersion": "argoproj.io/v1alpha1", "kind": "AppProject",
                       "metadata": {"name": preview.CLUSTER, "namespace": argo.ARGO_NS,
                                    "creationTimestamp": year_ago},
                       "spec": {"sourceRepos": ["*"], "destinations": [
                           {"name": preview.CLUSTER, "namespace": "*"}]}})
        self.workload.put(
            {"apiVersion": "v1", "kind": "Namespace",
             "metadata": {"name": "default", "creationTimestamp": year_ago},
             "status": {"phase": "Active"}},
            {"apiVersion": "external-secrets.io/v1", "kind": "ClusterSecretStore",
             "metadata": {"name": "vault-homerun2-pr", "creationTimestamp": year_ago},
             "spec": {"provider": {"vault": {"server": "https://vault.example.internal",
                                             "path": "homerun2-pr", "version": "v2"}}},
             "status": {"capabilities": "ReadWrite", "conditions": [
                 {"type": "Ready", "status": "True", "reason": "Valid",
                  "message": "store validated", "lastTransitionTime": year_ago}]}})
        self._base_github()
        for name in (preview.IMAGE_REPO, preview.KUSTOMIZE_REPO):
            self.registry.repository(name)
        self.registry.add_tag("stuttgart-things/homerun2-omni-pitcher", argo.OMNI_VERSION)
        self.registry.add_tag("stuttgart-things/homerun2-omni-pitcher-kustomize",
                              argo.OMNI_VERSION)
        self.registry.add_tag(PRIVATE_REPO, "latest")
        self.registry.set_private(PRIVATE_REPO)

    def _base_github(self) -> None:
        """The repository, plus an issue carrying the gate label (lists must skip it), an open
        unlabelled bot PR and a closed issue."""
        repo = self.github.add_repo(preview.REPO, preview.repo_id(preview.REPO))
        for name, color, text in (("preview", "0e8a16", "Deploy a PR preview"),
                                  ("enhancement", "a2eeef", "New feature or request"),
                                  ("documentation", "0075ca", None),
                                  ("dependencies", "0366d6", "Pull requests that update a "
                                                             "dependency file")):
            repo.label(name, color, text)
        repo.put_issue(gho.issue(repo.data, 3, title="Document the preview environments",
                                 author=preview.REVIEWER,
                                 labels=[repo.label("documentation"), repo.label("preview")]))
        repo.put_issue(gho.issue(repo.data, 9, title="Dashboard flickers on reload",
                                 author=preview.AUTHOR, labels=[], state="closed"))
        bot_pr = scenarios.apply(preview.healthy(5), "unlabelled")
        bot_pr.pull.update({"title": "chore(deps): bump golang.org/x/net from 0.38.0 to 0.39.0",
                            "user": gho.user("dependabot[bot]", 49699333, bot=True)})
        bot_pr.pull["labels"] = [repo.label("dependencies")]
        bot_pr.comments = []
        self.install(bot_pr)

    # -- observation --------------------------------------------------------------------------

    def requests(self, server: str | None = None, method: str | None = None,
                 path_prefix: str | None = None) -> list[Recorded]:
        """Recorded requests of one server or of all, in time order."""
        chosen = [self.servers[server]] if server else self._unique_servers()
        found = [r for s in chosen for r in s.recorder.requests(method, path_prefix)]
        return sorted(found, key=lambda r: r.time)

    def clear_requests(self) -> None:
        for server in self._unique_servers():
            server.recorder.clear()

    def set_latency(self, ms: int) -> None:
        for server in self._unique_servers():
            server.faults.latency_ms = ms

    def clear_faults(self) -> None:
        for server in self._unique_servers():
            server.faults.clear()

