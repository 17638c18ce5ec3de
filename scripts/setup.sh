#!/usr/bin/env bash
# Installs everything kaamos-tui needs to build and test on a fresh Debian machine.
# Idempotent: a second run installs nothing and takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  pkg-config libncursesw5-dev libssl-dev libsrtp2-dev libopus-dev libasound2-dev
  libv4l-dev libvpx-dev libopenh264-dev
  tmux python3-venv
  coturn
  janus
  chromium chromium-driver
  firefox-esr
)

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # coturn is here for turn-check's tests, which start their own turnserver on loopback ports.
  # Its package may enable and start a system service; one this script installed is stopped and
  # disabled again (an existing installation is left alone), and nothing depends on it running.
  if [[ " ${missing[*]} " == *" coturn "* ]] && command -v systemctl >/dev/null 2>&1 \
     && systemctl is-enabled coturn >/dev/null 2>&1; then
    $SUDO systemctl disable --now coturn >/dev/null 2>&1 || true
  fi
  # janus (Meetecho's gateway) is here for the interop tests in Tests/Janus, which start their own
  # janus with a temporary configuration folder; its system service is stopped and disabled the same way.
  if [[ " ${missing[*]} " == *" janus "* ]] && command -v systemctl >/dev/null 2>&1 \
     && systemctl is-enabled janus >/dev/null 2>&1; then
    $SUDO systemctl disable --now janus >/dev/null 2>&1 || true
  fi
fi

# Test peers (aiortc) live in a project-local virtualenv, pinned.
VENV=.venv
PY_REQUIREMENTS=scripts/requirements-test.txt
stamp="$VENV/.installed-$(sha256sum "$PY_REQUIREMENTS" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "setup: preparing $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$PY_REQUIREMENTS"
  touch "$stamp"
fi
echo "setup: ready"
