#!/usr/bin/env python3
"""Prints the `dependents` target of the benchmarks: of the first 50 libs of a generated
repository's truth (OUT/.bench/truth.json), the one with the most transitive dependents."""
import json
import sys
from collections import deque

t = json.load(open(sys.argv[1]))
up = {}
for e in t["edges"]:
    up.setdefault(e["to"], set()).add(e["from"])


def count(x):
    seen, q = set(), deque([x])
    while q:
        for p in up.get(q.popleft(), ()):
            if p not in seen:
                seen.add(p)
                q.append(p)
    return len(seen)


libs = [m["name"] for m in t["modules"] if m["kind"] == "lib"][:50]
print(max(libs, key=lambda n: (count(n), n)))
