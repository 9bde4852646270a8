#!/usr/bin/env bash
# The whole test suite: installs dependencies, then builds and tests twice, once plain (dev) and
# once with AddressSanitizer + UndefinedBehaviorSanitizer (asan), unit and integration tests both;
# then builds the libFuzzer targets with clang and runs each briefly on its corpus (fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/deps.sh
cmake --workflow --preset dev
cmake --workflow --preset asan
cmake --workflow --preset fuzz
