#!/usr/bin/env bash
# Runs the browser tests of the web call page (Tests/Browser) in headless Chromium against the
# real kaamos-server, which it builds first: a server that does not build fails the run (nothing
# stands in for it). KAAMOS_SERVER_COMMAND runs another server; KAAMOS_BROWSER_MOCK=1 asks for the
# Python mock of a core-only server. Extra arguments go to pytest. Exit status: pytest's.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"

if [ "${KAAMOS_BROWSER_MOCK:-0}" != "1" ] && [ -z "${KAAMOS_SERVER_COMMAND:-}" ]; then
  echo "browser-test: building kaamos-server"
  swift build --product kaamos-server
fi

status=0
timeout --signal=INT --kill-after=30 "${KAAMOS_BROWSER_TIMEOUT:-900}" \
  .venv/bin/python -m pytest Tests/Browser "$@" || status=$?
if [ "$status" -eq 124 ]; then
  echo "browser-test: time limit of ${KAAMOS_BROWSER_TIMEOUT:-900} s reached"
fi
exit "$status"
