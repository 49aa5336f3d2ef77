#!/usr/bin/env bash
# Runs ConcurrentRegistryTests (two writers and four readers on one registry at once, while a
# script edits manifests) REPEATS times (default 10) with ROUNDS runs per loop (default 20; CI
# runs it once with 5). Each repetition prints its `concurrent:` line; the last line counts
# the repetitions that passed of those tried.
#   tools/concurrency-loop.sh [REPEATS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
repeats="${1:-10}"
export TRELLIS_CONCURRENT_ROUNDS="${2:-20}"
echo "repetitions: $repeats, rounds per loop: $TRELLIS_CONCURRENT_ROUNDS"
swift build --build-tests >/dev/null
log=$(mktemp)
passed=0
for i in $(seq "$repeats"); do
    if swift test --skip-build --filter ConcurrentRegistryTests >"$log" 2>&1; then passed=$((passed + 1)); fi
    grep -E '^concurrent: ' "$log" || true
    grep -E '✘|error:' "$log" | head -10 || true
done
rm -f "$log"
echo "repetitions passed / tried: $passed / $repeats"
[ "$passed" -eq "$repeats" ]
