#!/usr/bin/env bash
# Times `trellis scan` on one generated pyproject.toml of about MEGABYTES MB (default 50): a
# [project] dependencies array of PEP 508 strings with specifiers and markers, 61 bytes a line
# (50 MB is about 820,000 lines). Prints the size, the lines, the seconds and the peak memory,
# and checks that every line became a requirement. Uses the debug build unless TRELLIS is set.
#   tools/big-manifest.sh [MEGABYTES]
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes=${1:-50}
trellis=${TRELLIS:-.build/debug/trellis}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/m"
python3 - "$megabytes" "$work/m/pyproject.toml" <<'PY'
import sys
megabytes, path = int(sys.argv[1]), sys.argv[2]
lines = ['[project]', 'name = "m"', 'version = "1"', 'dependencies = [']
size, i = 0, 0
while size < megabytes * 1_000_000:
    line = f'  "package-{i} >=1.{i}, <2 ; python_version >= \'3.10\'",'
    lines.append(line)
    size += len(line) + 1
    i += 1
lines.append(']')
open(path, 'w').write('\n'.join(lines) + '\n')
print(f"{i} dependency lines")
PY
ls -l "$work/m/pyproject.toml" | awk '{ printf "%.1f MB\n", $5 / 1e6 }'
/usr/bin/time -f "scan: %e s, %M KB at peak" "$trellis" scan --no-git --root "$work" >/dev/null
"$trellis" show m --json --no-refresh --root "$work" |
    python3 -c 'import json, sys; print(len(json.load(sys.stdin)["requirements"]), "requirements recorded")'
