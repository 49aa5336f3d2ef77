#!/usr/bin/env bash
# Builds, in OUT_DIR, the fixture Tests/Fixtures/lock-drift: lock files made by the real uv and
# Poetry from the e2e venv (tools/install-test-deps.sh), then manifests edited by hand without
# locking again, which is how a lock drifts:
#
#   uv/                     virtual uv workspace root (uv.lock for every member)
#     libs/core, libs/extra, libs/util        uv init --lib
#     apps/app              uv add core extra; then `extra` removed from [project] dependencies
#                           and `util` added (a [tool.uv.sources] entry too) by hand: the lock
#                           has app -> extra, the manifest app -> util
#     apps/dyn              uv add core, --optional cli extra; then its lists replaced by
#                           `dynamic = ["dependencies", "optional-dependencies"]` from a build
#                           backend plugin Trellis does not read (uv locks what the backend
#                           gives, so the lock keeps these edges)
#   poetry/                 Poetry 2 projects, each with its own poetry.lock
#     libs/logger, libs/lib-one               poetry new; lib-one: poetry add --editable ../logger
#     libs/stale            poetry new
#     apps/svc              poetry add --editable ../../libs/lib-one, poetry add ../../libs/stale;
#                           then `stale` removed from [project] dependencies by hand, and
#                           [tool.poetry.dependencies] logger = {path = …} added by hand (Poetry
#                           ignores it: [project] dependencies does not list logger)
#
# pdm/ is written by hand (PDM is not in the venv): see LockDriftTests.
# Every command runs offline (only workspace/path dependencies). Prints OUT_DIR on success.
# Usage: tools/e2e/make-lock-drift.sh OUT_DIR   (OUT_DIR: new or empty)
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 OUT_DIR" >&2
    exit 2
fi
repo_root="$(cd "$(dirname "$0")/../.." && pwd -P)"
venv="${TRELLIS_E2E_VENV:-$repo_root/.build/e2e-venv}"
uv="$venv/bin/uv" poetry="$venv/bin/poetry"
mkdir -p "$1"
out="$(cd "$1" && pwd -P)"
if [ -n "$(ls -A "$out")" ]; then
    echo "error: $out is not empty" >&2
    exit 1
fi
tmp="$(mktemp -d "${TMPDIR:-/tmp}/trellis-lock.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
unset VIRTUAL_ENV UV_PROJECT_ENVIRONMENT UV_PROJECT UV_WORKING_DIR UV_CONFIG_FILE
export UV_CACHE_DIR="$tmp/uv-cache" UV_PYTHON_DOWNLOADS=never UV_OFFLINE=1 UV_NO_PROGRESS=1 NO_COLOR=1
export POETRY_CACHE_DIR="$tmp/poetry-cache" POETRY_VIRTUALENVS_PATH="$tmp/venvs"
export POETRY_NO_INTERACTION=1 POETRY_VIRTUALENVS_PREFER_ACTIVE_PYTHON=true

# uv
mkdir -p "$out/uv"
cd "$out/uv"
printf '[tool.uv.workspace]\nmembers = ["libs/*", "apps/*"]\n' > pyproject.toml
for lib in core extra util; do
    "$uv" init -q --lib --vcs none --no-readme --author-from none "libs/$lib"
done
for app in app dyn; do
    "$uv" init -q --lib --vcs none --no-readme --author-from none "apps/$app"
done
(cd apps/app && "$uv" add -q --no-sync core extra)
(cd apps/dyn && "$uv" add -q --no-sync core && "$uv" add -q --no-sync --optional cli extra)
"$uv" lock -q
python3 - <<'PY'
import re, pathlib
app = pathlib.Path("apps/app/pyproject.toml")
text = app.read_text()
text = text.replace('    "extra",\n', '    "util",\n')
text = text.replace("extra = { workspace = true }", "util = { workspace = true }")
app.write_text(text)
dyn = pathlib.Path("apps/dyn/pyproject.toml")
text = dyn.read_text()
text = re.sub(r'dependencies = \[\n(    .*\n)*\]\n', '', text, count=1)
text = re.sub(r'\[project.optional-dependencies\]\ncli = \[\n(    .*\n)*\]\n\n', '', text)
text = text.replace('requires-python = ">=3.11"\n', 'requires-python = ">=3.11"\ndynamic = ["dependencies", "optional-dependencies"]\n')
text = re.sub(r'\[build-system\]\n(.*\n)*?\n', '[build-system]\nrequires = ["hatchling", "acme-deps-plugin"]\nbuild-backend = "acme_deps.backend"\n\n', text)
dyn.write_text(text)
PY

# Poetry
mkdir -p "$out/poetry"
cd "$out/poetry"
for lib in libs/logger libs/lib-one libs/stale apps/svc; do
    "$poetry" new -q --author "Trellis E2E <e2e@trellis.invalid>" --python ">=3.11" "$lib"
done
(cd libs/lib-one && "$poetry" add -q --lock --editable ../logger)
(cd apps/svc && "$poetry" add -q --lock --editable ../../libs/lib-one && "$poetry" add -q --lock ../../libs/stale)
python3 - <<'PY'
import pathlib, re
svc = pathlib.Path("apps/svc/pyproject.toml")
text = svc.read_text()
text = re.sub(r',\n    "stale @ file://[^"]*"', '', text)
text = text.replace("lib-one = {develop = true}\n", 'lib-one = {develop = true}\nlogger = {path = "../../libs/logger", develop = true}\n')
svc.write_text(text)
PY
find "$out" -name '.gitignore' -o -name '.python-version' -o -name 'README.md' -o -name '*.py' -o -name 'py.typed' | xargs rm -f
find "$out" -depth -type d -empty -delete
echo "$out"
