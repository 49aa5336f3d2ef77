#!/usr/bin/env python3
"""Turns the hyperfine JSON of tools/bench/run.sh into the Markdown table of docs/BENCHMARKS.md.

    report.py RESULTS_DIR SIZE…
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

# figure, trellis id, baseline id, target kind, target value, target text
# kinds: "max_ms" (median at most), "faster" (baseline/trellis at least), "within" (trellis/baseline at most)
FIGURES = [
    ("cold scan vs Python script", "scan-cold", "python", "faster", 5, "≥ 5× faster"),
    ("cold scan vs git-index floor", "scan-cold", "floor-git", "within", 3, "≤ 3× floor"),
    ("cold scan vs find floor", "scan-cold", "floor-find", None, None, "(info)"),
    ("cold scan, a poetry.lock in every module, vs none (Poetry style)", "scan-cold-locks", "scan-cold-nolocks", None,
     None, "(info)"),
    ("no-op refresh + dependents -t --json", "dependents-noop", None, "max_ms", 100, "≤ 100 ms"),
    ("dependents -t --json --no-refresh", "dependents-norefresh", None, "max_ms", 20, "≤ 20 ms"),
    ("dependents -t --json vs uv tree --invert", "dependents-uv", "uv-tree", "faster", 10, "≥ 10× faster"),
    ("(uv lock --offline, for reference)", "uv-lock", None, None, None, "(info)"),
    ("(process start: `trellis --help`)", "startup", None, None, None, "(info)"),
    ("graph --format dot", "graph-dot", None, "max_ms", 500, "≤ 500 ms"),
    ("one manifest changed in place, then dependents", "changed-then-query", "dependents-noop", None, None, "(info)"),
    ("one manifest rewritten by rename (sed -i), then dependents", "renamed-then-query", "dependents-noop", None, None, "(info)"),
    ("import-git vs git log -p", "import-git", "git-log", "within", 3, "≤ 3× git log"),
]


def median_ms(results: Path, id: str) -> float | None:
    path = results / f"{id}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())["results"][0]["median"] * 1000


def cpu_ms(results: Path, id: str) -> float | None:
    """Mean user + system time: steadier than wall time on a shared, loaded machine."""
    path = results / f"{id}.json"
    if not path.exists():
        return None
    r = json.loads(path.read_text())["results"][0]
    return (r["user"] + r["system"]) * 1000


def fmt(ms: float | None) -> str:
    return "–" if ms is None else (f"{ms:.0f} ms" if ms >= 10 else f"{ms:.1f} ms")


def main() -> int:
    root, sizes = Path(sys.argv[1]), sys.argv[2:]
    print("| figure | modules | trellis median | baseline | baseline median | ratio | target | met? | trellis CPU | baseline CPU |")
    print("|---|---:|---:|---|---:|---:|---|:-:|---:|---:|")
    for size in sizes:
        res = root / size
        for label, tid, bid, kind, value, text in FIGURES:
            t = median_ms(res, tid)
            b = median_ms(res, bid) if bid else None
            if t is None:
                continue
            ratio = ""
            met = ""
            if b is not None:
                ratio = f"{b / t:.1f}× faster" if b >= t else f"{t / b:.1f}× slower"
            if kind == "max_ms":
                met = "yes" if t <= value else "no"
            elif kind == "faster" and b is not None:
                met = "yes" if b / t >= value else "no"
            elif kind == "within" and b is not None:
                met = "yes" if t / b <= value else "no"
            cpu_b = fmt(cpu_ms(res, bid)) if bid else ""
            print(f"| {label} | {size} | {fmt(t)} | {bid or ''} | {fmt(b) if bid else ''} | {ratio} | {text} | {met} "
                  f"| {fmt(cpu_ms(res, tid))} | {cpu_b} |")
        for name, label in [("scan-peak-kib.txt", "peak memory, cold scan"),
                            ("scan-peak-locks-kib.txt", "peak memory, cold scan, a poetry.lock in every module"),
                            ("scan-peak-nolocks-kib.txt", "peak memory, cold scan, no lock file")]:
            peak = res / name
            if peak.exists() and peak.read_text().strip():
                mib = int(peak.read_text().strip()) / 1024
                print(f"| {label} | {size} | {mib:.0f} MiB | | | | ≤ 150 MiB | {'yes' if mib <= 150 else 'no'} | | |")
        changed = res / "changed-scan.json"
        if changed.exists():
            parsed = json.loads(changed.read_text())["parsed_files"]
            # The edited manifest, plus the root manifest above it (read for the configuration and
            # as a possible uv workspace root): a constant, not one per module.
            print(f"| manifests parsed after one edit (`scan --json` parsed_files) | {size} | {parsed} | | | | 1 (+ the root manifest) | {'yes' if parsed <= 2 else 'no'} | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
