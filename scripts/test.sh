#!/usr/bin/env bash
# Sets up the machine (idempotent) and runs every test: the Swift tests, interop with aiortc, the
# terminal programs in tmux, and the web page in headless Chromium against the real kaamos-server.
# Real-time, terminal and child-process tests (tmux, the built binaries, coturn) run in their own
# pass, one at a time: their waits block threads of the test runner's pool, and the CPU-heavy unit
# tests (100,000-input parser runs) running beside them could starve the network tasks they wait on.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
swift test --skip-build --filter InteropTests
SERIAL='Tmux|EndToEnd|Relayed|TURNCheckTests'
swift test --skip-build --no-parallel --filter "$SERIAL"
swift test --skip-build --parallel --num-workers 2 --skip InteropTests --skip "$SERIAL" "$@"
scripts/browser-test.sh -q
