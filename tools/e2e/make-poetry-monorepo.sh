#!/usr/bin/env bash
# Builds, in OUT_DIR, a Poetry multi-project monorepo the way a user makes it,
# with the real Poetry from the e2e venv (tools/install-test-deps.sh):
#
#   libs/lib-one          poetry new; poetry add --lock --editable ../logger
#   libs/logger           poetry new
#   projects/project-one  poetry add --lock ../../libs/lib-one
#                         poetry add --lock --editable ../../libs/logger
#   projects/project-two  poetry add --lock --group dev ../../libs/lib-one
#
# then commits it all in a new git repo with a fixed author and date.
# Only path dependencies are added, so Poetry needs no network.
# Poetry's cache/config/data live in a temporary folder removed on exit, so
# the machine's home is left alone and no virtualenv lands inside OUT_DIR.
# Prints OUT_DIR (absolute) on success and nothing else; on failure the
# failing command's output goes to stderr.
# Usage: tools/e2e/make-poetry-monorepo.sh OUT_DIR   (OUT_DIR: new or empty)
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 OUT_DIR" >&2
    exit 2
fi

repo_root="$(cd "$(dirname "$0")/../.." && pwd -P)"
venv="${TRELLIS_E2E_VENV:-$repo_root/.build/e2e-venv}"
poetry="$venv/bin/poetry"
if [ ! -x "$poetry" ]; then
    echo "error: $poetry not found; run tools/install-test-deps.sh" >&2
    exit 1
fi

mkdir -p "$1"
out="$(cd "$1" && pwd -P)"
if [ -n "$(ls -A "$out")" ]; then
    echo "error: $out is not empty" >&2
    exit 1
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/trellis-poetry.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# Isolate Poetry and git from the machine's configuration.
unset POETRY_VIRTUALENVS_CREATE VIRTUAL_ENV PYTHONPATH
export POETRY_CACHE_DIR="$tmp/cache"
export POETRY_CONFIG_DIR="$tmp/config"
export POETRY_DATA_DIR="$tmp/data"
export POETRY_VIRTUALENVS_IN_PROJECT=false
export POETRY_VIRTUALENVS_PATH="$tmp/virtualenvs"
export POETRY_NO_INTERACTION=1
export NO_COLOR=1
export GIT_CONFIG_GLOBAL=/dev/null
export GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Trellis E2E"
export GIT_AUTHOR_EMAIL="e2e@trellis.invalid"
export GIT_COMMITTER_NAME="Trellis E2E"
export GIT_COMMITTER_EMAIL="e2e@trellis.invalid"
export GIT_AUTHOR_DATE="2026-01-01T00:00:00+0000"
export GIT_COMMITTER_DATE="2026-01-01T00:00:00+0000"

# run DIR CMD...: runs CMD in DIR, quiet unless it fails.
run() {
    local dir="$1"
    shift
    if ! (cd "$dir" && "$@") >"$tmp/log" 2>&1; then
        echo "error: in $dir: $*" >&2
        cat "$tmp/log" >&2
        exit 1
    fi
}

author="Trellis E2E <e2e@trellis.invalid>"
for m in libs/lib-one libs/logger projects/project-one projects/project-two; do
    run "$out" "$poetry" new --no-ansi --author "$author" --python ">=3.11" "$m"
done

# Bottom-up, as a user wires a monorepo: the library's own path dependency
# first, so the projects' locks also record lib-one's dependency on logger.
run "$out/libs/lib-one" "$poetry" add --no-ansi --lock --editable ../logger
run "$out/projects/project-one" "$poetry" add --no-ansi --lock ../../libs/lib-one
run "$out/projects/project-one" "$poetry" add --no-ansi --lock --editable ../../libs/logger
run "$out/projects/project-two" "$poetry" add --no-ansi --lock --group dev ../../libs/lib-one

run "$out" git init -q -b main
run "$out" git add -A
run "$out" git commit -q -m "Poetry monorepo made by make-poetry-monorepo.sh"

echo "$out"
