#!/usr/bin/env bash
# Builds, in OUT_DIR, a uv workspace the way a user makes it, with the real
# uv from the e2e venv (tools/install-test-deps.sh):
#
#   pyproject.toml          nameless (virtual) workspace root: [tool.uv.workspace]
#   libs/lib-one            uv init --lib;     uv add logger           (member)
#   libs/logger             uv init --lib
#   projects/app            uv init --package; uv add lib-one          (member)
#                                              uv add --dev --editable ../../libs/logger
#   projects/standalone     uv init --lib --no-workspace (not a member, own uv.lock)
#                           uv add --editable ../../libs/logger
#                           uv add ../../libs/lib-one
#
# then commits it all in a new git repo with a fixed author and date.
# Every uv command runs --offline (only workspace/path dependencies) and
# --no-sync, so no .venv is made. uv's cache lives in a temporary folder
# removed on exit. Prints OUT_DIR (absolute) on success and nothing else.
# Usage: tools/e2e/make-uv-workspace.sh OUT_DIR   (OUT_DIR: new or empty)
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 OUT_DIR" >&2
    exit 2
fi

repo_root="$(cd "$(dirname "$0")/../.." && pwd -P)"
venv="${TRELLIS_E2E_VENV:-$repo_root/.build/e2e-venv}"
uv="$venv/bin/uv"
if [ ! -x "$uv" ]; then
    echo "error: $uv not found; run tools/install-test-deps.sh" >&2
    exit 1
fi

mkdir -p "$1"
out="$(cd "$1" && pwd -P)"
if [ -n "$(ls -A "$out")" ]; then
    echo "error: $out is not empty" >&2
    exit 1
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/trellis-uv.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

unset VIRTUAL_ENV UV_PROJECT_ENVIRONMENT UV_PROJECT UV_WORKING_DIR UV_CONFIG_FILE
export UV_CACHE_DIR="$tmp/cache"
export UV_PYTHON_DOWNLOADS=never
export UV_OFFLINE=1
export UV_NO_PROGRESS=1
export NO_COLOR=1
export GIT_CONFIG_GLOBAL=/dev/null
export GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Trellis E2E"
export GIT_AUTHOR_EMAIL="e2e@trellis.invalid"
export GIT_COMMITTER_NAME="Trellis E2E"
export GIT_COMMITTER_EMAIL="e2e@trellis.invalid"
export GIT_AUTHOR_DATE="2026-01-01T00:00:00+0000"
export GIT_COMMITTER_DATE="2026-01-01T00:00:00+0000"

run() {
    local dir="$1"
    shift
    if ! (cd "$dir" && "$@") >"$tmp/log" 2>&1; then
        echo "error: in $dir: $*" >&2
        cat "$tmp/log" >&2
        exit 1
    fi
}

init=(init --vcs none --author-from none --no-pin-python)

# A nameless workspace root: uv init adds each new project under it as a member.
printf '[tool.uv.workspace]\nmembers = []\n' >"$out/pyproject.toml"
run "$out" "$uv" "${init[@]}" --lib libs/lib-one
run "$out" "$uv" "${init[@]}" --lib libs/logger
run "$out" "$uv" "${init[@]}" --package projects/app
run "$out" "$uv" "${init[@]}" --lib --no-workspace projects/standalone

run "$out/libs/lib-one" "$uv" add --no-sync logger
run "$out/projects/app" "$uv" add --no-sync lib-one
run "$out/projects/app" "$uv" add --no-sync --dev --editable ../../libs/logger
run "$out/projects/standalone" "$uv" add --no-sync --editable ../../libs/logger
run "$out/projects/standalone" "$uv" add --no-sync ../../libs/lib-one

run "$out" git init -q -b main
run "$out" git add -A
run "$out" git commit -q -m "uv workspace made by make-uv-workspace.sh"

echo "$out"
