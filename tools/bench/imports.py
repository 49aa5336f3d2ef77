#!/usr/bin/env python3
"""What reading the code's imports costs `check` (#17), on a generated monorepo with real-looking code.

    imports.py [--modules 1000] [--files 10] [--runs 10] [--binary PATH] [--out DIR]

Generates (tools/bench/generate.py, mixed style, seed 17) a monorepo of --modules modules, then
gives each module --files Python files in its package (the generator's `__init__.py` plus
`mod_NN.py` files of about 55 lines: a docstring that mentions imports, stdlib imports, the
imports of its main-group path dependencies spread over the files, a `TYPE_CHECKING` block, a
`try/except ImportError`, parenthesised and continued imports, strings and comments holding the
word import) and one test file importing its dev dependencies. Every declared edge is imported
somewhere, so `check` must find no import finding (verified). It is a copy without the `.py`
files that gives the baseline: `check` there reads no code.

Measured with hyperfine (warm file cache, `--no-refresh`, after a scan): `check` with code,
`check` without, `check --tests`, and `graph --imports --format json` against `graph --format
json` (the declared graph: no code read), whose difference is the cost of reading the imports;
`check` and `graph --imports` both with the registry's import cache emptied before each run
(cold: every file read, tokenized and its row written) and full (warm: no file opened).
Prints a Markdown table.
Python 3.11, standard library only (and hyperfine).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def package(name: str) -> str:
    return name.replace("-", "_").replace(".", "_")


def module_file(index: int, name: str, imports: list[str]) -> str:
    """One file of about 70 lines importing `imports` (package names) among stdlib imports."""
    lines = [
        f'"""{name}, part {index}.',
        "",
        "Nothing here is an import: import os, from x import y.",
        '"""',
        "from __future__ import annotations",
        "",
        "import json",
        "import os.path as osp",
        "from typing import TYPE_CHECKING, Any",
        "from collections import (",
        "    OrderedDict,",
        "    defaultdict,",
        ")",
    ]
    for position, pkg in enumerate(imports):
        if position % 3 == 0:
            lines.append(f"import {pkg}")
        elif position % 3 == 1:
            lines.append(f"from {pkg} import __version__ as _v{position}")
        else:
            lines += [f"from {pkg} import \\", f"    __version__"]
    lines += [
        "",
        "if TYPE_CHECKING:",
        "    from collections.abc import Iterator",
        "",
        "try:",
        "    import ujson as fast_json  # optional speed-up",
        "except ImportError:",
        "    fast_json = json",
        "",
        "",
        f"class Part{index}:",
        '    """A class whose docstring says: from nowhere import nothing."""',
        "",
        "    registry: dict[str, Any] = {}",
        "",
        "    def __init__(self, path: str) -> None:",
        "        self.path = osp.join('data', path)",
        "        self.counts = defaultdict(int)",
        "        self.order = OrderedDict()",
        "",
        "    def load(self) -> dict[str, Any]:",
        "        text = f'{self.path}: import {len(self.order)} rows'  # import in a comment",
        "        with open(self.path) as handle:",
        "            return json.load(handle) | {'text': text}",
        "",
        "    def rows(self) -> Iterator[str]:",
        "        for key, value in sorted(self.counts.items()):",
        "            yield f'{key}={value}'",
        "",
        "",
        f"def run_{index}(paths: list[str]) -> int:",
        "    total = 0",
        "    for path in paths:",
        f"        part = Part{index}(path)",
        "        total += len(part.load())",
        "    query = '''",
        "    import this_is_sql_not_python",
        "    SELECT 1",
        "    '''",
        "    return total + len(query)",
        "",
    ]
    return "\n".join(lines) + "\n"


def add_code(repo: Path, files: int) -> int:
    truth = json.loads((repo / ".bench" / "truth.json").read_text())
    modules = {m["name"]: m for m in truth["modules"]}
    main: dict[str, list[str]] = {name: [] for name in modules}
    dev: dict[str, list[str]] = {name: [] for name in modules}
    for edge in truth["edges"]:
        target = package(edge["to"])
        (main if edge["group"] == "main" else dev)[edge["from"]].append(target)
    written = 0
    for name, module in modules.items():
        folder = repo / module["path"] / "src" / package(name)
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "__init__.py").exists():
            (folder / "__init__.py").write_text(f'"""{name}."""\n__version__ = "0"\n')
        written += 1
        deps = sorted(set(main[name]))
        for index in range(1, files):
            share = deps[index - 1 :: files - 1] if files > 1 else deps
            (folder / f"mod_{index:02d}.py").write_text(module_file(index, name, share))
            written += 1
        tests = repo / module["path"] / "tests"
        tests.mkdir(exist_ok=True)
        dev_imports = "".join(f"import {pkg}\n" for pkg in sorted(set(dev[name])))
        (tests / f"test_{package(name)}.py").write_text(
            f"import {package(name)}\n{dev_imports}\n\ndef test_version():\n    assert {package(name)}.__version__\n"
        )
    return written


