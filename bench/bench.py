"""Measures preview against the local test world with injected per-request latency.

For each scenario: median wall time over --runs runs, the number of HTTP requests the servers saw
per run, and the number of sequential round trips that wall time amounts to.
"""
import argparse
import copy
import statistics
import subprocess
import time

from world.world import World


def measure(world, binary, args, runs):
    times, counts = [], []
    for _ in range(runs):
        world.clear_requests()
        start = time.perf_counter()
        proc = subprocess.run([binary, *args], env=world.env(), capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        counts.append(len(world.requests()))
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
    return statistics.median(times), statistics.median(counts)


def scale_pods(world, number, pods):
    """Make PR `number`'s namespace hold `pods` running pods (copies of its core-catcher pod)."""
    ns = f"homerun2-core-catcher-pr-{number}"
    store = world.workload.store
    in_ns = [o for (_, plural, o_ns, _), o in store._objects.items()  # test-world internals
             if plural == "pods" and o_ns == ns]
    template = next(p for p in in_ns if p["metadata"]["name"].startswith("homerun2-core-catcher-"))
    existing = len(in_ns)
    for i in range(max(0, pods - existing)):
        pod = copy.deepcopy(template)
        pod["metadata"]["name"] = f"homerun2-core-catcher-scaled-{i:03d}"
        pod["metadata"].pop("uid", None)
        store.put(pod)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    opts = parser.parse_args()

    rows = []
    with World(latency_ms=opts.latency_ms) as world:
        world.env()  # writes the files
        for label, args in [("status (healthy, PR 42)", ["status", "42"]),
                            ("status (broken, PR 7)", ["status", "7"]),
                            ("status -o json", ["status", "42", "-o", "json"])]:
            wall, count = measure(world, opts.bin, args, opts.runs)
            rows.append((label, wall, count))
        for pods in (1, 10, 50):
            world.add("healthy", 60 + pods)
            scale_pods(world, 60 + pods, pods)
            wall, count = measure(world, opts.bin, ["doctor", str(60 + pods)], opts.runs)
            rows.append((f"doctor, {pods} pods in the namespace", wall, count))
        world.set_latency(0)
        for label, args in [("status, no latency", ["status", "42"])]:
            wall, count = measure(world, opts.bin, args, opts.runs)
            rows.append((label, wall, count))

    print(f"latency per request: {opts.latency_ms} ms, median of {opts.runs} runs\n")
    print(f"| command | wall time | requests | wall / latency |")
    print(f"|---|---|---|---|")
    for label, wall, count in rows:
        ratio = wall * 1000 / opts.latency_ms if opts.latency_ms else 0
        print(f"| `{label}` | {wall * 1000:.0f} ms | {count:g} | {ratio:.1f} |")


if __name__ == "__main__":
    main()
