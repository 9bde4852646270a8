#!/usr/bin/env bash
# The playground: builds preview, starts a local simulated GitHub, Argo CD cluster and workload
# cluster (HTTPS, tests/world), and shows `preview list` (two previews and one of each orphan) and
# `preview status` for its healthy preview (PR 42) and its broken one (PR 7). Everything stays on
# 127.0.0.1 and stops when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target preview

dir=$(mktemp -d)
PYTHONPATH=tests python3 -m world.playground --dir "$dir" > "$dir/playground.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do
  [ -s "$dir/env.sh" ] && break
  kill -0 $server 2>/dev/null || { cat "$dir/playground.log"; exit 1; }
  sleep 0.1
done
# shellcheck disable=SC1091
source "$dir/env.sh"

echo
echo "\$ preview list"
build/dev/preview list || echo "(exit code $?)"

for pr in 42 7; do
  echo
  echo "\$ preview status $pr"
  build/dev/preview status "$pr" || echo "(exit code $?)"
done
