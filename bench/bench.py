"""Measures preview against the local test world with injected per-request latency, and against
the kubectl + curl commands a person runs one after another for the same facts (manual.py).

For each scenario: median wall time over the runs, the HTTP requests the world's servers saw per
run (kubectl's discovery requests included), and the sequential round trips that wall time
amounts to (wall / latency). Then startup time and peak memory of `preview version` against
`kubectl version --client`. Prints markdown; `--update-readme` rewrites README.md's "## Speed"
section with it.
"""
import argparse
import copy
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import follow_bench
import manual
from world import preview as wp
from world import argo_objects as argo
from world import config_files
from world.config_files import ARGO_CONTEXT, WORKLOAD_CONTEXT
from world.world import World

DEFAULT_LABELLED = (42, 7)      # labelled open PRs of the default world (plus one labelled issue)
ROOT = Path(__file__).resolve().parent.parent
KUBECTL = "kubectl"             # --kubectl: the binary the manual sequences run
TARGET_ROUND_TRIPS = 4          # doctor: wall time within 4 round trips of the latency
TARGET_VS_MANUAL = 0.1          # doctor: at most 0.1x the manual sequence's wall time
TARGET_START_MS = 5.0           # preview version
TARGET_RSS_MIB = 10.0


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f}/{five:.1f}"


# -- preview ------------------------------------------------------------------------------------

def measure(world, binary, args, runs, env=None):
    times, counts = [], []
    for _ in range(runs):
        world.clear_requests()
        start = time.perf_counter()
        proc = subprocess.run([binary, *args], env=env or world.env(), capture_output=True,
                              text=True)
        times.append(time.perf_counter() - start)
        counts.append(len(world.requests()))
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
    return statistics.median(times), statistics.median(counts)


# -- the manual sequence ------------------------------------------------------------------------

def placeholders(world, number, cache):
    return {
        "ca": str(world.ca_file), "gh_token": world.creds.gh_token, "github": world.github.url,
        "repo": wp.REPO, "number": str(number), "label": wp.LABEL,
        "argo_context": ARGO_CONTEXT, "workload_context": WORKLOAD_CONTEXT,
        "appset": argo.APPSET, "pr_label": argo.PR_LABEL,
        "namespace": f"homerun2-core-catcher-pr-{number}",
        "registry": world.registry.host, "image_repo": wp.IMAGE_REPO,
        "kustomize_repo": wp.KUSTOMIZE_REPO,
        "url": f"{world.app.url}/pr-{number}", "health_path": "/health", "cache": cache,
    }


def _saved(stdout, dotted):
    value = json.loads(stdout)
    for key in dotted.split("."):
        value = value[key]
    return value


def _next_link(stdout):
    """The rel="next" URL of the last header block of `curl -i` output, or None."""
    head = stdout.replace("\r\n", "\n").split("\n\n")[0]   # text mode already turns \r\n to \n
    for line in head.split("\n"):
        if line.lower().startswith("link:"):
            for part in line[5:].split(","):
                m = re.match(r'\s*<([^>]+)>\s*;\s*rel="next"', part)
                if m:
                    return m.group(1)
    return None


def run_sequence(world, steps, values, trace=False):
    """Run the steps one after another, as a person would. Returns the commands run."""
    values = dict(values)
    env = world.env()
    commands = 0
    for s in steps:
        argv = [a.format(**values) for a in s["argv"]]
        if argv[0] == "kubectl":
            argv[0] = KUBECTL
        while argv:
            before = len(world.requests()) if trace else 0
            proc = subprocess.run(argv, env=env, capture_output=True, text=True,
                                  stdin=subprocess.DEVNULL)
            commands += 1
            if trace:
                seen = world.requests()[before:]
                print(f"  [{len(seen)} requests, exit {proc.returncode}] {' '.join(argv)}",
                      file=sys.stderr)
                for r in seen:
                    print(f"      {r.server} {r.method} {r.path} -> {r.status}", file=sys.stderr)
            if proc.returncode != 0 and not s["may_fail"]:
                raise SystemExit(f"manual step failed ({proc.returncode}): {' '.join(argv)}\n"
                                 f"{proc.stderr}")
            for name, dotted in s["save"].items():
                values[name] = _saved(proc.stdout, dotted)
            nxt = _next_link(proc.stdout) if s["follow"] else None
            argv = argv[:-1] + [nxt] if nxt else None
    return commands


