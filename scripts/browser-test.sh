#!/usr/bin/env bash
# Runs the browser tests of the web call page (Tests/Browser) in headless
# Chromium. Uses kaamos-server when it builds; otherwise, or with
# KAAMOS_BROWSER_MOCK=1, the Python mock server. Extra arguments go to pytest.
# Exit status: pytest's.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"

if [ "${KAAMOS_BROWSER_MOCK:-0}" != "1" ] && [ -z "${KAAMOS_SERVER_COMMAND:-}" ]; then
  if grep -q '"kaamos-server"' Package.swift 2>/dev/null && command -v swift >/dev/null; then
    echo "browser-test: building kaamos-server"
    if ! swift build --product kaamos-server; then
      echo "browser-test: kaamos-server does not build; using the mock server"
      export KAAMOS_BROWSER_MOCK=1
    fi
  else
    echo "browser-test: no kaamos-server product here; using the mock server"
    export KAAMOS_BROWSER_MOCK=1
  fi
fi

status=0
timeout --signal=INT --kill-after=30 "${KAAMOS_BROWSER_TIMEOUT:-900}" \
  .venv/bin/python -m pytest Tests/Browser "$@" || status=$?
if [ "$status" -eq 124 ]; then
  echo "browser-test: time limit of ${KAAMOS_BROWSER_TIMEOUT:-900} s reached"
fi
exit "$status"
