"""Following, side by side for the watch follow and the polling fallback (the world refusing
watches): how long `up` takes to return after the world makes the preview ready (reaction), and
what a follow costs while nothing changes (idle: requests a minute that are not watch streams,
and GitHub requests a minute that count against the rate limit, i.e. not answered 304).

Reaction: PR 12 waits for Argo CD (no Application yet); once `up` follows, the world makes the
preview ready at once; the time from that change to `up`'s exit, median over the runs. Idle: `up`
follows a preview that does not move (waiting for Argo CD; CI still running) for `idle` seconds.

The same for Argo CD read through its API server alone (no kube context, design §8): its
application stream, and the polling fallback when the stream is refused."""

from __future__ import annotations

import os
import statistics
import subprocess
import time

from world import config_files
from world.world import World

N = 12
STREAM = "/api/v1/stream/applications"


def _is_watch(r) -> bool:
    return r.param("watch") in ("1", "true") or r.path == STREAM


def _wait(predicate, timeout=60.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise SystemExit("follow bench: the follow never started watching")
        time.sleep(0.01)


def _following(world, watching: bool, api: bool = False) -> None:
    """Waits until `up` is past its first snapshots: watching, or polling after a refusal."""
    status = (200,) if watching else (403,)
    if api:
        _wait(lambda: any(r.path == STREAM and r.status in status
                          for r in world.requests("argocd_api")))
        return
    _wait(lambda: any(r.param("watch") in ("1", "true") and r.path.endswith("/jobs")
                      and r.status in status for r in world.requests("workload")))


def _api_only(world) -> dict:
    """Files and environment for Argo CD through its API server alone: no kube context."""
    (world.dir / "kubeconfig-empty").write_text("")
    profile = config_files.profile(world.github.url, world.app.url, world.registry.host)
    del profile["argocd"]["context"]
    config_files.write_yaml(world.dir / "profile-api-only.yaml", profile)
    env = world.env()
    env.update({"KUBECONFIG": str(world.dir / "kubeconfig-empty"),
                "PREVIEW_CONFIG": str(world.dir / "profile-api-only.yaml"),
                "ARGOCD_SERVER": world.argocd_api.host,
                "ARGOCD_AUTH_TOKEN": world.argocd_api.token,
                "ARGOCD_CONFIG_DIR": str(world.dir / "no-argocd-config")})
    return env


def _start(world, binary, *args, env=None):
    return subprocess.Popen([os.path.abspath(binary), "up", str(N), "--timeout", "5m", *args],
                            env=env or world.env(), cwd=world.dir, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)


def _refuse(world, refuse: bool) -> None:
    world.argo.watches.refuse = refuse
    world.workload.watches.refuse = refuse
    world.argocd_api.stream.refuse = 403 if refuse else None


def _touch_parent(world) -> None:
    """Argo CD's status update once the workload is healthy: the last event of the change."""
    from world.sim_common import APPLICATIONS
    store = world.argo.store
    parent = next(a for a in store.list(APPLICATIONS)
                  if a["metadata"]["name"].endswith(f"-pr-{N}"))
    parent.setdefault("status", {})["reconciledAt"] = "2030-01-01T00:00:00Z"
    store.put(parent)


def reaction(binary, latency_ms, watching, runs, api=False) -> float:
    times = []
    for _ in range(runs):
        with World(latency_ms=latency_ms) as world:
            env = _api_only(world) if api else world.env()
            world.add("not_polled", N)
            _refuse(world, not watching)
            proc = _start(world, binary, "--no-refresh", env=env) if api else \
                _start(world, binary)
            _following(world, watching, api)
            time.sleep(1.0)   # into the wait, not right after a snapshot
            start = time.perf_counter()
            world.add("healthy", N)
            if api:
                _touch_parent(world)
            proc.wait(300)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def idle(binary, latency_ms, watching, variant, seconds, api=False) -> tuple[float, float, int]:
    """(non-watch requests a minute, GitHub rate-limited requests a minute, watch requests)."""
    with World(latency_ms=latency_ms) as world:
        env = _api_only(world) if api else world.env()
        world.add(variant, N)
        _refuse(world, not watching)
        proc = _start(world, binary, "--no-refresh", env=env) if api else _start(world, binary)
        _following(world, watching, api)
        time.sleep(1.0)
        world.clear_requests()
        time.sleep(seconds)
        seen = world.requests()
        proc.terminate()
        proc.wait(60)
    per_minute = 60.0 / seconds
    other = [r for r in seen if not _is_watch(r)]
    limited = [r for r in seen if r.server == "github" and r.status != 304
               and r.path != "/rate_limit"]
    return len(other) * per_minute, len(limited) * per_minute, len(seen) - len(other)


def table(binary, latency_ms, runs, idle_seconds, p) -> dict:
    p("| following | reaction (change → `up` exits) | idle, waiting for Argo CD: requests/min "
      "(GitHub rate-limited/min) | idle, CI running: requests/min (GitHub rate-limited/min) |")
    p("|---|---|---|---|")
    results = {}
    for key, label, watching, api in (
            (True, "watches (default)", True, False),
            (False, "polling fallback (watches refused, `--interval 5`)", False, False),
            ("api", "Argo CD API only: application stream", True, True),
            ("api_refused", "Argo CD API only: stream refused (`--interval 5`)", False, True)):
        react = reaction(binary, latency_ms, watching, runs, api)
        seed = idle(binary, latency_ms, watching, "not_polled", idle_seconds, api)
        ci = idle(binary, latency_ms, watching, "ci_running", idle_seconds, api)
        results[key] = dict(react=react, seed=seed, ci=ci)
        p(f"| {label} | {react * 1000:.0f} ms | {seed[0]:.0f} ({seed[1]:.0f}) "
          f"| {ci[0]:.0f} ({ci[1]:.0f}) |")
    p()
    p(f"Reaction: median of {runs} runs; idle: {idle_seconds} s of a follow that waits. Watch "
      f"streams themselves are not counted (one per watched kind, reopened every 15 s while "
      f"nothing changes; two Argo CD application streams in the API-only rows).")
    return results


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle", type=int, default=30)
    opts = parser.parse_args()
    table(opts.bin, opts.latency_ms, opts.runs, opts.idle, print)
