#!/usr/bin/env bash
# Kills `trellis scan` (cold and incremental) and `trellis import-git` (first and incremental, a
# 300-commit history) with SIGKILL after a seeded random delay, KILLS times each (default 30),
# through CrashSafetyTests; after every kill `trellis doctor` must pass, the registry must hold
# exactly the last complete snapshot and the next run must complete. Prints kills survived of
# kills tried per case and in all.
#   tools/crash-loop.sh [KILLS] [SEED]     (CI runs the same test with 5 kills each)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
export TRELLIS_CRASH_KILLS="${1:-30}" TRELLIS_CRASH_SEED="${2:-$(date +%s)}"
echo "kills per case: $TRELLIS_CRASH_KILLS, seed: $TRELLIS_CRASH_SEED"
swift build --build-tests >/dev/null
log=$(mktemp)
status=0
swift test --skip-build --filter CrashSafetyTests >"$log" 2>&1 || status=$?
grep -E '^crash ' "$log" || true
grep -E '✘|error:' "$log" | head -20 || true
awk -v tried="$TRELLIS_CRASH_KILLS" '/^crash / { survived += $3; cases += 1 }
    END { printf "kills survived / kills tried: %d / %d\n", survived, cases * tried }' "$log"
rm -f "$log"
exit "$status"
