#!/usr/bin/env bash
# Checks with strace that Trellis opens nothing outside the repository root that the repository
# points it at. Builds a hostile repository (Tests/Fixtures/hostile, plus symbolic links out of
# the root to a folder of bait files, to /etc, and a link loop), commits it to git, runs every
# command under `strace -f -e trace=open,openat,openat2` (trellis and the git it starts), with git
# discovery and with --no-git, and fails when any file was opened outside the root other than the
# machine's own: shared libraries, the Swift toolchain, /proc, /sys, /dev, locale data, and git's
# system and user configuration. Prints what it found per command.
#   tools/check-reads.sh            (uses .build/debug/trellis; TRELLIS=path to choose another)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v strace >/dev/null || { echo "strace is not installed (apt-get install strace)" >&2; exit 2; }
trellis="${TRELLIS:-$PWD/.build/debug/trellis}"
[ -x "$trellis" ] || { echo "no trellis executable at $trellis (swift build first)" >&2; exit 2; }

work=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "work folder kept: $work" || trap 'rm -rf "$work"' EXIT
root="$work/repo" bait="$work/bait" logs="$work/logs"
mkdir -p "$root" "$bait/lib" "$logs"
cp -R Tests/Fixtures/hostile/. "$root/"
printf '[project]\nname = "bait"\nversion = "1.0.0"\n' >"$bait/pyproject.toml"
printf -- '-e ../bait-dependency\n' >"$bait/requirements.txt"
printf '[project]\nname = "bait-folder"\nversion = "1.0.0"\n' >"$bait/lib/pyproject.toml"
mkdir -p "$root/links/secret" "$root/links/inside"
printf '[project]\nname = "links-inside"\nversion = "1.0.0"\n' >"$root/links/inside/pyproject.toml"
ln -s "$bait/pyproject.toml" "$root/links/secret/pyproject.toml"
ln -s "$bait/requirements.txt" "$root/links/inside/requirements.txt"
ln -s "$bait/lib" "$root/links/folder"
ln -s /etc "$root/links/etc"
ln -s ../inside "$root/links/inside/loop"
printf -- '-r ../links/etc/passwd\n-r ../../links/etc/shadow\n-r ../../../bait/requirements.txt\n-r %s/requirements.txt\n-e %s\n' \
    "$bait" "$bait" >"$root/paths/escaper/requirements-dev.txt"
# Every way a manifest can name the bait folder: absolute, relative out of the root, a URL.
mkdir -p "$root/paths/bait-user"
cat >"$root/paths/bait-user/pyproject.toml" <<TOML
[project]
name = "bait-user"
version = "1.0.0"
dependencies = ["bait @ file://$bait", "up @ file:../../../bait", "lib @ file://$bait/lib"]

[tool.uv.sources]
bait = { path = "$bait" }
[tool.setuptools.dynamic]
optional-dependencies.x = { file = ["../../../bait/requirements.txt"] }
TOML
git -C "$root" init -q
git -C "$root" add -A
git -C "$root" -c user.name=check -c user.email=check@example.com commit -qm "hostile"

commands=(
    "scan" "scan --rebuild" "modules" "show app" "show escaper --json" "dependents escaper -t"
    "dependencies app -t --external" "graph" "graph --format mermaid" "graph --format json"
    "graph --format svg" "graph --format html" "check" "cycles" "order --levels" "why app quote"
    "affected --files paths/escaper/requirements.txt" "affected --since HEAD" "import-git"
    "history app" "diff HEAD HEAD" "doctor" "scan --no-git" "modules --no-git"
)
failed=0
for index in "${!commands[@]}"; do
    command=${commands[$index]}
    # shellcheck disable=SC2086
    (cd "$root" && strace -f -qq -e trace=open,openat,openat2,execve -o "$logs/$index" "$trellis" $command --root "$root" \
        >/dev/null 2>&1) || true
    python3 - "$logs/$index" "$root" "$bait" "$(cd "$(dirname "$trellis")" && pwd -P)" "$HOME" "$command" <<'PY' || failed=1
import os, re, sys
log, root, bait, build, home, command = sys.argv[1:]
root, bait = os.path.realpath(root), os.path.realpath(bait)
allowed = ("/usr/", "/lib/", "/lib64/", "/opt/", "/proc/", "/sys/", "/dev/", "/etc/ld.so.",
           "/etc/gitconfig", "/etc/gitignore", "/etc/gitattributes", "/etc/localtime",
           "/etc/nsswitch.conf", build + "/", home + "/.gitconfig", home + "/.config/git/")
# Files of the machine that no repository names: Graphviz's font caches (graph --format svg runs
# dot, whose threads open them), and the user database, which libc reads for any owner lookup
# (Foundation's file attributes, which GRDB asks for the registry file; git). The bait folder
# is what the repository names.
allowed += (home + "/.cache/fontconfig/", home + "/.fontconfig/", "/var/cache/fontconfig/",
            "/etc/fonts/", "/etc/locale.alias", "/etc/passwd", "/etc/group")
program = {}
opened, outside, hostile = set(), set(), set()
for line in open(log, errors="replace"):
    pid = line.split(" ", 1)[0]
    execve = re.search(r'execve\("([^"]*)".*\) = 0$', line.strip())
    if execve:
        program[pid] = os.path.basename(execve.group(1))
        continue
    match = re.search(r'open(?:at2?)?\((?:[^,]*, )?"((?:[^"\\]|\\.)*)"', line)
    if not match:
        continue
    path = match.group(1)
    # Relative paths are the work tree's: trellis and git run in the root.
    # Symbolic links resolved: a read through a link inside the root is a read of its target.
    absolute = os.path.realpath(path if path.startswith("/") else os.path.join(root, path))
    opened.add(absolute)
    if absolute == root or absolute.startswith(root + "/"):
        continue
    if absolute.startswith(bait) or absolute == "/etc/shadow":
        hostile.add(f"{absolute} (by {program.get(pid, '?')})")
    elif not absolute.startswith(allowed):
        outside.add(f"{absolute} (by {program.get(pid, '?')})")
status = "ok" if not (outside or hostile) else "FAIL"
print(f"{status}  trellis {command}: {len(opened)} files opened, {len(hostile)} hostile targets, {len(outside)} other outside the root")
for path in sorted(hostile | outside):
    print(f"      {path}")
sys.exit(0 if status == "ok" else 1)
PY
done
echo "commands: ${#commands[@]}; $([ "$failed" = 0 ] && echo "nothing outside the root was opened" || echo "SOME OPENED FILES OUTSIDE THE ROOT")"
exit "$failed"
