#!/usr/bin/env python3
"""Checks what Trellis (and the Python baseline) find on a generated repository against its truth.

    check-truth.py REPO --trellis PATH/TO/trellis

Scans REPO into a fresh database (`trellis scan --json`), reads the graph back
(`trellis graph --format json`) and compares modules (name, path, kind, version) and edges
(from, to, group) with REPO/.bench/truth.json. Then checks tools/bench/dependents.py on the
lowest lib against the transitive dependents computed from the truth. Prints every mismatch;
exits 1 when there is one. With history commits (--commits K), also runs `import-git` and
compares `history --json` with the truth's events.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import deque
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(*cmd: str) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr}")
    return done.stdout


def diff(label: str, expected: set, found: set) -> int:
    missing, extra = sorted(expected - found), sorted(found - expected)
    print(f"{label}: expected {len(expected)}, found {len(found)}, missing {len(missing)}, extra {len(extra)}")
    for item in missing[:20]:
        print(f"  missing {item}")
    for item in extra[:20]:
        print(f"  extra   {item}")
    return len(missing) + len(extra)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("repo", type=Path)
    ap.add_argument("--trellis", required=True)
    args = ap.parse_args()
    truth = json.loads((args.repo / ".bench" / "truth.json").read_text())
    problems = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = f"{tmp}/registry.sqlite"
        scan = json.loads(run(args.trellis, "scan", "--json", "--root", str(args.repo), "--db", db))
        for d in scan.get("diagnostics", []):
            print(f"  diagnostic: {d}")
        graph = json.loads(run(args.trellis, "graph", "--format", "json", "--no-refresh",
                               "--root", str(args.repo), "--db", db))
        history = None
        if truth["events"]:
            hdb = f"{tmp}/history.sqlite"
            run(args.trellis, "import-git", "--root", str(args.repo), "--db", hdb)
            history = json.loads(run(args.trellis, "history", "--json", "--no-refresh",
                                     "--root", str(args.repo), "--db", hdb))
    problems += diff("modules",
                     {(m["name"], m["path"], m["kind"], m["version"]) for m in truth["modules"]},
                     {(m["name"], m["path"], m["kind"], m["version"]) for m in graph["nodes"]})
    problems += diff("edges",
                     {(e["from"], e["to"], e["group"]) for e in truth["edges"]},
                     {(e["from"], e["to"], e["group"]) for e in graph["edges"]})
    if scan["modules"] != len(truth["modules"]) or scan["edges"] != len(truth["edges"]):
        print(f"scan --json counts: {scan['modules']} modules, {scan['edges']} edges")
        problems += 1

    if history is not None:
        # Every event of the history commits (the first commit adds everything and is left out).
        commits = {e["commit"] for e in truth["events"]}
        key = lambda e: (e["event"], e["module"], e.get("target"), e.get("from") if e["event"] == "version-changed" else None,
                         e.get("to") if e["event"] == "version-changed" else None, e["commit"])
        problems += diff("history events", {key(e) for e in truth["events"]},
                         {key(e) for e in history if e["commit"] in commits})

    # The baseline must answer the same question right, or its timing means nothing.
    dependents: dict[str, set[str]] = {}
    for e in truth["edges"]:
        dependents.setdefault(e["to"], set()).add(e["from"])
    lib = next(m["name"] for m in truth["modules"] if m["kind"] == "lib"
               and m["name"] in dependents)
    seen, queue = set(), deque([lib])
    while queue:
        for parent in dependents.get(queue.popleft(), ()):
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    found = set(run(sys.executable, str(HERE / "dependents.py"), str(args.repo), lib).split())
    problems += diff(f"dependents.py {lib} -t", seen, found)
    print("OK: trellis and dependents.py match the truth" if problems == 0 else f"{problems} mismatches")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
