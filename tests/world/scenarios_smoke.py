"""World helpers for `preview smoke` and the built-in profiles (tests/integration/
test_smoke_profiles.py).

- `omni_pitcher_preview(w, n)`: a healthy preview of a second repository,
  stuttgart-things/homerun2-omni-pitcher, under that component's own names (homerun2.md §5:
  ApplicationSet homerun2-omni-pitcher-pr-preview, parent Application = namespace
  homerun2-pr-<n>, URL omni-pr-<n>.<domain>), so the built-in profile finds everything.
- `route_hosts(w, n, *prefixes)`: the real preview hosts (`cc-pr-<n>.<domain>`, ...) reach the
  world's app server through the proxy (its certificate is valid for *.<domain>).
- `proxy_env(w)`: the environment that sends public hosts through the proxy.
"""

from __future__ import annotations

import copy
import json

from . import argo_objects as argo
from . import clock, preview

OMNI_REPO = "stuttgart-things/homerun2-omni-pitcher"
OMNI_APPSET = "homerun2-omni-pitcher-pr-preview"
DOMAIN = "homerun2-dev.sthings-vsphere.labul.sva.de"


def _renamed(obj, number: int):
    text = json.dumps(obj)
    text = text.replace(argo.APPSET, OMNI_APPSET)
    text = text.replace(f"homerun2-core-catcher-pr-{number}", f"homerun2-pr-{number}")
    return json.loads(text)


def omni_pitcher_preview(w, number: int) -> preview.Preview:
    """Installs PR `number` of homerun2-omni-pitcher, healthy, and returns it."""
    if OMNI_REPO not in w.github.repos:
        repo = w.github.add_repo(OMNI_REPO, preview.repo_id(OMNI_REPO))
        repo.label(preview.LABEL, "0e8a16", "Deploy a PR preview")
    p = preview.healthy(number, repo=OMNI_REPO)
    p.argo = [_renamed(o, number) for o in p.argo]
    p.workload = [_renamed(o, number) for o in p.workload]
    tags = {f"{OMNI_REPO}": {p.tag, f"pr-{number}"}, f"{OMNI_REPO}-kustomize": {p.tag}}
    p.tags = {}
    p.appset = _renamed(copy.deepcopy(argo.application_set(clock.ago(hours=24 * 30))), number)
    w.install(p)
    for name, values in tags.items():
        w.registry.add_tag(name, *values)
    # install() keeps logs under Preview.namespace (core-catcher's name): the renamed one too.
    for (pod, container), (current, previous) in p.logs.items():
        w.workload.store.set_log(f"homerun2-pr-{number}", pod, container, current, previous)
    return p


def route_hosts(w, number: int, *prefixes: str) -> None:
    """`<prefix>-pr-<number>.<domain>:443` -> the app server, through the proxy."""
    for prefix in prefixes:
        w.proxy.route(f"{prefix}-pr-{number}.{DOMAIN}:443", w.app.port)


def proxy_env(w) -> dict[str, str | None]:
    return dict(w.proxy.env())
