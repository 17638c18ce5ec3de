#!/usr/bin/env bash
# Sets up the machine (idempotent) and runs every test, interop with aiortc included.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
swift test --skip-build --parallel --num-workers 2 "$@"
