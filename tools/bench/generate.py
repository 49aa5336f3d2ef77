#!/usr/bin/env python3
"""Seeded generator of synthetic Python monorepos for Trellis benchmarks.

    generate.py OUT --modules N --seed S [--style poetry|uv|mixed] [--commits K] [--locks poetry2|every|none]

Writes OUT as a git repository (fixed author and dates, so the same arguments give the same
commits): libs in layers under libs/<domain>/<name> (a lib depends only on libs of lower
layers), projects under projects/<name> on top, realistic manifests (external requirements,
dev groups), noise files (README.md, src/, tests/), decoy .venv folders holding a
pyproject.toml that must not count (ignored through .gitignore), and one untracked module that
must be found. With --commits K, K further commits each edit one manifest (add or remove an
edge, bump a version). OUT/.bench/truth.json holds the expected modules, edges and events.

Styles (per module, drawn from the seed):
  poetry  Poetry classic `{path = "../..", develop = true}` and Poetry 2 PEP 621
          `x @ file:///ABS` + `[tool.poetry.dependencies] x = {develop = true}` + a poetry.lock
          with the relative url, half and half.
  uv      one uv workspace: a virtual root `[tool.uv.workspace] members = ["libs/*/*",
          "projects/*"]`, members with `x = { workspace = true }`. No external requirements, so
          that `uv lock --offline` resolves it with an empty cache (see docs/BENCHMARKS.md).
  mixed   Poetry classic, Poetry 2 and uv `{ path = "../..", editable = true }` (no workspace).

Lock files (--locks): `poetry2` (the default) writes a poetry.lock for each Poetry 2 project,
as Poetry 2 needs one to install; `every` writes one in every module (the same layout: every
path package the module reaches), the worst case of lock files for a scan's reading and memory;
`none` writes no lock file (the same manifests, to measure what the locks cost).

Python 3.11, standard library only.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

DOMAINS = ["data", "features", "models", "training", "serving", "eval", "infra", "nlp", "vision", "common"]
WORDS = ["loader", "store", "schema", "tokenizer", "metrics", "tracker", "registry", "cache", "client",
         "pipeline", "transforms", "encoder", "sampler", "utils", "config", "io", "monitor", "embedder",
         "validator", "splitter", "augment", "labeler", "scorer", "export"]
PROJECT_WORDS = ["train", "serve", "batch", "etl", "report", "backfill", "notebook", "api", "worker", "eval"]
EXTERNALS = [
    ("numpy", ">=1.26"), ("pandas", ">=2.1"), ("torch", ">=2.2"), ("scikit-learn", ">=1.4"),
    ("pydantic", ">=2.5"), ("requests", ">=2.31"), ("pyyaml", ">=6.0"), ("boto3", ">=1.34"),
    ("fastapi", ">=0.110"), ("mlflow", ">=2.10"), ("pyarrow", ">=15.0"), ("transformers", ">=4.38"),
    ("sqlalchemy", ">=2.0"), ("click", ">=8.1"), ("tqdm", ">=4.66"), ("scipy", ">=1.12"),
]
DEV_EXTERNALS = [("pytest", ">=8.0"), ("ruff", ">=0.3"), ("mypy", ">=1.8"), ("pytest-cov", ">=4.1")]
AUTHOR = "Bench Bot <bench@example.com>"
EPOCH = 1_700_000_000  # fixed commit dates: 2023-11-14, one hour apart


def normalize(name: str) -> str:
    """PEP 503 normalization."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass
class Module:
    name: str            # normalized name
    spelled: str         # the name as the module's own manifest spells it
    path: str            # relative to the root, POSIX
    kind: str            # lib | project
    layer: int
    style: str           # poetry-classic | poetry2 | uv-workspace | uv-path
    version: str = "0.1.0"
    deps: dict[str, str] = field(default_factory=dict)   # target name -> group (main | dev)
    externals: list[tuple[str, str]] = field(default_factory=list)
    dev_externals: list[tuple[str, str]] = field(default_factory=list)


