#!/usr/bin/env bash
# Installs what Trellis's test suite needs on a fresh Debian machine:
#   - Graphviz (`dot`) and git, from apt, only when missing;
#   - Chromium, from apt when missing, for the HTML explorer's browser tests (they skip with a
#     printed reason only when it cannot be installed);
#   - a Python venv at .build/e2e-venv with pinned Poetry, uv, packaging (the PEP 440 oracle), PyYAML (reads the GitLab YAML)
#     and pre-commit (runs .pre-commit-hooks.yaml) from PyPI,
#     used by the end-to-end tests (export TRELLIS_E2E_VENV=$PWD/.build/e2e-venv);
#   - the wheel of poetry-core in .build/wheels, so `trellis context` tests install a Poetry
#     project from the context offline (pip --no-index --find-links). uv needs none: it builds
#     uv_build projects with its own backend.
# Idempotent: a second run installs nothing and only prints the versions.
set -euo pipefail
cd "$(dirname "$0")/.."

POETRY_VERSION=2.5.1
UV_VERSION=0.13.9
VENV=.build/e2e-venv

export DEBIAN_FRONTEND=noninteractive
apt_updated=0
apt_install() {
    if [ "$apt_updated" = 0 ]; then
        apt-get update -qq >/dev/null
        apt_updated=1
    fi
    apt-get install -y -qq "$@" >/dev/null
}

command -v dot >/dev/null 2>&1 || apt_install graphviz
command -v git >/dev/null 2>&1 || apt_install git
# Issue 15's shell tests: a real terminal (tmux) for completion, and man-db to render the man page.
command -v tmux >/dev/null 2>&1 || apt_install tmux
command -v man >/dev/null 2>&1 || apt_install man-db
if ! command -v chromium >/dev/null 2>&1; then
    apt_install chromium || echo "chromium could not be installed; the HTML explorer's browser tests will skip" >&2
fi

have_pins() {
    [ -x "$VENV/bin/python" ] || return 1
    "$VENV/bin/python" - "$POETRY_VERSION" "$UV_VERSION" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
sys.exit(0 if (version("poetry"), version("uv"), version("packaging"), version("pyyaml")) == (sys.argv[1], sys.argv[2], "26.4", "6.0.3") else 1)
PY
}

if ! have_pins; then
    if [ ! -x "$VENV/bin/python" ]; then
        mkdir -p "$(dirname "$VENV")"
        if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
            # Debian's system python3 ships venv separately.
            rm -rf "$VENV"
            apt_install python3-venv
            python3 -m venv "$VENV"
        fi
    fi
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-input \
        "poetry==$POETRY_VERSION" "uv==$UV_VERSION" "packaging==26.4" "pyyaml==6.0.3"
fi

WHEELS=.build/wheels
POETRY_CORE_VERSION=2.5.0
if ! ls "$WHEELS"/poetry_core-"$POETRY_CORE_VERSION"-*.whl >/dev/null 2>&1; then
    "$VENV/bin/python" -m pip download -q --disable-pip-version-check --no-input --only-binary :all: --no-deps \
        -d "$WHEELS" "poetry-core==$POETRY_CORE_VERSION"
fi

# Issue 15's pre-commit hooks: real pre-commit from PyPI, pinned, in the same venv, so the tests run
# the hooks of .pre-commit-hooks.yaml as a user's `repo:` entry would (pre-commit's own swift language).
PRE_COMMIT_VERSION=4.7.0
if ! "$VENV/bin/python" -c 'import sys; from importlib.metadata import version; sys.exit(version("pre-commit") != sys.argv[1])' \
    "$PRE_COMMIT_VERSION" 2>/dev/null; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-input "pre-commit==$PRE_COMMIT_VERSION"
fi

# Issue 17's BuildBackendProvidesTests: Hatchling and setuptools at pinned versions, as wheels
# in .build/wheels (with Hatchling's dependencies), so that `uv build --no-index --find-links
# .build/wheels` builds the Hatch and setuptools cases offline with the backends the test's notes
# were checked against.
HATCHLING_VERSION=1.33.0
SETUPTOOLS_VERSION=84.2.1
if ! ls "$WHEELS"/hatchling-"$HATCHLING_VERSION"-*.whl >/dev/null 2>&1 \
    || ! ls "$WHEELS"/setuptools-"$SETUPTOOLS_VERSION"-*.whl >/dev/null 2>&1; then
    "$VENV/bin/python" -m pip download -q --disable-pip-version-check --no-input --only-binary :all: \
        -d "$WHEELS" "hatchling==$HATCHLING_VERSION" "setuptools==$SETUPTOOLS_VERSION"
fi

echo "dot: $(dot -V 2>&1)"
echo "git: $(git --version)"
echo "chromium: $(chromium --version 2>/dev/null || echo 'not installed')"
echo "poetry: $("$VENV/bin/poetry" --version --no-ansi)"
echo "uv: $("$VENV/bin/uv" --version)"
echo "pre-commit: $("$VENV/bin/pre-commit" --version)"
echo "wheels: $(cd "$WHEELS" && ls)"
