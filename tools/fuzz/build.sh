#!/usr/bin/env bash
# Builds .build/fuzz/trellis-fuzz: the sources of TrellisCore and tools/fuzz/FuzzEntry.swift as
# one module, with libFuzzer and AddressSanitizer (swiftc -sanitize=fuzzer,address, Linux).
# Rebuilds only when a source is newer than the binary. Prints the binary's path.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH
out=.build/fuzz
binary=$out/trellis-fuzz
mkdir -p "$out"
mapfile -t sources < <(find Sources/TrellisCore -name '*.swift' | sort)
sources+=(tools/fuzz/FuzzEntry.swift)
if [[ -x $binary ]] && [[ -z $(find "${sources[@]}" -newer "$binary" | head -1) ]]; then
    echo "$binary"
    exit 0
fi
start=$(date +%s)
nice swiftc -sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g \
    -module-name TrellisCore "${sources[@]}" -o "$binary.tmp" 2> >(grep -v 'Cannot export local symbol' >&2)
mv "$binary.tmp" "$binary"
echo "built in $(($(date +%s) - start)) s" >&2
echo "$binary"
