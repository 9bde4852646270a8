#!/usr/bin/env bash
# Benchmark: builds a Release preview, starts the test world with injected latency (50 ms per
# request unless --latency-ms) and measures status, doctor and list against the kubectl + curl
# commands a person runs by hand for the same facts (bench/manual.py), how the request count
# scales with pods and labelled PRs, and the startup time and peak memory of `preview version`
# against `kubectl version --client`, and following: the watch follow against the polling
# fallback, reaction time and idle request rate (bench/follow_bench.py). A script, not a test: it
# prints markdown with a verdict per target; `--update-readme` rewrites README.md's "## Speed"
# section. Other options: bench.py -h.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/deps.sh

# What the benchmark itself needs: curl, hyperfine, GNU time (peak RSS) and kubectl: Debian's
# kubernetes-client, unless a kubectl is already installed (another package's /usr/bin/kubectl,
# e.g. Google's `kubectl`, would conflict with it).
want=(curl hyperfine time)
command -v kubectl >/dev/null || want+=(kubernetes-client)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { cmake --preset release && cmake --build --preset release --target preview -j2; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "bench: the Release build failed" >&2
  exit 1
fi
PYTHONPATH=tests:bench python3 bench/bench.py --bin build/release/preview "$@"
