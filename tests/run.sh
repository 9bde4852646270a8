#!/usr/bin/env bash
# The whole test suite: installs dependencies, then builds and tests twice, once plain (dev) and
# once with AddressSanitizer + UndefinedBehaviorSanitizer (asan). Unit and integration tests both.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/deps.sh
cmake --workflow --preset dev
cmake --workflow --preset asan