class Repo:
    def __init__(self, out: Path, modules: int, seed: int, style: str, locks: str = "poetry2"):
        self.out = out
        self.rng = random.Random(seed)
        self.style = style
        self.locks = locks
        self.modules: dict[str, Module] = {}
        self.order: list[str] = []
        self.frozen: set[str] = set()  # modules history never edits (the untracked one)
        self.build(modules)

    # -- the graph ---------------------------------------------------------------------------
    def pick_style(self) -> str:
        if self.style == "uv":
            return "uv-workspace"
        if self.style == "poetry":
            return self.rng.choice(["poetry-classic", "poetry2"])
        return self.rng.choice(["poetry-classic", "poetry2", "uv-path"])

    def build(self, count: int) -> None:
        rng = self.rng
        n_projects = max(2, count // 5)
        n_libs = count - n_projects
        layers = max(3, min(12, round(n_libs ** 0.33)))
        by_layer: list[list[str]] = [[] for _ in range(layers)]
        for i in range(n_libs):
            domain = DOMAINS[i % len(DOMAINS)]
            base = f"{domain}-{WORDS[rng.randrange(len(WORDS))]}-{i:05d}"
            layer = min(layers - 1, i * layers // n_libs)
            style = self.pick_style()
            # One Poetry-classic lib in ten spells its own name with underscores and capitals:
            # the graph must still find it by its PEP 503 name.
            spelled = base.replace("-", "_").title() if style == "poetry-classic" and rng.random() < 0.1 else base
            m = Module(normalize(base), spelled, f"libs/{domain}/{base}", "lib", layer, style)
            self.add(m)
            by_layer[layer].append(m.name)
        for i in range(n_projects):
            base = f"{PROJECT_WORDS[i % len(PROJECT_WORDS)]}-{WORDS[rng.randrange(len(WORDS))]}-{i:05d}"
            self.add(Module(base, base, f"projects/{base}", "project", layers, self.pick_style()))
        for name in self.order:
            m = self.modules[name]
            lower = [x for layer in by_layer[: m.layer] for x in layer]
            if lower:
                # Mostly the layers just below, sometimes anything lower: deep, realistic closures.
                near = [x for layer in by_layer[max(0, m.layer - 2): m.layer] for x in layer]
                want = rng.randint(1, 3) if m.kind == "lib" else rng.randint(2, 6)
                for _ in range(want):
                    target = rng.choice(near if rng.random() < 0.8 else lower)
                    m.deps.setdefault(target, "main")
                if rng.random() < 0.3:
                    m.deps.setdefault(rng.choice(lower), "dev")
            if self.style != "uv":
                m.externals = sorted(rng.sample(EXTERNALS, rng.randint(1, 4)))
                m.dev_externals = sorted(rng.sample(DEV_EXTERNALS, rng.randint(1, 2)))

    def add(self, m: Module) -> None:
        self.modules[m.name] = m
        self.order.append(m.name)

    def closure(self, name: str) -> list[str]:
        """What a poetry.lock of `name` lists: its own path deps (any group), then their main
        deps, transitively (Poetry installs a dependency's main group only)."""
        seen: set[str] = set()
        stack = list(self.modules[name].deps)
        while stack:
            x = stack.pop()
            if x not in seen:
                seen.add(x)
                stack.extend(t for t, g in self.modules[x].deps.items() if g == "main")
        return sorted(seen)

    # -- files -------------------------------------------------------------------------------
    def rel(self, frm: Module, to: Module) -> str:
        return os.path.relpath(to.path, frm.path).replace(os.sep, "/")

    def file_url(self, to: Module) -> str:
        return "file://" + urllib.parse.quote(str((self.out / to.path).resolve()))

    def manifest(self, m: Module) -> str:
        main = [t for t, g in sorted(m.deps.items()) if g == "main"]
        dev = [t for t, g in sorted(m.deps.items()) if g == "dev"]
        mods = self.modules
        desc = f"{m.kind.capitalize()} {m.name} of the synthetic benchmark monorepo."
        out: list[str] = []
        if m.style == "poetry-classic":
            out += ["[tool.poetry]", f'name = "{m.spelled}"', f'version = "{m.version}"',
                    f'description = "{desc}"', f'authors = ["{AUTHOR}"]', 'readme = "README.md"',
                    f'packages = [{{include = "{m.name.replace("-", "_")}", from = "src"}}]', "",
                    "[tool.poetry.dependencies]", 'python = "^3.11"']
            out += [f'{mods[t].spelled} = {{path = "{self.rel(m, mods[t])}", develop = true}}' for t in main]
            out += [f'{p} = "{s.replace(">=", "^")}"' for p, s in m.externals]
            out += ["", "[tool.poetry.group.dev.dependencies]"]
            out += [f'{mods[t].spelled} = {{path = "{self.rel(m, mods[t])}", develop = true}}' for t in dev]
            out += [f'{p} = "{s.replace(">=", "^")}"' for p, s in m.dev_externals]
            out += ["", "[build-system]", 'requires = ["poetry-core"]', 'build-backend = "poetry.core.masonry.api"']
        else:
            out += ["[project]", f'name = "{m.spelled}"', f'version = "{m.version}"',
                    f'description = "{desc}"', 'readme = "README.md"', 'requires-python = ">=3.11"',
                    f'authors = [{{name = "Bench Bot", email = "bench@example.com"}}]', "dependencies = ["]
            if m.style == "poetry2":
                out += [f'    "{t} @ {self.file_url(mods[t])}",' for t in main]
            else:
                out += [f'    "{t}",' for t in main]
            out += [f'    "{p}{s}",' for p, s in m.externals]
            out += ["]", "", "[dependency-groups]", "dev = ["]
            if m.style == "poetry2":
                out += [f'    "{t} @ {self.file_url(mods[t])}",' for t in dev]
            else:
                out += [f'    "{t}",' for t in dev]
            out += [f'    "{p}{s}",' for p, s in m.dev_externals]
            out += ["]", ""]
            if m.style == "poetry2":
                # What `poetry add --editable` writes besides the URL (FACTS.md, Poetry 2.5.1).
                if main:
                    out += ["[tool.poetry.dependencies]"] + [f"{t} = {{develop = true}}" for t in main] + [""]
                if dev:
                    out += ["[tool.poetry.group.dev.dependencies]"] + [f"{t} = {{develop = true}}" for t in dev] + [""]
                out += ["[build-system]", 'requires = ["poetry-core>=2.0.0,<3.0.0"]',
                        'build-backend = "poetry.core.masonry.api"']
            else:
                if m.deps:
                    out += ["[tool.uv.sources]"]
                    for t in sorted(m.deps):
                        if m.style == "uv-workspace":
                            out.append(f"{t} = {{ workspace = true }}")
                        else:
                            out.append(f'{t} = {{ path = "{self.rel(m, mods[t])}", editable = true }}')
                    out.append("")
                out += ["[build-system]", 'requires = ["hatchling"]', 'build-backend = "hatchling.build"']
        out += ["", "[tool.ruff]", "line-length = 100", ""]
        return "\n".join(out)

    def lock(self, m: Module) -> str:
        """A Poetry 2 lock of a Poetry 2 project: every path package it reaches, url relative."""
        out = ["# This file is automatically @generated by Poetry 2.5.1 and should not be changed by hand.", ""]
        for t in self.closure(m.name):
            dep = self.modules[t]
            out += ["[[package]]", f'name = "{t}"', f'version = "{dep.version}"', 'description = ""',
                    'optional = false', 'python-versions = ">=3.11"',
                    f'groups = ["{m.deps.get(t, "main")}"]', "files = []",
                    f"develop = {'true' if t in m.deps else 'false'}", ""]
            # Each locked package's own main dependencies, as Poetry 2.5.1 writes them (FACTS.md).
            own = [u for u, g in sorted(dep.deps.items()) if g == "main"]
            if own:
                out += ["[package.dependencies]"]
                out += [f'{u} = {{path = "{self.rel(dep, self.modules[u])}", develop = true}}' for u in own] + [""]
            out += ["[package.source]",
                    'type = "directory"', f'url = "{self.rel(m, dep)}"', ""]
        out += ["[metadata]", 'lock-version = "2.1"', 'python-versions = ">=3.11"',
                'content-hash = "0000000000000000000000000000000000000000000000000000000000000000"', ""]
        return "\n".join(out)

    def write_module(self, m: Module) -> list[str]:
        """Writes the module's manifest (and lock); returns the paths written, relative."""
        folder = self.out / m.path
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "pyproject.toml").write_text(self.manifest(m))
        written = [f"{m.path}/pyproject.toml"]
        if self.locks == "every" or (self.locks == "poetry2" and m.style == "poetry2" and m.kind == "project"):
            (folder / "poetry.lock").write_text(self.lock(m))
            written.append(f"{m.path}/poetry.lock")
        return written

    def write_noise(self, m: Module) -> None:
        folder = self.out / m.path
        pkg = m.name.replace("-", "_")
        (folder / "README.md").write_text(f"# {m.name}\n\nPart of the benchmark monorepo.\n")
        (folder / "src" / pkg).mkdir(parents=True, exist_ok=True)
        (folder / "src" / pkg / "__init__.py").write_text(f'"""{m.name}."""\n__version__ = "{m.version}"\n')
        (folder / "tests").mkdir(exist_ok=True)
        (folder / "tests" / f"test_{pkg}.py").write_text(f"import {pkg}\n\n\ndef test_version():\n    assert {pkg}.__version__\n")
        if self.rng.random() < 0.05:
            # A decoy: an installed package's own pyproject inside a virtualenv. Never a module.
            decoy = folder / ".venv" / "lib" / "python3.11" / "site-packages" / f"decoy_{pkg}"
            decoy.mkdir(parents=True, exist_ok=True)
            (decoy / "pyproject.toml").write_text(f'[project]\nname = "decoy-{m.name}"\nversion = "9.9.9"\n')

    def write_all(self) -> None:
        for name in self.order:
            self.write_module(self.modules[name])
            self.write_noise(self.modules[name])
        (self.out / ".gitignore").write_text(".venv/\n__pycache__/\n.trellis/\n.bench/\n")
        root = ["[tool.trellis]", 'libs = ["libs/*/*"]', 'projects = ["projects/*"]', ""]
        if self.style == "uv":
            root = ["[tool.uv.workspace]", 'members = ["libs/*/*", "projects/*"]', ""] + root
        (self.out / "pyproject.toml").write_text("\n".join(root))
        (self.out / "README.md").write_text("# Synthetic monorepo\n\nGenerated by tools/bench/generate.py.\n")

    # -- history -----------------------------------------------------------------------------
    def evolve(self) -> tuple[Module, dict]:
        """Edits one module's model: add or remove an edge, or bump its version. Returns the event."""
        rng = self.rng
        while True:
            m = self.modules[rng.choice(self.order)]
            if m.name in self.frozen:
                continue
            roll = rng.random()
            if roll < 0.4:
                lower = [x for x in self.order if self.modules[x].layer < m.layer and x not in m.deps]
                if not lower:
                    continue
                t = rng.choice(lower)
                m.deps[t] = "main"
                return m, {"event": "edge-added", "module": m.name, "target": t}
            if roll < 0.7:
                if len(m.deps) < 2:
                    continue
                t = rng.choice(sorted(m.deps))
                del m.deps[t]
                return m, {"event": "edge-removed", "module": m.name, "target": t}
            major, minor, patch = (int(x) for x in m.version.split("."))
            old, m.version = m.version, f"{major}.{minor}.{patch + 1}"
            return m, {"event": "version-changed", "module": m.name, "from": old, "to": m.version}

    def truth(self, events: list[dict], untracked: list[str]) -> dict:
        mods = [self.modules[n] for n in self.order]
        return {
            "style": self.style,
            "modules": sorted(({"name": m.name, "path": m.path, "kind": m.kind, "version": m.version}
                               for m in mods), key=lambda x: x["name"]),
            "edges": sorted(({"from": m.name, "to": t, "group": g} for m in mods for t, g in m.deps.items()),
                            key=lambda e: (e["from"], e["to"])),
            "untracked": untracked,
            "events": events,
        }


def git(out: Path, *args: str, date: int | None = None) -> str:
    env = dict(os.environ)
    env.update({"GIT_AUTHOR_NAME": "Bench Bot", "GIT_AUTHOR_EMAIL": "bench@example.com",
                "GIT_COMMITTER_NAME": "Bench Bot", "GIT_COMMITTER_EMAIL": "bench@example.com"})
    if date is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{date} +0000"
    return subprocess.run(["git", "-C", str(out), *args], check=True, env=env,
                          capture_output=True, text=True).stdout.strip()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--modules", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--style", choices=["poetry", "uv", "mixed"], default="mixed")
    ap.add_argument("--commits", type=int, default=0)
    ap.add_argument("--locks", choices=["poetry2", "every", "none"], default="poetry2",
                    help="which modules get a poetry.lock: Poetry 2 projects (default), every module, or none")
    ap.add_argument("--force", action="store_true", help="replace OUT if it exists")
    args = ap.parse_args()
    if args.modules < 3:
        ap.error("--modules must be at least 3")
    out: Path = args.out.absolute()
    if out.exists():
        if not args.force:
            ap.error(f"{out} exists (use --force to replace it)")
        shutil.rmtree(out)
    out.mkdir(parents=True)

    # The last module is kept out of git: an untracked manifest that a scan must still find.
    repo = Repo(out, args.modules, args.seed, args.style, args.locks)
    repo.write_all()
    untracked = repo.modules[repo.order[-1]]
    if untracked.kind != "project" or any(untracked.name in m.deps for m in repo.modules.values()):
        sys.exit("internal error: the last module must be a project nobody depends on")
    repo.frozen.add(untracked.name)
    git(out, "init", "-q", "-b", "main")
    git(out, "config", "commit.gpgsign", "false")
    git(out, "add", "-A")
    git(out, "reset", "-q", "--", untracked.path)
    git(out, "commit", "-q", "-m", f"Synthetic monorepo: {args.modules} modules, seed {args.seed}", date=EPOCH)

    # History through one `git fast-import` stream: thousands of commits in one process. The
    # working tree is written as we go, so it ends equal to the last commit.
    events: list[dict] = []
    stream = bytearray()
    for i in range(args.commits):
        m, event = repo.evolve()
        message = f"{event['event']}: {m.name} {event.get('target', event.get('to', ''))}\n".encode()
        stamp = f"{EPOCH + 3600 * (i + 1)} +0000"
        stream += f"commit refs/heads/main\nmark :{i + 1}\n".encode()
        stream += f"author {AUTHOR} {stamp}\ncommitter {AUTHOR} {stamp}\n".encode()
        stream += f"data {len(message)}\n".encode() + message
        if i == 0:
            stream += b"from refs/heads/main^0\n"
        for path in repo.write_module(m):
            content = (out / path).read_bytes()
            stream += f"M 100644 inline {path}\ndata {len(content)}\n".encode() + content + b"\n"
        events.append(event)
    if events:
        marks = out / ".git" / "bench-marks"
        subprocess.run(["git", "-C", str(out), "fast-import", "--quiet", f"--export-marks={marks}"],
                       input=bytes(stream), check=True)
        sha = dict(line.split() for line in marks.read_text().splitlines())
        marks.unlink()
        for i, event in enumerate(events):
            event["commit"] = sha[f":{i + 1}"]
        git(out, "reset", "-q")  # the index follows HEAD; the work tree already does

    (out / ".bench").mkdir()
    (out / ".bench" / "truth.json").write_text(json.dumps(repo.truth(events, [untracked.path]), indent=1) + "\n")
    print(f"{out}: {len(repo.modules)} modules, "
          f"{sum(len(m.deps) for m in repo.modules.values())} edges, {len(events)} history commits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
