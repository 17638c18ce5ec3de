#!/usr/bin/env bash
# Escape bytes per frame of our renderer (160x45 half blocks, truecolor, diffed) against mpv's
# --vo=tct on the same synthetic talking-head clip. tct redraws every cell of every frame.
# Needs mpv (apt-get install -y mpv) and script(1) from util-linux, which gives mpv a pty.
# Usage: scripts/compare-tct.sh [frames]   (default 90)
set -euo pipefail
cd "$(dirname "$0")/.."
frames="${1:-90}"
export PATH="/opt/swift/usr/bin:$PATH"
command -v mpv >/dev/null || { echo "mpv is not installed (apt-get install -y mpv)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The test writes the clip as Y4M and our own figures (default tolerance, tolerance 0) beside it.
KAAMOS_TCT_CLIP="$work/clip.y4m" KAAMOS_TCT_FRAMES="$frames" \
    swift test --filter RenderBenchmarkTests/exportsTheClipAsY4M >"$work/test.log" 2>&1 \
    || { cat "$work/test.log" >&2; exit 1; }
read -r ours exact < "$work/clip.y4m.ours"

# --untimed and --framedrop=no make mpv draw every frame as fast as it can.
script -q -c "stty cols 160 rows 46; mpv --no-config --vo=tct --vo-tct-width=160 --vo-tct-height=45 \
    --really-quiet --no-audio --untimed --framedrop=no '$work/clip.y4m'" "$work/tct.bin" >/dev/null

python3 - "$work/tct.bin" "$frames" "$ours" "$exact" <<'PY'
import re, sys
data = open(sys.argv[1], 'rb').read()
# Drop script(1)'s own "Script started/done" lines around the terminal output.
start = data.index(b'\n') + 1
end = data.rfind(b'\nScript done')
body = data[start:end if end > 0 else len(data)]
rows = re.findall(rb'\x1b\[(\d+);\d+f', body)
drawn = sum(1 for row in rows if row == b'44')  # the last row is drawn once per frame
frames, ours, exact = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
tct = len(body) / max(1, drawn)
print(f"frames: {frames} (tct drew {drawn})")
print(f"tct:  {tct:10.0f} bytes/frame")
print(f"ours: {ours:10.0f} bytes/frame after the first (tolerance 6), {ours / tct:.1%} of tct")
print(f"ours: {exact:10.0f} bytes/frame after the first (tolerance 0), {exact / tct:.1%} of tct")
PY
