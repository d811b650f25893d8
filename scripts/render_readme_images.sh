#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# render_readme_images.sh [BUILD_DIR]: the pictures README.md shows of
# what a planner gets, rendered from the bundled demo run into
# geodata/screens/ (PROVENANCE.md there says which line made which):
#   report_summary.png  the report's first printed page, the summary:
#                       report.html printed by headless Chromium, page 1
#                       rasterised by pdftoppm at 100 dpi;
#   atlas_page.png      the atlas page of proposal DX-04, which fails
#                       (housing inside and too close), at 150 dpi.
# Needs a build (default build/), chromium and poppler-utils
# (scripts/install_deps.sh --tests), optipng if present to shrink the
# PNGs. Same demo, same pictures, but for the dates printed on them.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
[[ $BUILD == /* ]] || BUILD="$ROOT/$BUILD"
ZG="$BUILD/zoneguard"
OUT="$ROOT/geodata/screens"
[[ -x $ZG ]] || { echo "no $ZG: build first (bash scripts/build.sh)" >&2; exit 2; }
CHROMIUM=$(command -v chromium || command -v chromium-browser) ||
  { echo "chromium is not installed" >&2; exit 2; }
T=$(mktemp -d /tmp/zg_screens_XXXXXX)
trap 'rm -rf "$T"' EXIT
ZG_DATA_DIR="$ROOT/geodata" "$ZG" run "$ROOT/geodata/demo/hanoi.scenario" -o "$T/run" -q

# pdf HTML PDF: headless Chromium's print of a page.
pdf() {
  timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$T/profile" --no-pdf-header-footer --print-to-pdf="$2" \
    "file://$1" > /dev/null 2>&1
}

pdf "$T/run/report.html" "$T/report.pdf"
pdftoppm -png -r 100 -f 1 -l 1 -singlefile "$T/report.pdf" "$OUT/report_summary"
if command -v optipng > /dev/null; then optipng -quiet -o2 "$OUT/report_summary.png"; fi
echo "wrote $OUT/report_summary.png"

# page PDF ID: the atlas page that shows ID
page() {
  local n
  n=$(pdfinfo "$1" | awk '/^Pages:/ {print $2}')
  for ((i = 1; i <= n; i++)); do
    if pdftotext -f "$i" -l "$i" "$1" - | grep -q "^Mã: $2\$"; then
      echo "$i"; return
    fi
  done
  echo "no page shows $2" >&2; return 1
}
p=$(page "$T/run/atlas.pdf" DX-04)
pdftoppm -r 150 -f "$p" -l "$p" -png -singlefile "$T/run/atlas.pdf" "$OUT/atlas_page"
if command -v optipng >/dev/null; then optipng -quiet -o2 "$OUT/atlas_page.png"; fi
echo "wrote $OUT/atlas_page.png (atlas page $p)"
