#!/usr/bin/env bash
# Network benchmark (issue 13): our client and Chromium in the same "seat" behind an emulated
# link, side by side, for each case of the issue's Targets list. Needs root and /dev/net/tun
# (network namespaces and TUN devices; no sch_netem needed), takes minutes, and is not part of
# scripts/test.sh or CI.
#
#   sudo scripts/network-bench.sh                          # every case, 60 s each, ours and chromium
#   sudo scripts/network-bench.sh --duration 20            # shorter runs
#   sudo scripts/network-bench.sh --case uplink-500k       # one case (repeatable):
#        uplink-500k | downlink-500k | rtt100-loss3 | step-2m-300k
#   sudo scripts/network-bench.sh --clients ours           # only kaamos-tui (no Chromium/selenium needed)
#   sudo scripts/network-bench.sh --seat 2 --out /tmp/nb   # namespace kaamos-seat-2 (10.77.2.0/30), other output dir
#
# Each run: Tests/Network/linkemu.py makes namespace kaamos-seat-N joined to the host by two TUN
# devices (host 10.77.N.1, seat 10.77.N.2) and emulates the case's link; kaamos-server runs on the
# host (--host 0.0.0.0 --media-address 10.77.N.1); a far-side `kaamos-tui probe --peers 1 --json`
# joins from the host; then the seat joins the same room: `kaamos-tui probe --peers 1 --json`
# ("ours") or headless Chromium through the server's web page ("chromium", fake camera and
# microphone). Both sides publish, so every case measures the seat as sender and as receiver.
# A table per case (metric | ours | chromium) is printed; everything goes to
# Tests/Network/artifacts/: network-bench.json, network-bench.md, and per run the emulator's
# counters, the server's log and both sides' reports.
#
# Environment: KAAMOS_BIN_DIR (default .build/release when it has kaamos-server, else
# .build/debug; nothing is built here), KAAMOS_PYTHON (a Python with selenium for the Chromium
# runs; default .venv/bin/python, made by scripts/setup.sh), KAAMOS_CHROMIUM, KAAMOS_CHROMEDRIVER.
# Exit status: 0 when every run was attempted (figures are not judged), 69 when this machine
# cannot run it (not root, no /dev/net/tun, binaries missing), 130 when interrupted.
set -euo pipefail
cd "$(dirname "$0")/.."

python="${KAAMOS_PYTHON:-}"
if [ -z "$python" ]; then
  if [ -x .venv/bin/python ]; then python=.venv/bin/python; else python=python3; fi
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "network-bench: needs root (network namespaces and TUN devices)" >&2
  exit 69
fi
exec "$python" Tests/Network/bench.py --python "$python" "$@"