def without_code(source: Path, target: Path) -> None:
    shutil.copytree(source, target, ignore=lambda folder, names: [n for n in names if n.endswith(".py")])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--modules", type=int, default=1000)
    parser.add_argument("--files", type=int, default=10, help="Python files per module's package")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--binary", default=str(ROOT / ".build" / "release" / "trellis"))
    parser.add_argument("--out", default=str(ROOT / ".build" / "bench"))
    args = parser.parse_args()
    out = Path(args.out)
    code = out / f"imports-{args.modules}x{args.files}"
    bare = out / f"imports-{args.modules}x{args.files}-nocode"
    if not code.exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(code), "--modules", str(args.modules), "--seed", "17",
             "--style", "mixed"], check=True, stdout=subprocess.DEVNULL)
        count = add_code(code, args.files)
        print(f"wrote {count} package files in {code}", file=sys.stderr)
    if not bare.exists():
        without_code(code, bare)
    binary = args.binary
    for repo in (code, bare):
        subprocess.run([binary, "scan", "--root", str(repo)], check=True, stdout=subprocess.DEVNULL)
    package_files = sum(1 for p in code.rglob("*.py") if "/tests/" not in str(p) and "/.venv/" not in str(p))
    found = subprocess.run([binary, "check", "--tests", "--json", "--no-refresh", "--root", str(code)],
                           capture_output=True, text=True)
    codes = [d["code"] for d in json.loads(found.stdout)]
    import_codes = {"undeclared-dependency", "transitive-only-dependency", "unused-dependency", "import-cycle",
                    "duplicate-import-name"}
    wrong = [c for c in codes if c in import_codes]
    if wrong:
        print(f"check found import problems in the generated code: {sorted(set(wrong))} ({len(wrong)})", file=sys.stderr)
        return 1
    results = Path(tempfile.mkdtemp(prefix="trellis-imports-bench-"))
    # The import cache (`import_file`, one row per .py file): "cold" empties it before every run,
    # so the run reads, tokenizes and writes every file; "warm" finds every stamp unchanged and
    # opens no .py file. The OS file cache is warm in both.
    registry = code / ".trellis" / "registry.sqlite"
    empty_cache = f"sqlite3 {registry} 'DELETE FROM import_file'"
    commands = [
        ("check, no code (baseline)", f"{binary} check --no-refresh --root {bare}", None),
        (f"check ({package_files} package files), import cache cold", f"{binary} check --no-refresh --root {code}",
         empty_cache),
        (f"check ({package_files} package files), import cache warm", f"{binary} check --no-refresh --root {code}",
         None),
        ("check --tests, warm", f"{binary} check --tests --no-refresh --root {code}", None),
        ("graph --format json (baseline)", f"{binary} graph --format json --no-refresh --root {code}", None),
        ("graph --imports --format json, cold", f"{binary} graph --imports --format json --no-refresh --root {code}",
         empty_cache),
        ("graph --imports --format json, warm", f"{binary} graph --imports --format json --no-refresh --root {code}",
         None),
    ]
    rows = []
    for label, command, prepare in commands:
        export = results / "r.json"
        options = ["--prepare", prepare] if prepare else ["--warmup", "2"]
        subprocess.run(["hyperfine", "-N", "-i", *options, "--runs", str(args.runs), "--export-json",
                        str(export), command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        result = json.loads(export.read_text())["results"][0]
        times = sorted(result["times"])
        rows.append((label, times[len(times) // 2], result["user"] + result["system"]))
    print(f"| {args.modules} modules, {args.files} files each | median | CPU (user + system) |")
    print("|---|---:|---:|")
    for label, median, cpu in rows:
        print(f"| `{label}` | {median * 1000:.0f} ms | {cpu * 1000:.0f} ms |")
    medians = {label: median for label, median, _ in rows}
    for name in ("check", "graph --imports"):
        cold = next(m for label, m in medians.items() if label.startswith(name) and label.endswith("cold"))
        warm = next(m for label, m in medians.items() if label.startswith(name) and label.endswith("warm")
                    and "--tests" not in label)
        base = medians["check, no code (baseline)" if name == "check" else "graph --format json (baseline)"]
        print(f"\n{name}: cold {cold * 1000:.0f} ms, warm {warm * 1000:.0f} ms: warm is {cold / warm:.1f}x faster; "
              f"reading the imports costs {(cold - base) * 1000:.0f} ms cold, {(warm - base) * 1000:.0f} ms warm")
    print(f"\nload average: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
