#!/usr/bin/env bash
# The CPU cost per packet of congestion control (estimator, pacer), built with -O:
#   scripts/congestion-bench.sh
# Compiles RTCBase, RTCMedia and RTCCongestion with Benchmarks/CongestionBench.swift as one module
# (the way scripts/fuzz.sh builds its targets), so it needs no package build.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s globstar nullglob
out=.build/congestion-bench
rm -rf "$out" && mkdir -p "$out/src"
for source in Sources/RTCBase/**/*.swift Sources/RTCMedia/**/*.swift Sources/RTCCongestion/**/*.swift; do
  sed -E '/^import (RTCBase|RTCMedia|RTCCongestion)$/d' "$source" > "$out/src/$(echo "${source#Sources/}" | tr / _)"
done
export PATH="/opt/swift/usr/bin:$PATH"
swiftc -O -parse-as-library -module-name CongestionBench "$out"/src/*.swift Benchmarks/CongestionBench.swift -lm -o "$out/bench"
"$out/bench"
