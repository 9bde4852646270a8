#!/usr/bin/env bash
# The whole test suite: installs dependencies, checks formatting, then builds and tests twice,
# once plain (dev, then clang-tidy over src/ with dev's compile commands) and once with
# AddressSanitizer + UndefinedBehaviorSanitizer (asan), unit and integration tests both; then
# builds the libFuzzer targets with clang and runs each briefly on its corpus (fuzz). Every stage
# runs even when an earlier one failed, so one failure never hides another; the summary lists
# each stage and the exit status is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."

bash tests/deps.sh || { echo "run.sh: installing dependencies failed" >&2; exit 1; }

results=()
failed=0
stage() {
    local name=$1
    shift
    local start=$SECONDS
    echo "=== ${name}"
    if "$@"; then
        results+=("ok      ${name} ($((SECONDS - start)) s)")
    else
        results+=("FAILED  ${name} ($((SECONDS - start)) s)")
        failed=1
    fi
}

stage format bash tests/check_format.sh
stage dev cmake --workflow --preset dev
stage tidy bash tests/check_tidy.sh  # uses build/dev's compile_commands.json
stage asan cmake --workflow --preset asan
stage fuzz cmake --workflow --preset fuzz

echo "=== summary"
printf '%s\n' "${results[@]}"
exit "$failed"
