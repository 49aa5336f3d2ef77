#!/usr/bin/env bash
# Runs every Trellis benchmark of docs/BENCHMARKS.md side by side with its baseline, in one run,
# on the same generated repositories, and prints a Markdown table of medians and ratios.
#
#   tools/bench/run.sh [--sizes 100,1000,10000] [--runs N] [--commits K] [--binary PATH]
#                      [--html-scale [--html-baseline OLD_BINARY]] [--imports]
#
# --imports also runs tools/bench/imports.py (`check` and `graph --imports` on 1,000 modules of
# 10 Python files each, against the same without code: what reading the imports costs) and
# appends its table.
#
# --html-scale also runs tools/bench/graph-html-scale.py (`graph --format html` at 100 to 5,000
# modules and the page's search and click in headless Chromium; about ten minutes with a
# baseline, whose Graphviz layout takes minutes at 2,000 modules) and appends its table.
#
# Repositories are generated under .build/bench/ (reused when present: delete them to change
# the generator): mixed-N (Poetry classic, Poetry 2, uv path; the main repository), uv-N (one uv
# workspace, for the uv baselines), hist-N-K (mixed-N plus K history commits, for import-git), and
# locks-N / nolocks-N (Poetry style, a poetry.lock in every module / in none: what lock files cost).
# hyperfine's JSON goes to .build/bench/results/N/*.json; the table to .build/bench/results/table.md.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SIZES=100,1000,10000
RUNS=10
COMMITS=2000
BIN=
HTML_SCALE=
HTML_BASELINE=
IMPORTS=
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) SIZES=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --commits) COMMITS=$2; shift 2 ;;
        --binary) BIN=$(realpath "$2"); shift 2 ;;
        --html-scale) HTML_SCALE=1; shift ;;
        --html-baseline) HTML_BASELINE=$(realpath "$2"); HTML_SCALE=1; shift 2 ;;
        --imports) IMPORTS=1; shift ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 64 ;;
    esac
done

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || [ ! -x /usr/bin/time ]; then
    echo "installing hyperfine and time from Debian's packages" >&2
    apt-get update -qq && apt-get install -y -qq hyperfine time >/dev/null
fi
if [ -z "$BIN" ]; then
    # As README builds it: on Linux the Swift runtime and Foundation linked in (faster start-up).
    STATIC=; [ "$(uname -s)" = Linux ] && STATIC=--static-swift-stdlib
    (cd "$ROOT" && swift build -c release $STATIC >&2)
    BIN="$ROOT/.build/release/trellis"
fi
UV=${UV:-}
for candidate in "${TRELLIS_E2E_VENV:-$ROOT/.build/e2e-venv}/bin/uv" /work/main/.build/e2e-venv/bin/uv "$(command -v uv || true)"; do
    if [ -z "$UV" ] && [ -n "$candidate" ] && [ -x "$candidate" ]; then UV=$candidate; fi
done
[ -n "$UV" ] || echo "no uv found (tools/install-test-deps.sh makes one): the uv baselines are skipped" >&2
PY=${PYTHON:-python3}

BENCH="$ROOT/.build/bench"
OUT="$BENCH/results"
mkdir -p "$OUT"
HF=(hyperfine --warmup 1 --runs "$RUNS" --style basic --shell=bash)

# Transitive-dependents target: the lib with the most transitive dependents, from the truth.
pick_lib() { "$PY" "$HERE/pick_lib.py" "$1/.bench/truth.json"; }

generate() { # style size dir [commits [locks]]
    if [ ! -f "$3/.bench/truth.json" ]; then
        echo "generating $3" >&2
        "$PY" "$HERE/generate.py" "$3" --modules "$2" --seed 1 --style "$1" --commits "${4:-0}" \
            --locks "${5:-poetry2}" --force >&2
    fi
}

peak() { # repository output: the median of three /usr/bin/time -v cold scans, Maximum resident set size in KiB
    for i in 1 2 3; do
        rm -rf "$1/.trellis"
        /usr/bin/time -v "$BIN" scan --root "$1" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'
    done | sort -n | sed -n 2p > "$2"
}

bench() { # size id command [hyperfine options…]
    local size=$1 id=$2 cmd=$3; shift 3
    echo "== $size $id: $cmd" >&2
    "${HF[@]}" "$@" --export-json "$OUT/$size/$id.json" -n "$id" "$cmd" >&2
}

