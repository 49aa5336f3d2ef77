#!/usr/bin/env bash
# The read-command figures of docs/BENCHMARKS.md for two builds side by side, in one hyperfine
# run per figure (so both see the same machine load), on the repositories run.sh generates:
#
#   tools/bench/reads.sh --before BIN --after BIN [--sizes 100,1000,10000] [--runs N]
#
# Needs mixed-N and uv-N under .build/bench/ with a registry (run.sh, or `trellis scan --root`)
# and uv-N/uv.lock. Prints one Markdown row per figure and build (median, mean ± σ, user + system)
# and keeps hyperfine's JSON in .build/bench/results/reads/N/.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SIZES=100,1000,10000
RUNS=10
BEFORE=
AFTER=
while [ $# -gt 0 ]; do
    case "$1" in
        --before) BEFORE=$(realpath "$2"); shift 2 ;;
        --after) AFTER=$(realpath "$2"); shift 2 ;;
        --sizes) SIZES=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 64 ;;
    esac
done
[ -n "$BEFORE" ] && [ -n "$AFTER" ] || { echo "give --before and --after" >&2; exit 64; }
PY=${PYTHON:-python3}
UV=${UV:-$ROOT/.build/e2e-venv/bin/uv}
[ -x "$UV" ] || UV=$(command -v uv || echo uv)
BENCH="$ROOT/.build/bench"

pick_lib() { "$PY" "$HERE/pick_lib.py" "$1/.bench/truth.json"; }

row() { # size id json
    "$PY" - "$1" "$2" "$3" <<'EOF'
import json, statistics, sys
size, figure, path = sys.argv[1:]
for r in json.load(open(path))["results"]:
    times = r["times"]
    print(f"| {figure} | {size} | {r['command'].split(' ')[0]} | {statistics.median(times) * 1000:.1f} ms "
          f"| {r['mean'] * 1000:.1f} ± {r['stddev'] * 1000:.1f} ms | {(r['user'] + r['system']) * 1000:.1f} ms |")
EOF
}

echo "| figure | modules | build | median | mean ± σ | user + system |"
echo "|---|---:|---|---:|---:|---:|"
IFS=, read -ra SIZE_LIST <<< "$SIZES"
for N in "${SIZE_LIST[@]}"; do
    R="$BENCH/mixed-$N"; U="$BENCH/uv-$N"; OUT="$BENCH/results/reads/$N"
    mkdir -p "$OUT"
    X=$(pick_lib "$R"); XU=$(pick_lib "$U")
    bench() { # id, then one command per build with {} for the binary
        local id=$1 template=$2
        hyperfine --warmup 2 --runs "$RUNS" --style none --shell=bash --export-json "$OUT/$id.json" \
            -n before "${template//\{\}/$BEFORE}" -n after "${template//\{\}/$AFTER}" > /dev/null
        "$PY" - "$OUT/$id.json" "$BEFORE" "$AFTER" <<'EOF'
import json, sys
path, before, after = sys.argv[1:]
data = json.load(open(path))
for r, binary in zip(data["results"], (before, after)):
    r["command"] = binary.rsplit("/", 1)[-1] + " " + r["command"]
json.dump(data, open(path, "w"))
EOF
        row "$N" "$id" "$OUT/$id.json"
    }
    bench startup "'{}' --help > /dev/null"
    bench dependents-noop "'{}' dependents '$X' -t --json --root '$R' > /dev/null"
    bench dependents-norefresh "'{}' dependents '$X' -t --json --no-refresh --root '$R' > /dev/null"
    bench graph-dot "'{}' graph --format dot --root '$R' > /dev/null"
    bench dependents-uv "'{}' dependents '$XU' -t --json --root '$U' > /dev/null"
    hyperfine --warmup 1 --runs "$RUNS" --style none --shell=bash --export-json "$OUT/python.json" \
        -n python "'$PY' '$HERE/dependents.py' '$R' '$X' > /dev/null" \
        -n uv-tree "cd '$U' && '$UV' tree --invert --no-dedupe --package '$XU' --frozen -q > /dev/null" > /dev/null
    row "$N" baselines "$OUT/python.json"
done
