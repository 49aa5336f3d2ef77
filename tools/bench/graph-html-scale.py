#!/usr/bin/env python3
"""How large a graph the HTML explorer stays usable at.

Generates synthetic monorepos of N modules (Poetry path dependencies: 80% libs, 20% projects,
each module depending on 1-3 earlier ones, fixed seed), scans each with trellis, times
`trellis graph --format html`, then opens the page in headless Chromium and reads the timings
the page itself writes into <body data-…> (page parse + script, search, click).

    tools/bench/graph-html-scale.py [--trellis .build/release/trellis] [--sizes 100,500,1000,2000]
"""
import argparse, json, os, random, re, shutil, subprocess, tempfile, time

def make_repo(root, n, seed=42):
    rng = random.Random(seed)
    names = []
    for i in range(n):
        kind = "projects" if i >= n * 0.8 else "libs"
        name = f"{'app' if kind == 'projects' else 'lib'}-{i:04d}"
        names.append((kind, name))
        deps = []
        if i > 0:
            # Libs depend on earlier libs; projects on libs. Prefer recent modules, as real repos layer.
            pool = [j for j in range(min(i, int(n * 0.8)))]
            for j in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
                deps.append(names[j])
        folder = os.path.join(root, kind, name)
        os.makedirs(folder)
        lines = ["[tool.poetry]", f'name = "{name}"', 'version = "1.0.0"', "",
                 "[tool.poetry.dependencies]", 'python = "^3.11"']
        lines += [f'{d} = {{path = "../../{k}/{d}", develop = true}}' for k, d in deps]
        with open(os.path.join(folder, "pyproject.toml"), "w") as f:
            f.write("\n".join(lines) + "\n")

def chromium_dom(html, fragment):
    profile = tempfile.mkdtemp(prefix="bench-chromium-")
    try:
        started = time.monotonic()
        out = subprocess.run(["chromium", "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
                              f"--user-data-dir={profile}", "--dump-dom", f"file://{html}#{fragment}"],
                             capture_output=True, text=True, timeout=600).stdout
        wall = time.monotonic() - started
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    body = re.search(r"<body([^>]*)>", out).group(1)
    attrs = dict(re.findall(r'([a-z-]+)="([^"]*)"', body))
    return wall, attrs

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trellis", default=".build/release/trellis")
    parser.add_argument("--sizes", default="100,500,1000,2000")
    args = parser.parse_args()
    trellis = os.path.abspath(args.trellis)
    baseline_dir = tempfile.mkdtemp(prefix="bench-empty-")
    with open(os.path.join(baseline_dir, "empty.html"), "w") as f:
        f.write("<!DOCTYPE html><body></body>")
    empty_wall, _ = chromium_dom(os.path.join(baseline_dir, "empty.html"), "")
    print(f"chromium start+dump of an empty page: {empty_wall:.2f} s")
    print("| modules | edges | scan s | html export s | html MB | chromium wall s | page parse+script ms | search ms | click ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in [int(s) for s in args.sizes.split(",")]:
        root = tempfile.mkdtemp(prefix=f"bench-{n}-")
        try:
            make_repo(root, n)
            t = time.monotonic()
            subprocess.run([trellis, "scan", "--root", root], check=True, capture_output=True)
            scan = time.monotonic() - t
            html = os.path.join(root, "graph.html")
            t = time.monotonic()
            subprocess.run([trellis, "graph", "--format", "html", "-o", html, "--root", root, "--no-refresh"], check=True)
            export = time.monotonic() - t
            edges = len(json.loads(subprocess.run([trellis, "graph", "--json", "--root", root, "--no-refresh"],
                                                  check=True, capture_output=True, text=True).stdout)["edges"])
            target = "lib-0010"
            wall, attrs = chromium_dom(html, f"search={target}&click={target}")
            assert attrs.get("data-ready") == "true" and attrs.get("data-selected") == target, attrs
            print(f"| {n} | {edges} | {scan:.2f} | {export:.2f} | {os.path.getsize(html) / 1e6:.1f} | {wall:.2f} | "
                  f"{attrs['data-page-ms']} | {attrs['data-search-ms']} | {attrs['data-click-ms']} |", flush=True)
        finally:
            shutil.rmtree(root, ignore_errors=True)

if __name__ == "__main__":
    main()
