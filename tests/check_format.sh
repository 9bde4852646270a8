#!/usr/bin/env bash
# Every tracked C++ file is clang-formatted (.clang-format); prints the ones that are not.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=()
while IFS= read -r -d '' f; do
    clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done < <(git ls-files -z '*.cpp' '*.hpp' '*.h' 2>/dev/null ||
         find src include tests fuzz -name '*.[ch]pp' -print0)
if [ ${#bad[@]} -gt 0 ]; then
    printf 'not clang-formatted (run clang-format -i):\n' >&2
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
fi
echo "clang-format: all files formatted"
