#!/usr/bin/env bash
# Renders the PNG sizes of the app icon from its SVG, in the hicolor theme layout that
# desktops look in. Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/.."
id=io.github.stretchdesk.StretchDesk
svg=resources/icons/hicolor/scalable/apps/$id.svg
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "resources/icons/hicolor/${size}x${size}/apps"
    rsvg-convert -w "$size" -h "$size" "$svg" -o "resources/icons/hicolor/${size}x${size}/apps/$id.png"
done
