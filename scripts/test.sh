#!/usr/bin/env bash
# Sets up the machine (idempotent) and runs every test: the Swift tests, interop with aiortc, and
# the web page in headless Chromium against the real kaamos-server.
# The real-time interop tests run first on their own, so the CPU-heavy unit tests (100,000-input
# parser runs) cannot starve their media timing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
swift test --skip-build --filter InteropTests
swift test --skip-build --parallel --num-workers 2 --skip InteropTests "$@"
scripts/browser-test.sh -q
