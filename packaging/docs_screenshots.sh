#!/bin/bash
# The user guide's pictures of every page and dialog (docs/screenshots/), as a person sees
# them on the most common laptop screen: 1366x768, a window manager drawing the frames.
# Needs Xvfb and openbox (sudo apt-get install xvfb openbox) and the venv
# (packaging/bootstrap.sh). Light in docs/screenshots/, dark in docs/screenshots/dark/.
# Run from anywhere: bash packaging/docs_screenshots.sh [WxH]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
size=${1:-1366x768}
display=:$(( 90 + RANDOM % 100 ))
Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $wm $xvfb 2>/dev/null || true' EXIT
for _ in $(seq 50); do DISPLAY=$display xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
DISPLAY=$display openbox >/dev/null 2>&1 &
wm=$!
sleep 1
for theme in light dark; do
    out="$here/docs/screenshots"
    [ "$theme" = dark ] && out="$out/dark"
    DISPLAY=$display QT_QPA_PLATFORM=xcb "$here/.venv/bin/python" "$here/packaging/take_screenshots.py" --all --theme "$theme" --out "$out"
done
