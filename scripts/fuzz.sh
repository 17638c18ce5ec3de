#!/usr/bin/env bash
# Builds and runs one libFuzzer target: scripts/fuzz.sh NAME [SECONDS]
#   NAME is a file Fuzz/NAME.swift; its first line names the modules it needs:
#   // modules: RTCBase RTCSDP
# The modules' sources and the target are compiled as one module with -sanitize=fuzzer,address,
# so a target calls the parser directly, without `import`. Crashes land in Fuzz/out/NAME/.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/fuzz.sh NAME [SECONDS]   (NAME: $(ls Fuzz/*.swift | xargs -n1 basename | sed 's/.swift$//' | tr '\n' ' '))}
seconds=${2:-60}
target=Fuzz/$name.swift
[ -f "$target" ] || { echo "fuzz: no $target" >&2; exit 2; }
modules=$(sed -n '1s|^// modules:||p' "$target")
[ -n "$modules" ] || { echo "fuzz: $target must start with '// modules: ...'" >&2; exit 2; }
sources=()
for module in $modules; do sources+=(Sources/"$module"/*.swift Sources/"$module"/**/*.swift); done
shopt -s nullglob globstar
sources=()
for module in $modules; do sources+=(Sources/"$module"/**/*.swift); done
out=Fuzz/out/$name
mkdir -p "$out" "Fuzz/corpus/$name"
# One module cannot import its own parts: copy the sources without `import <listed module>`, and
# give swiftc the module maps of the C system libraries they import (their link lines autolink).
rm -rf "$out/src" && mkdir -p "$out/src"
copies=() includes=()
for source in "${sources[@]}"; do
  copy="$out/src/$(echo "${source#Sources/}" | tr / _)"
  sed -E "/^import ($(echo $modules | tr ' ' '|'))\$/d" "$source" > "$copy"
  copies+=("$copy")
done
for c in $(sed -n -E 's/^import (C[A-Za-z0-9]+)$/\1/p' "${copies[@]}" | sort -u); do includes+=(-I "Sources/$c"); done
export PATH="/opt/swift/usr/bin:$PATH"
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name FuzzTarget "${includes[@]}" \
  "${copies[@]}" "$target" -o "$out/fuzzer" 2> >(grep -v 'Cannot export local symbol' >&2)
cd "$out"
exec ./fuzzer -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 "../../corpus/$name"
