# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# An existing output is never overwritten without --overwrite, and a run
# that fails leaves the earlier output exactly as it was.
. "$(dirname "$0")/lib.sh"
IN="$GEO/real/dvhcvn/hanoi_province.geojson"
echo "earlier result" > "$T/out.sqlite"
echo "earlier geojson" > "$T/out.geojson"
before=$(sha256sum "$T/out.sqlite" "$T/out.geojson")

expect_exit "existing SpatiaLite refused" 6 "output exists.*--overwrite.*out.sqlite" -- \
  "$ZG" areas "$IN" -o "$T/out.sqlite"
expect_exit "existing GeoJSON refused" 6 "output exists.*out.geojson" -- \
  "$ZG" areas "$IN" -o "$T/new.sqlite" --geojson "$T/out.geojson"
expect_eq "no new file from the refused run" "" "$(ls "$T/new.sqlite" 2>/dev/null || true)"
# With --overwrite but a bad input: fails, earlier files intact.
expect_exit "failing run with --overwrite" 3 "no such file" -- \
  "$ZG" areas /nonexistent.geojson -o "$T/out.sqlite" --geojson "$T/out.geojson" --overwrite
expect_eq "earlier outputs untouched" "$before" "$(sha256sum "$T/out.sqlite" "$T/out.geojson")"
# The output directory is read-only: a clear output error.
mkdir "$T/ro" && chmod 555 "$T/ro"
if [[ $(id -u) -ne 0 ]]; then
  expect_exit "read-only directory" 6 "cannot write in the output's directory" -- \
    "$ZG" areas "$IN" -o "$T/ro/x.sqlite"
else
  echo "skip read-only directory check (root ignores permissions)"
fi
# With --overwrite and a good input, both are replaced.
"$ZG" areas "$IN" -o "$T/out.sqlite" --geojson "$T/out.geojson" --overwrite -q
expect_eq "replaced with --overwrite" 1 "$(q "$T/out.sqlite" "SELECT count(*) FROM clusters")"
left=$(find "$T" -name '.zoneguard-tmp-*' | wc -l)
expect_eq "no temporary directory left" 0 "$left"
finish
