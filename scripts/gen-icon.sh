#!/bin/sh
# media/icon.png (the manifest's icon: VS Code takes PNG only) from media/icon.svg, 128x128.
# Needs rsvg-convert (Debian: apt-get install librsvg2-bin). Usage: sh scripts/gen-icon.sh
set -e
cd "$(dirname "$0")/.."
rsvg-convert --width 128 --height 128 --format png --output media/icon.png media/icon.svg
