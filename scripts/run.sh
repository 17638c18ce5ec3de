#!/usr/bin/env bash
# Sets up the machine (idempotent), builds kaamos-tui in release mode and runs the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product kaamos-tui
exec .build/release/kaamos-tui "${@:-demo}"
