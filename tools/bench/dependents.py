#!/usr/bin/env python3
"""What a user would write instead of Trellis: the transitive dependents of one module.

    dependents.py ROOT NAME

Walks ROOT (skipping hidden folders, .venv, venv, node_modules, __pycache__), parses every
pyproject.toml with tomllib, resolves path edges (Poetry `{path = ...}`, PEP 621
`x @ file:///...`, uv `{ workspace = true }` / `{ path = ... }`) and prints the modules that
depend on NAME, directly or not, one per line, sorted. The benchmark baseline: Python 3.11,
standard library only.
"""
from __future__ import annotations

import os
import re
import sys
import tomllib
import urllib.parse
from collections import deque

SKIP = {".venv", "venv", "node_modules", "__pycache__", "build", "dist"}


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def manifests(root: str):
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIP]
        if "pyproject.toml" in files:
            yield folder


def requirement_name(spec: str) -> str:
    return normalize(re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec).group(1))


def main() -> int:
    root, target = os.path.abspath(sys.argv[1]), normalize(sys.argv[2])
    by_folder: dict[str, str] = {}
    declared: dict[str, list[tuple[str, str | None]]] = {}  # module -> [(name, folder or None)]
    for folder in manifests(root):
        with open(os.path.join(folder, "pyproject.toml"), "rb") as f:
            doc = tomllib.load(f)
        project, poetry = doc.get("project", {}), doc.get("tool", {}).get("poetry", {})
        name = project.get("name") or poetry.get("name")
        if not name:
            continue  # a workspace root or a tool-only file
        name = normalize(name)
        by_folder[os.path.realpath(folder)] = name
        deps: list[tuple[str, str | None]] = []
        sources = {normalize(k): v for k, v in doc.get("tool", {}).get("uv", {}).get("sources", {}).items()}
        specs = list(project.get("dependencies", []))
        for group in list(project.get("optional-dependencies", {}).values()) + list(doc.get("dependency-groups", {}).values()):
            specs += [s for s in group if isinstance(s, str)]
        for spec in specs:
            dep = requirement_name(spec)
            if " @ " in spec and "file:" in spec.split(" @ ", 1)[1]:
                url = spec.split(" @ ", 1)[1].split(";")[0].strip()
                path = urllib.parse.unquote(urllib.parse.urlparse(url).path)
                deps.append((dep, os.path.realpath(os.path.join(folder, path))))
            elif dep in sources:
                source = sources[dep]
                if "path" in source:
                    deps.append((dep, os.path.realpath(os.path.join(folder, source["path"]))))
                elif source.get("workspace"):
                    deps.append((dep, None))
        tables = [poetry.get("dependencies", {}), poetry.get("dev-dependencies", {})]
        tables += [g.get("dependencies", {}) for g in poetry.get("group", {}).values()]
        for table in tables:
            for key, value in table.items():
                if isinstance(value, dict) and "path" in value:
                    deps.append((normalize(key), os.path.realpath(os.path.join(folder, value["path"]))))
        declared[name] = deps

    dependents: dict[str, set[str]] = {}
    for module, deps in declared.items():
        for dep, folder in deps:
            resolved = by_folder.get(folder) if folder else dep
            if resolved in declared:
                dependents.setdefault(resolved, set()).add(module)
    if target not in declared:
        print(f"unknown module: {target}", file=sys.stderr)
        return 2
    seen: set[str] = set()
    queue = deque([target])
    while queue:
        for parent in dependents.get(queue.popleft(), ()):
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    seen.discard(target)
    print("\n".join(sorted(seen)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
