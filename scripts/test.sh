#!/usr/bin/env bash
# Sets up the machine (idempotent) and runs every test: the Swift tests, interop with aiortc, the
# terminal programs in tmux, the web page in headless Chromium and Firefox against the real
# kaamos-server, and the probe against Janus's EchoTest.
#
# Two passes that never overlap:
# - the sans-IO engines (virtual clocks and simulated networks, the 100,000-input parser runs):
#   CPU-heavy and timing-free, so they run in parallel;
# - everything that runs in real time (sockets, threads, servers, child processes, tmux, aiortc):
#   one test at a time, so no test's timers starve behind another's CPU or blocking waits.
# Extra arguments go to both `swift test` runs (e.g. --filter).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests

SANS_IO='^(RTCBaseTests|RTCSDPTests|RTCSTUNTests|RTCICETests|RTCTURNTests|RTCSecurityTests|RTCMediaTests|RTCCongestionTests|RTCTests|LinkEmulationTests|KaamosWireTests)\.'
started=$(date +%s)
swift test --skip-build --parallel --num-workers 2 --filter "$SANS_IO" "$@"
echo "test: sans-IO pass took $(( $(date +%s) - started )) s"
started=$(date +%s)
swift test --skip-build --no-parallel --skip "$SANS_IO" "$@"
echo "test: real-time pass took $(( $(date +%s) - started )) s"
scripts/browser-test.sh -q
# Janus reads RTCP strictly (one m-line per compound, feedback from the right SSRC): the probe
# against its EchoTest, with injected loss, must get its NACKs and PLIs answered.
timeout --signal=INT --kill-after=30 600 .venv/bin/python -m pytest Tests/Janus -q