def measure_manual(world, sequence, number, runs, warm, trace=False):
    """Median wall time and requests of the manual sequence. warm: one kubectl cache directory,
    filled by one untimed run first; cold: a fresh cache directory for every run."""
    steps = manual.SEQUENCES[sequence]
    times, counts = [], []
    with tempfile.TemporaryDirectory(prefix="bench-kube-cache-") as tmp:
        if warm:
            run_sequence(world, steps, placeholders(world, number, f"{tmp}/warm"))
        for i in range(runs):
            cache = f"{tmp}/warm" if warm else f"{tmp}/cold-{i}"
            world.clear_requests()
            start = time.perf_counter()
            commands = run_sequence(world, steps, placeholders(world, number, cache),
                                    trace=trace and i == 0)
            times.append(time.perf_counter() - start)
            counts.append(len(world.requests()))
    return statistics.median(times), statistics.median(counts), commands


# -- scaling ------------------------------------------------------------------------------------

def scale_pods(world, number, pods):
    """Make PR `number`'s namespace hold at least `pods` running pods (copies of its core-catcher
    pod; a healthy preview brings 4); returns how many it holds."""
    ns = f"homerun2-core-catcher-pr-{number}"
    store = world.workload.store
    in_ns = [o for (_, plural, o_ns, _), o in store._objects.items()  # test-world internals
             if plural == "pods" and o_ns == ns]
    template = next(p for p in in_ns if p["metadata"]["name"].startswith("homerun2-core-catcher-"))
    for i in range(max(0, pods - len(in_ns))):
        pod = copy.deepcopy(template)
        pod["metadata"]["name"] = f"homerun2-core-catcher-scaled-{i:03d}"
        pod["metadata"].pop("uid", None)
        store.put(pod)
    return sum(1 for (_, plural, o_ns, _) in store._objects if plural == "pods" and o_ns == ns)


# -- startup ------------------------------------------------------------------------------------

