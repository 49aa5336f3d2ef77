#!/usr/bin/env bash
# Fuzzes the TOML parser (with the pyproject reader), the PEP 508/440 parsers and the
# requirements-file parser with libFuzzer, one target after another, one process at a time
# (nice), SECONDS each (default 600).
#   tools/fuzz/run.sh [SECONDS] [TARGET ...] (targets: toml pep508 requirements; default all)
# Seeds: the fixtures and example manifests (tools/fuzz/seeds.py), plus the folders in
# TRELLIS_FUZZ_SEEDS (colon-separated, read in place). The corpus grows in
# .build/fuzz/corpus/TARGET across runs; an input that traps, trips AddressSanitizer, runs out
# of memory or takes more than 10 s lands in .build/fuzz/findings/TARGET, and the run stops.
# Each input is capped at 64 KiB. Prints libFuzzer's last status line per target.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-600}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(toml pep508 requirements)
binary=$(tools/fuzz/build.sh)
work=.build/fuzz
IFS=: read -r -a extra <<<"${TRELLIS_FUZZ_SEEDS:-}"
python3 tools/fuzz/seeds.py "$work/seeds" "${extra[@]}"
status=0
for target in "${targets[@]}"; do
    mkdir -p "$work/corpus/$target" "$work/findings/$target"
    log="$work/$target.log"
    set +e
    TRELLIS_FUZZ_TARGET=$target nice "$binary" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -dict="tools/fuzz/$target.dict" \
        -artifact_prefix="$work/findings/$target/" "$work/corpus/$target" "$work/seeds/$target" >"$log" 2>&1
    rc=$?
    set -e
    echo "== $target (exit $rc; log $log)"
    grep -E '^#[0-9]+' "$log" | tail -1
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
    grep -E 'fuzz finding|Fatal error|ERROR: AddressSanitizer|ERROR: libFuzzer|Test unit written' "$log" || true
    [[ $rc -eq 0 ]] || status=1
done
exit "$status"
