"""Run the default world until interrupted, for trying `preview` by hand and for benchmarks.

    PYTHONPATH=tests python3 -m world.playground --dir /tmp/pg [--latency-ms 50] [--pulls 200]
        [--controllers]     # Argo CD, ESO, gateway, kubelet, CI react (controllers.py)
    # prints: playground ready: source /tmp/pg/env.sh
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from . import config_files
from .world import ORPHAN_PREVIEWS, World


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m world.playground",
        description="Serve the preview test world until SIGINT/SIGTERM.")
    parser.add_argument("--dir", required=True, type=Path, help="where to write env.sh and config")
    parser.add_argument("--latency-ms", type=int, default=0, help="latency added to every request")
    parser.add_argument("--pulls", type=int, default=0,
                        help="extra labelled, healthy PRs (numbers from 1000)")
    parser.add_argument("--controllers", action="store_true",
                        help="simulate the controllers (label + refresh brings a preview up)")
    args = parser.parse_args(argv)

    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())

    args.dir.mkdir(parents=True, exist_ok=True)
    # A stale env.sh names the ports of an earlier run: whoever waits for it must get this one.
    (args.dir / "env.sh").unlink(missing_ok=True)
    world = World(directory=args.dir, latency_ms=args.latency_ms, pulls=args.pulls,
                  controllers=args.controllers)
    with world:
        for number, variants in ORPHAN_PREVIEWS:
            world.add(list(variants), number)
        # Tests want plain text; a person at a terminal should see the colours.
        env = {k: v for k, v in world.env().items() if k != "NO_COLOR"}
        env_file = config_files.env_sh(args.dir / "env.sh", env)
        print(f"playground ready: source {env_file}", flush=True)
        while not done.wait(1.0):     # a timed wait keeps the main thread responsive to signals
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