IFS=, read -ra SIZE_LIST <<< "$SIZES"
for N in "${SIZE_LIST[@]}"; do
    R="$BENCH/mixed-$N"; U="$BENCH/uv-$N"; H="$BENCH/hist-$N-$COMMITS"; L="$BENCH/locks-$N"; NL="$BENCH/nolocks-$N"
    generate mixed "$N" "$R"
    generate uv "$N" "$U"
    generate mixed "$N" "$H" "$COMMITS"
    generate poetry "$N" "$L" 0 every
    generate poetry "$N" "$NL" 0 none
    mkdir -p "$OUT/$N"
    X=$(pick_lib "$R"); XU=$(pick_lib "$U")
    MANIFEST=$(cd "$R" && git ls-files '*pyproject.toml' | sed -n 2p)
    echo "{\"lib\": \"$X\", \"uv_lib\": \"$XU\", \"edited\": \"$MANIFEST\"}" > "$OUT/$N/params.json"

    # 1. The floors: read every manifest once.
    bench "$N" floor-find "cd '$R' && find . -path '*/.*' -prune -o -name pyproject.toml -print0 | xargs -0 cat > /dev/null"
    bench "$N" floor-git "cd '$R' && git ls-files -z '*pyproject.toml' | xargs -0 cat > /dev/null"
    # 2. What a user would write.
    bench "$N" python "'$PY' '$HERE/dependents.py' '$R' '$X' > /dev/null"
    # Trellis: a cold scan (no database; page cache warm from the warmup).
    bench "$N" scan-cold "'$BIN' scan --root '$R' > /dev/null" --prepare "rm -rf '$R/.trellis'"
    "$BIN" scan --root "$R" > /dev/null
    bench "$N" dependents-noop "'$BIN' dependents '$X' -t --json --root '$R' > /dev/null"
    bench "$N" dependents-norefresh "'$BIN' dependents '$X' -t --json --no-refresh --root '$R' > /dev/null"
    bench "$N" startup "'$BIN' --help > /dev/null"
    bench "$N" graph-dot "'$BIN' graph --format dot --root '$R' > /dev/null"
    # One manifest edited (a comment line added or removed, so the content and size change), then a
    # query: written in place (echo >>, truncate), and written by rename (sed -i), which also
    # changes the folder's modification time, so the refresh lists the work tree again.
    EDIT="f='$R/$MANIFEST'; if tail -n1 \"\$f\" | grep -q '^# bench-edit'; then truncate -s -13 \"\$f\"; else echo '# bench-edit' >> \"\$f\"; fi"
    RENAME="f='$R/$MANIFEST'; if tail -n1 \"\$f\" | grep -q '^# bench-edit'; then sed -i '\$d' \"\$f\"; else sed -i '\$a # bench-edit' \"\$f\"; fi"
    bench "$N" changed-then-query "'$BIN' dependents '$X' -t --json --root '$R' > /dev/null" --prepare "$EDIT"
    bench "$N" renamed-then-query "'$BIN' dependents '$X' -t --json --root '$R' > /dev/null" --prepare "$RENAME"
    bash -c "$EDIT"
    "$BIN" scan --json --root "$R" > "$OUT/$N/changed-scan.json"
    bash -c "$EDIT"
    "$BIN" scan --root "$R" > /dev/null
    # Peak memory of a cold scan: the median of three /usr/bin/time -v runs, in KiB.
    peak "$R" "$OUT/$N/scan-peak-kib.txt"
    # Lock files: the same Poetry-style modules with a poetry.lock in every one, and in none.
    bench "$N" scan-cold-locks "'$BIN' scan --root '$L' > /dev/null" --prepare "rm -rf '$L/.trellis'"
    bench "$N" scan-cold-nolocks "'$BIN' scan --root '$NL' > /dev/null" --prepare "rm -rf '$NL/.trellis'"
    peak "$L" "$OUT/$N/scan-peak-locks-kib.txt"
    peak "$NL" "$OUT/$N/scan-peak-nolocks-kib.txt"
    # History: import-git into a fresh database against git's own log of the manifests.
    DB="$BENCH/hist-$N-$COMMITS.sqlite"
    bench "$N" git-log "git -C '$H' log -p -- '*pyproject.toml' > /dev/null"
    bench "$N" import-git "'$BIN' import-git --root '$H' --db '$DB' > /dev/null" --prepare "rm -f '$DB' '$DB-wal' '$DB-shm'"
    # 3. What a user would pick instead: uv, on the uv workspace.
    if [ -n "$UV" ]; then
        bench "$N" uv-lock "cd '$U' && '$UV' lock --offline -q" --prepare "rm -f '$U/uv.lock'"
        (cd "$U" && "$UV" lock --offline -q)
        bench "$N" uv-tree "cd '$U' && '$UV' tree --invert --no-dedupe --package '$XU' --frozen -q > /dev/null"
        "$BIN" scan --root "$U" > /dev/null
        bench "$N" dependents-uv "'$BIN' dependents '$XU' -t --json --root '$U' > /dev/null"
    fi
done

{
    echo "Binary: $BIN; $RUNS runs after 1 warmup; history: $COMMITS commits; $(date -u '+%Y-%m-%d %H:%M UTC'); load average $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    "$PY" "$HERE/report.py" "$OUT" "${SIZE_LIST[@]}"
} | tee "$OUT/table.md"

if [ -n "$HTML_SCALE" ]; then
    {
        echo
        "$PY" "$HERE/graph-html-scale.py" --trellis "$BIN" ${HTML_BASELINE:+--baseline "$HTML_BASELINE"}
    } | tee -a "$OUT/table.md"
fi

if [ -n "$IMPORTS" ]; then
    {
        echo
        "$PY" "$HERE/imports.py" --binary "$BIN" --runs "$RUNS" --out "$BENCH"
    } | tee -a "$OUT/table.md"
fi
