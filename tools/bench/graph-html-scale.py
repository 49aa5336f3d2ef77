#!/usr/bin/env python3
"""How long `trellis graph --format html` takes, and how usable the page is, as the graph grows.

For each size N it uses the repository tools/bench/run.sh uses (.build/bench/mixed-N, made by
generate.py --style mixed --seed 1 when missing), scans it, then times the whole
`graph --format html` process (wall and CPU, median of --runs) for the binary under test and,
in the same run, for a baseline binary (--baseline, e.g. a release build from before the
layered layout; one run only above 1,000 modules, none above --baseline-max, since Graphviz's
`dot` takes minutes there). Then it opens the page in headless Chromium --runs times with
`#search=X&click=X` (X: a lib near the bottom of the graph, so the click lights up many
modules) and reads the timings the page writes into <body data-…>: page parse + script,
search, click (medians).

    tools/bench/graph-html-scale.py [--trellis .build/release/trellis] [--baseline OLD_BINARY]
        [--sizes 100,500,1000,2000,5000] [--runs 3] [--baseline-max 2000]

Prints a Markdown table (and writes it to .build/bench/results/html-scale.md).
"""
import argparse, json, os, re, resource, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BENCH = os.path.join(ROOT, ".build", "bench")


def repository(n):
    path = os.path.join(BENCH, f"mixed-{n}")
    if not os.path.exists(os.path.join(path, ".bench", "truth.json")):
        print(f"generating {path}", file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), path, "--modules", str(n), "--seed", "1",
                        "--style", "mixed", "--commits", "0", "--force"], check=True, stdout=subprocess.DEVNULL)
    return path


def timed(command):
    """Wall seconds and CPU seconds (user + system) of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def export(binary, root, html, runs, db):
    """Median wall and CPU seconds of `graph --format html` (the no-op refresh included)."""
    subprocess.run([binary, "scan", "--root", root, "--db", db], check=True, stdout=subprocess.DEVNULL)
    command = [binary, "graph", "--format", "html", "-o", html, "--root", root, "--db", db]
    results = [timed(command) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def chromium_body(html, fragment):
    profile = tempfile.mkdtemp(prefix="bench-chromium-")
    try:
        out = subprocess.run(["chromium", "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
                              f"--user-data-dir={profile}", "--dump-dom", f"file://{html}#{fragment}"],
                             capture_output=True, text=True, timeout=600).stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    body = re.search(r"<body([^>]*)>", out).group(1)
    return dict(re.findall(r'([a-z-]+)="([^"]*)"', body))


def target_lib(root):
    """A lib that many modules depend on: the first lib of the truth with the most dependents
    among the first 50, as run.sh picks its `dependents` target."""
    truth = json.load(open(os.path.join(root, ".bench", "truth.json")))
    up = {}
    for edge in truth["edges"]:
        up.setdefault(edge["to"], set()).add(edge["from"])

    def count(name):
        seen, stack = set(), [name]
        while stack:
            for parent in up.get(stack.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return len(seen)

    libs = [m["name"] for m in truth["modules"] if m["kind"] == "lib"][:50]
    return max(libs, key=lambda name: (count(name), name)), len(truth["edges"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trellis", default=os.path.join(ROOT, ".build", "release", "trellis"))
    parser.add_argument("--baseline", help="a second trellis binary timed in the same run")
    parser.add_argument("--sizes", default="100,500,1000,2000,5000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-max", type=int, default=2000)
    args = parser.parse_args()
    trellis = os.path.abspath(args.trellis)
    baseline = os.path.abspath(args.baseline) if args.baseline else None
    lines = [
        f"Binary: {trellis}; baseline: {baseline or 'none'}; medians of {args.runs}; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average "
        f"{' '.join(open('/proc/loadavg').read().split()[:3])}.",
        "",
        "| modules | edges | `graph --format html` | CPU | baseline | baseline CPU | ratio | page MB "
        "| page parse + script | search | click (lit) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    print("\n".join(lines), flush=True)
    work = tempfile.mkdtemp(prefix="bench-html-")
    try:
        for n in [int(s) for s in args.sizes.split(",")]:
            root = repository(n)
            html = os.path.join(work, f"graph-{n}.html")
            # Each binary has its own registry: an older one may not open a newer schema.
            wall, cpu = export(trellis, root, html, args.runs, os.path.join(work, f"trellis-{n}.sqlite"))
            old = "", "", ""
            if baseline and n <= args.baseline_max:
                old_html = os.path.join(work, f"baseline-{n}.html")
                old_wall, old_cpu = export(baseline, root, old_html, args.runs if n <= 1000 else 1,
                                           os.path.join(work, f"baseline-{n}.sqlite"))
                ratio = f"{old_wall / wall:.1f}× faster" if old_wall >= wall else f"{wall / old_wall:.1f}× slower"
                old = f"{old_wall:.2f} s", f"{old_cpu:.2f} s", ratio
            target, edges = target_lib(root)
            pages = []
            for _ in range(args.runs):
                body = chromium_body(html, f"search={target}&click={target}")
                assert body.get("data-ready") == "true" and body.get("data-selected") == target, body
                pages.append(body)
            median = lambda key: statistics.median(float(page[key]) for page in pages)
            line = (f"| {n} | {edges} | {wall:.2f} s | {cpu:.2f} s | {old[0]} | {old[1]} | {old[2]} | "
                    f"{os.path.getsize(html) / 1e6:.1f} | {median('data-page-ms'):.0f} ms | "
                    f"{median('data-search-ms'):.0f} ms | {median('data-click-ms'):.0f} ms ({pages[0]['data-lit']}) |")
            lines.append(line)
            print(line, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(BENCH, "results"), exist_ok=True)
    with open(os.path.join(BENCH, "results", "html-scale.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
