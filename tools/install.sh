#!/usr/bin/env bash
# Builds a release `trellis` and installs it under PREFIX (default /usr/local; PREFIX= in the
# environment too):
#   PREFIX/bin/trellis
#   PREFIX/share/man/man1/trellis.1                         (tools/generate-manual, from --help)
#   PREFIX/share/bash-completion/completions/trellis        (--generate-completion-script)
#   PREFIX/share/zsh/site-functions/_trellis
#   PREFIX/share/fish/vendor_completions.d/trellis.fish
# Needs Swift 6.1 or newer and SQLite's headers (libsqlite3-dev on Debian and Ubuntu).
# On Linux the Swift runtime and Foundation are linked into the binary (--static-swift-stdlib):
# it then runs on a machine without Swift and starts faster (README, "Install").
# TRELLIS_BINARY=path/to/trellis installs that binary instead of building one (a binary built
# already, or a cached one); the man page and completions are then made from it.
# Usage: tools/install.sh [PREFIX]
set -euo pipefail
prefix="${1:-${PREFIX:-/usr/local}}"
# Relative paths are the caller's: make them absolute before moving to the checkout.
case "$prefix" in /*) ;; *) prefix="$PWD/$prefix" ;; esac
case "${TRELLIS_BINARY:-/}" in /*) ;; *) TRELLIS_BINARY="$PWD/$TRELLIS_BINARY" ;; esac
cd "$(dirname "$0")/.."

if [ -n "${TRELLIS_BINARY:-}" ]; then
    bin="$TRELLIS_BINARY"
    if ! [ -x "$bin" ]; then
        echo "install.sh: TRELLIS_BINARY=$bin is not an executable file" >&2
        exit 2
    fi
else
    if ! command -v swift >/dev/null 2>&1; then
        echo "install.sh: swift is not on PATH; install Swift 6.1 or newer (swift.org/install)" >&2
        exit 2
    fi
    if [ "$(uname -s)" = Linux ] && ! [ -e /usr/include/sqlite3.h ]; then
        echo "install.sh: SQLite's headers are missing; on Debian or Ubuntu: apt-get install libsqlite3-dev" >&2
        exit 2
    fi
    flags=(-c release --product trellis)
    [ "$(uname -s)" = Linux ] && flags+=(--static-swift-stdlib)
    swift build "${flags[@]}"
    bin="$(swift build "${flags[@]}" --show-bin-path)/trellis"
fi

share="$prefix/share"
install -d "$prefix/bin" "$share/man/man1" "$share/bash-completion/completions" \
    "$share/zsh/site-functions" "$share/fish/vendor_completions.d"
install -m 755 "$bin" "$prefix/bin/trellis"
tools/generate-manual "$bin" >"$share/man/man1/trellis.1"
"$bin" --generate-completion-script bash >"$share/bash-completion/completions/trellis"
"$bin" --generate-completion-script zsh >"$share/zsh/site-functions/_trellis"
"$bin" --generate-completion-script fish >"$share/fish/vendor_completions.d/trellis.fish"

echo "Installed $("$prefix/bin/trellis" --version | head -1) in $prefix:"
echo "  $prefix/bin/trellis"
echo "  $share/man/man1/trellis.1"
echo "  $share/bash-completion/completions/trellis, $share/zsh/site-functions/_trellis," \
    "$share/fish/vendor_completions.d/trellis.fish"
