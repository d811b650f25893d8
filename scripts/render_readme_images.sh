#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# render_readme_images.sh [BUILD_DIR]: render the images the README shows
# from a fresh run of the bundled demo, into geodata/screens/ (each one
# is described in geodata/screens/PROVENANCE.md). Needs a build (default
# build/), poppler-utils (pdftoppm, pdftotext) and, to shrink the PNGs,
# optipng if present.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
[[ $BUILD == /* ]] || BUILD="$ROOT/$BUILD"
ZG="$BUILD/zoneguard"
OUT="$ROOT/geodata/screens"
TMP=$(mktemp -d /tmp/zg_screens_XXXXXX)
trap 'rm -rf "$TMP"' EXIT
"$ZG" run "$ROOT/geodata/demo/hanoi.scenario" -o "$TMP/run" -q

# One page of the atlas: proposal DX-04, which fails (housing inside and
# too close), with its evidence, rings and verdicts; 150 dpi.
page() { # page PDF ID: the page that shows ID
  local n
  n=$(pdfinfo "$1" | awk '/^Pages:/ {print $2}')
  for ((i = 1; i <= n; i++)); do
    if pdftotext -f "$i" -l "$i" "$1" - | grep -q "^Mã: $2\$"; then
      echo "$i"; return
    fi
  done
  echo "no page shows $2" >&2; return 1
}
p=$(page "$TMP/run/atlas.pdf" DX-04)
pdftoppm -r 150 -f "$p" -l "$p" -png -singlefile "$TMP/run/atlas.pdf" "$OUT/atlas_page"
if command -v optipng >/dev/null; then optipng -quiet -o2 "$OUT/atlas_page.png"; fi
echo "wrote $OUT/atlas_page.png (atlas page $p)"
