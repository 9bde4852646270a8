#!/usr/bin/env bash
# Benchmark: builds a Release preview, starts the test world with injected latency and reports the
# median wall time and the request count of each measured command. Not a test: numbers, no verdict.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target preview >/dev/null
PYTHONPATH=tests python3 bench/bench.py --bin build/release/preview "$@"