def startup(argv, runs):
    """Median wall time (ms) of argv: hyperfine (no shell) when installed, else perf_counter."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tempfile.gettempdir()}
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(["hyperfine", "-N", "--warmup", "10", "--runs", str(runs),
                            "--export-json", out.name, "--style", "none",
                            " ".join(argv)], check=True, env=env, capture_output=True)
            result = json.load(open(out.name))["results"][0]
            return result["median"] * 1000, "hyperfine"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, "perf_counter"


def peak_rss_mib(argv, runs=10):
    """Largest peak RSS (MiB) over a few runs: `/usr/bin/time -f %M` (Debian's `time`). Not this
    process's wait4: a child forked from this large Python process counts the parent's pages in
    its high-water mark until it execs."""
    peak = 0
    for _ in range(runs):
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], capture_output=True,
                              text=True, check=True)
        peak = max(peak, int(proc.stderr.strip().splitlines()[-1]))
    return peak / 1024


# -- main ---------------------------------------------------------------------------------------

def verdict(ok):
    return "meets" if ok else "**misses**"


def link_floor(binary):
    """Peak RSS (MiB) and start (ms) of an empty main() linked like `binary` against libcurl,
    yaml-cpp and fmt: what the shared libraries cost before preview runs a line. None without
    a compiler."""
    if not shutil.which("g++"):
        return None
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
        src, exe = Path(tmp, "floor.cpp"), Path(tmp, "floor")
        src.write_text("#include <curl/curl.h>\n#include <fmt/format.h>\n"
                       "#include <yaml-cpp/yaml.h>\n#include <iostream>\n"
                       "int main(int argc, char**) {\n  if (argc > 5) { YAML::Node n; "
                       "std::cout << fmt::format(\"{}\", 1); }\n"
                       "  return curl_version_info(CURLVERSION_NOW) == nullptr;\n}\n")
        built = subprocess.run(["g++", "-O2", "-o", str(exe), str(src), "-lcurl", "-lyaml-cpp",
                                "-lfmt"], capture_output=True)
        if built.returncode != 0:
            return None
        libs = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
        wall_ms, _ = startup([str(exe)], 200)
        return wall_ms, peak_rss_mib([str(exe)]), len(libs.splitlines())


def wait_for_quiet(max_wait, threshold=1.0):
    """Startup figures are CPU-bound: wait (bounded) for the 1-minute load to drop."""
    deadline = time.monotonic() + max_wait
    while os.getloadavg()[0] > threshold and time.monotonic() < deadline:
        time.sleep(5)


def main():
    global KUBECTL
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7, help="runs of each preview command")
    parser.add_argument("--manual-runs", type=int, default=5, help="runs of each manual sequence")
    parser.add_argument("--startup-runs", type=int, default=300)
    parser.add_argument("--quiet-wait", type=int, default=120,
                        help="seconds to wait for a 1-minute load below 1 before startup")
    parser.add_argument("--pods", default="1,10,50")
    parser.add_argument("--pulls", default="10,100,300")
    parser.add_argument("--kubectl", default="kubectl", help="kubectl binary of the manual runs")
    parser.add_argument("--trace", action="store_true",
                        help="print each manual command's requests (first run) on stderr")
    parser.add_argument("--follow-runs", type=int, default=5, help="reaction runs per follow mode")
    parser.add_argument("--idle-seconds", type=int, default=30, help="idle window of a follow")
    parser.add_argument("--skip", default="",
                        help="comma list of: compare,api,pods,list,follow,startup")
    parser.add_argument("--update-readme", action="store_true")
    opts = parser.parse_args()
    skip = set(filter(None, opts.skip.split(",")))
    if opts.update_readme and skip:
        raise SystemExit("--update-readme needs every section (no --skip)")
    lat = opts.latency_ms
    kubectl = shutil.which(opts.kubectl)
    if not kubectl:
        raise SystemExit("kubectl not found (bench/run.sh installs Debian's kubernetes-client)")
    KUBECTL = kubectl
    kubectl_version = subprocess.run([kubectl, "version", "--client"], capture_output=True,
                                     text=True).stdout.splitlines()[0].split(":")[-1].strip()
    rt = (lambda wall: wall * 1000 / lat) if lat else (lambda wall: float("nan"))
    ms = lambda wall: f"{wall * 1000:.0f} ms"  # noqa: E731
    out = []
    p = lambda line="": (out.append(line), print(line, flush=True))  # noqa: E731
    R = {"kubectl": os.path.realpath(kubectl), "kubectl_version": kubectl_version, "lat": lat}

    p(f"Latency {lat} ms per request. Medians of {opts.runs} runs of `preview` and of "
      f"{opts.manual_runs} runs of each by-hand sequence (kubectl {kubectl_version}, curl); "
      f"load average at the start {load()} on 2 cores.")
    p()

    if "compare" not in skip:
        p("| command | preview | requests | round trips | by hand, warm kubectl cache "
          "| by hand, cold cache | preview / by hand | target | verdict |")
        p("|---|---|---|---|---|---|---|---|---|")
        with World(latency_ms=lat) as world:
            world.env()
            for label, args, seq, number in [
                    ("`preview status 42`", ["status", "42"], "status", 42),
                    ("`preview doctor 42`", ["doctor", "42"], "doctor", 42),
                    ("`preview doctor 7` (crash loop, unresolved route)", ["doctor", "7"],
                     "doctor", 7),
                    ("`preview list`", ["list"], "list", 42)]:
                wall, count = measure(world, opts.bin, args, opts.runs)
                mw, mc, cmds = measure_manual(world, seq, number, opts.manual_runs, True,
                                              opts.trace)
                cw, cc, _ = measure_manual(world, seq, number, opts.manual_runs, False)
                ratio = wall / mw
                target, ok = "", None
                if args[0] == "doctor":
                    target = f"≤ {TARGET_ROUND_TRIPS} round trips, ≤ {TARGET_VS_MANUAL}× by hand"
                    ok_rt, ok_hand = rt(wall) <= TARGET_ROUND_TRIPS, ratio <= TARGET_VS_MANUAL
                    ok = ok_rt and ok_hand
                R[" ".join(args)] = dict(wall=wall, count=count, rt=rt(wall), mw=mw, mc=mc,
                                         cw=cw, cc=cc, cmds=cmds, ratio=ratio, ok=ok)
                p(f"| {label} | {ms(wall)} | {count:g} | {rt(wall):.1f} "
                  f"| {ms(mw)}, {mc:g} requests, {cmds} commands | {ms(cw)}, {cc:g} requests "
                  f"| {ratio:.2f}× | {target or '—'} "
                  f"| {'—' if ok is None else f'round trips {verdict(ok_rt)}, by hand {verdict(ok_hand)}'} |")
            world.set_latency(0)
            wall, count = measure(world, opts.bin, ["doctor", "42"], opts.runs)
            mw, mc, _ = measure_manual(world, "doctor", 42, opts.manual_runs, True)
            R["no latency"] = dict(wall=wall, mw=mw)
            p(f"| `preview doctor 42`, no latency | {ms(wall)} | {count:g} | — | {ms(mw)}, "
              f"{mc:g} requests | — | {wall / mw:.2f}× | — | — |")
        p()

    if "api" not in skip:
        # A user with only the Argo CD API (design §8): no kube context, everything about Argo CD
        # and the workloads through the API server. No by-hand column: the argocd CLI sequence is
        # not scripted.
        p("| Argo CD API only | preview | requests | round trips |")
        p("|---|---|---|---|")
        with World(latency_ms=lat) as world:
            env = world.env()
            env.update(config_files.api_only(world))
            server = ["--argocd-server", world.argocd_api.host]
            for label, args in [("`preview status 42`", ["status", "42"]),
                                ("`preview doctor 42`", ["doctor", "42"]),
                                ("`preview doctor 7` (crash loop)", ["doctor", "7"])]:
                wall, count = measure(world, opts.bin, [*args, *server], opts.runs, env)
                R.setdefault("api", []).append(dict(label=label, wall=wall, count=count))
                p(f"| {label} | {ms(wall)} | {count:g} | {rt(wall):.1f} |")
        p()

    if "pods" not in skip or "list" not in skip:
        p("| scaling | preview | requests | round trips | by hand (warm cache) | requests "
          "| verdict |")
        p("|---|---|---|---|---|---|---|")
    if "pods" not in skip:
        rows = []
        with World(latency_ms=lat) as world:
            world.env()
            for pods in map(int, opts.pods.split(",")):
                number = 60 + pods
                world.add("healthy", number)
                have = scale_pods(world, number, pods)
                wall, count = measure(world, opts.bin, ["doctor", str(number)], opts.runs)
                mw, mc, _ = measure_manual(world, "doctor", number, opts.manual_runs, True)
                rows.append((have, wall, count, mw, mc))
        R["flat"] = len({r[2] for r in rows}) == 1
        R["pods"] = rows
        for have, wall, count, mw, mc in rows:
            p(f"| `doctor`, {have} pods in the namespace | {ms(wall)} | {count:g} "
              f"| {rt(wall):.1f} | {ms(mw)} | {mc:g} "
              f"| {'requests flat in pods' if R['flat'] else '**requests grow with pods**'} |")
    if "list" not in skip:
        R["list"] = []
        for pulls in map(int, opts.pulls.split(",")):
            with World(latency_ms=lat, pulls=pulls) as world:
                world.env()
                wall, count = measure(world, opts.bin, ["list"], opts.runs)
                mw, mc, cmds = measure_manual(world, "list", 42, opts.manual_runs, True)
                world.clear_requests()
                subprocess.run([opts.bin, "list"], env=world.env(), capture_output=True)
                seen = world.requests()
                gh = sum(r.server == "github" for r in seen)
                apps = sum(r.server == "argo" and r.path.endswith("/applications") for r in seen)
                nss = sum(r.server == "workload" and r.path == "/api/v1/namespaces" for r in seen)
                # One pods LIST per preview whose Application is not Synced and Healthy (the
                # default world's crash-looping #7): the troubled previews, not every preview.
                pods = sum(r.server == "workload" and r.path.endswith("/pods") for r in seen)
                labelled = pulls + len(DEFAULT_LABELLED)
                pages_ok = (gh == math.ceil((labelled + 1) / 100)
                            and gh + apps + nss + pods == count)
                R["list"].append(dict(labelled=labelled, wall=wall, count=count, ok=pages_ok))
                p(f"| `list`, {labelled} labelled PRs | {ms(wall)} | {count:g} "
                  f"| {rt(wall):.1f} | {ms(mw)} | {mc:g} "
                  f"| pages only: {gh} GitHub + {apps} Applications (limit 500) + {nss} namespaces"
                  f" + {pods} pods of troubled previews"
                  f"{'' if pages_ok else ' **(requests beyond the pages)**'} |")
    if "pods" not in skip or "list" not in skip:
        p()

    if "follow" not in skip:
        R["follow"] = follow_bench.table(opts.bin, lat, opts.follow_runs, opts.idle_seconds, p)
        p()

    if "startup" not in skip:
        wait_for_quiet(opts.quiet_wait)
        before = load()
        p("| startup | median wall | peak RSS | target | verdict |")
        p("|---|---|---|---|---|")
        for argv, target in [([opts.bin, "version"], True),
                             ([kubectl, "version", "--client"], False)]:
            wall_ms, how = startup(argv, opts.startup_runs)
            rss = peak_rss_mib(argv)
            if target:
                ok = wall_ms <= TARGET_START_MS and rss <= TARGET_RSS_MIB
                R["start"] = dict(ms=wall_ms, rss=rss, ok=ok)
                p(f"| `preview version` | {wall_ms:.1f} ms | {rss:.1f} MiB "
                  f"| ≤ {TARGET_START_MS:g} ms, ≤ {TARGET_RSS_MIB:g} MiB | {verdict(ok)} |")
            else:
                R["kstart"] = dict(ms=wall_ms, rss=rss)
                p(f"| `kubectl version --client` | {wall_ms:.1f} ms | {rss:.1f} MiB | — | — |")
        floor = link_floor(opts.bin)
        if floor:
            R["floor"] = floor
            p(f"| empty `main()` linked against libcurl, yaml-cpp and fmt (floor) "
              f"| {floor[0]:.1f} ms | {floor[1]:.1f} MiB | — | — |")
        p()
        p(f"Startup: {how} (no shell), {opts.startup_runs} runs after 10 warm-ups; peak RSS: "
          f"the largest of 10 runs of `/usr/bin/time -f %M`. Load average {before} → {load()}.")

    if opts.update_readme:
        update_readme("\n".join(out), notes(R), opts)


def notes(R):
    """A few sentences on what the figures say (generated: they follow the figures)."""
    lines = []
    d, lat = R["doctor 42"], R["lat"]
    lines.append(
        f"By hand, the facts `preview doctor 42` reports take {d['cmds']} commands and "
        f"{d['mw']:.1f} s one after another ({d['mc']:g} requests with kubectl's discovery cache "
        f"warm, {d['cc']:g} cold: {d['cw']:.1f} s); `preview` takes {d['wall'] * 1000:.0f} ms "
        f"and {d['count']:g} requests, {1 / d['ratio']:.0f}× faster. Most of the by-hand time "
        f"is not the network: with no latency at all it still takes "
        f"{R['no latency']['mw'] * 1000:.0f} ms (process starts; kubectl alone starts in "
        f"{R['kstart']['ms']:.0f} ms).")
    if "google-cloud-sdk" in R["kubectl"]:
        lines.append(
            "The kubectl here is the Google Cloud SDK's dispatcher (Debian package `kubectl` "
            "from Google's repository, which owns /usr/bin/kubectl, so Debian's "
            "`kubernetes-client` cannot be installed next to it): it runs a versioned kubectl "
            "and sends one extra `GET /version` per command, which the by-hand counts include.")
    if d["rt"] > TARGET_ROUND_TRIPS:
        lines.append(
            f"`doctor` needs {d['rt']:.1f} round trips, more than the target of "
            f"{TARGET_ROUND_TRIPS}. The gather runs in rounds that wait for their slowest "
            "request, and GitHub requests go one at a time: round 1 holds the PR *and* the bot "
            "comment, so it lasts two round trips; the check runs and the registry tokens (round "
            "2) start after two, the manifest HEADs (round 3) after three. Asking for the bot "
            "comment in the last round (next to the HEADs), or starting each request as soon as "
            "what it depends on has answered, would make it three. The rest is the process "
            "start and the TLS handshakes (the test world speaks HTTP/1.1, one connection per "
            "parallel request).")
    if d["ratio"] > TARGET_VS_MANUAL:
        lines.append(
            f"Against the by-hand sequence `doctor` is at {d['ratio']:.2f}×, short of the "
            f"{TARGET_VS_MANUAL}× target; every round trip saved takes "
            f"{lat / (d['mw'] * 1000):.3f}× off, so the round above is most of the gap. The "
            "by-hand figure also moves with the load: each kubectl start costs CPU.")
    if R.get("flat"):
        counts = R["pods"][0][2]
        lines.append(f"`doctor` sends {counts:g} requests whether the namespace holds "
                     f"{R['pods'][0][0]} or {R['pods'][-1][0]} pods: one LIST per kind.")
    if R.get("list"):
        big = R["list"][-1]
        lines.append(
            f"`list` sends one request per page: GitHub's 100 issues, the Applications in pages of "
            f"500 (each preview has a parent and its child Applications), one namespace LIST. At "
            f"{big['labelled']} labelled PRs its {big['wall'] * 1000:.0f} ms are mostly the test "
            "world's Python API server building 1.8 MB Application pages, not round trips.")
    s, f = R["start"], R.get("floor")
    line = (f"`preview version` starts in {s['ms']:.1f} ms with a {s['rss']:.1f} MiB peak "
            f"(kubectl: {R['kstart']['ms']:.0f} ms, {R['kstart']['rss']:.0f} MiB).")
    if f and not s["ok"]:
        line += (f" An empty program linked against the same shared libraries already takes "
                 f"{f[0]:.1f} ms and {f[1]:.1f} MiB: `ldd preview` lists {f[2]} shared libraries, "
                 "most of them Debian's libcurl's (OpenSSL, nghttp2, libssh2, LDAP, Kerberos, "
                 "...), and loading them is most of the cost, so the 5 ms / 10 MiB target sits "
                 "at or below that floor here.")
    lines.append(line)
    return "\n\n".join(lines)


def update_readme(tables, text_notes, opts):
    readme = ROOT / "README.md"
    text = readme.read_text()
    intro = (
        "`bash bench/run.sh` builds a Release binary, starts the test world with "
        f"{opts.latency_ms} ms of latency on every request, and measures `preview` against the "
        "`kubectl` and `curl` commands a person runs one after another for the same facts "
        "(`bench/manual.py`: the PR, its check runs and comments, the registry token flow and "
        "manifest of both artifacts, the ApplicationSet, the Applications, the namespace and "
        "everything in it, `logs --previous` for doctor, the URL; for list every page of "
        "labelled PRs, the Applications, the namespaces). Requests are what the world's servers "
        "received, kubectl's discovery requests included; \"round trips\" is wall time / "
        "latency. Regenerate with `bash bench/run.sh --update-readme`.\n\n")
    start = text.index("## Speed\n")
    end = text.index("\n## ", start + 1)
    def wrap(paragraphs):
        return "\n\n".join(textwrap.fill(para, 100, break_long_words=False,
                                          break_on_hyphens=False)
                             for para in paragraphs.strip().split("\n\n"))
    tables = "\n".join(line if line.startswith("|") or not line else wrap(line)
                       for line in tables.strip().split("\n"))
    section = "## Speed\n\n" + wrap(intro) + "\n\n" + tables + "\n\n" + wrap(text_notes) + "\n"
    readme.write_text(text[:start] + section + text[end:])
    print(f"\nupdated {readme}", file=sys.stderr)


if __name__ == "__main__":
    main()
