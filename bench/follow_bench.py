"""Following, side by side for the watch follow and the polling fallback (the world refusing
watches): how long `up` takes to return after the world makes the preview ready (reaction), and
what a follow costs while nothing changes (idle: requests a minute that are not watch streams,
and GitHub requests a minute that count against the rate limit, i.e. not answered 304).

Reaction: PR 12 waits for Argo CD (no Application yet); once `up` follows, the world makes the
preview ready at once; the time from that change to `up`'s exit, median over the runs. Idle: `up`
follows a preview that does not move (waiting for Argo CD; CI still running) for `idle` seconds."""

from __future__ import annotations

import os
import statistics
import subprocess
import time

from world.world import World

N = 12


def _is_watch(r) -> bool:
    return r.param("watch") in ("1", "true")


def _wait(predicate, timeout=60.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise SystemExit("follow bench: the follow never started watching")
        time.sleep(0.01)


def _following(world, watching: bool) -> None:
    """Waits until `up` is past its first snapshots: watching, or polling after a refusal."""
    _wait(lambda: any(r.param("watch") in ("1", "true") and r.path.endswith("/jobs")
                      and r.status in ((200,) if watching else (403,))
                      for r in world.requests("workload")))


def _start(world, binary, *args):
    return subprocess.Popen([os.path.abspath(binary), "up", str(N), "--timeout", "5m", *args], env=world.env(),
                            cwd=world.dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL)


def _refuse(world, refuse: bool) -> None:
    world.argo.watches.refuse = refuse
    world.workload.watches.refuse = refuse


def reaction(binary, latency_ms, watching, runs) -> float:
    times = []
    for _ in range(runs):
        with World(latency_ms=latency_ms) as world:
            world.env()
            world.add("not_polled", N)
            _refuse(world, not watching)
            proc = _start(world, binary)
            _following(world, watching)
            time.sleep(1.0)   # into the wait, not right after a snapshot
            start = time.perf_counter()
            world.add("healthy", N)
            proc.wait(300)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def idle(binary, latency_ms, watching, variant, seconds) -> tuple[float, float, int]:
    """(non-watch requests a minute, GitHub rate-limited requests a minute, watch requests)."""
    with World(latency_ms=latency_ms) as world:
        world.env()
        world.add(variant, N)
        _refuse(world, not watching)
        proc = _start(world, binary)
        _following(world, watching)
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
    for label, watching in (("watches (default)", True),
                            ("polling fallback (watches refused, `--interval 5`)", False)):
        react = reaction(binary, latency_ms, watching, runs)
        seed = idle(binary, latency_ms, watching, "not_polled", idle_seconds)
        ci = idle(binary, latency_ms, watching, "ci_running", idle_seconds)
        results[watching] = dict(react=react, seed=seed, ci=ci)
        p(f"| {label} | {react * 1000:.0f} ms | {seed[0]:.0f} ({seed[1]:.0f}) "
          f"| {ci[0]:.0f} ({ci[1]:.0f}) |")
    p()
    p(f"Reaction: median of {runs} runs; idle: {idle_seconds} s of a follow that waits. Watch "
      f"streams themselves are not counted (one per watched kind, reopened every 60 s).")
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
